//! The `--config FILE`: a TOML table whose keys are the settings' environment names in lower
//! case without `CMP_` (`listen = "0.0.0.0:8080"`, `allowed_origins = ["https://a"]`).

use super::ConfigError;
use std::collections::HashMap;

/// The TOML file's settings by environment name; `names` are the known environment names
/// (file keys are the same in lower case without `CMP_`).
pub(super) fn values(
    text: &str,
    names: impl Iterator<Item = &'static str> + Clone,
) -> Result<HashMap<&'static str, String>, ConfigError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File(e.message().to_owned()))?;
    let mut out = HashMap::new();
    for (key, value) in table {
        let name = names
            .clone()
            .find(|n| n[4..].eq_ignore_ascii_case(&key))
            .ok_or_else(|| ConfigError::File(format!("unknown setting `{key}`")))?;
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| ConfigError::File(format!("`{key}` must list strings")))
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            _ => {
                return Err(ConfigError::File(format!(
                    "`{key}` must be a string, a number or true/false"
                )));
            }
        };
        out.insert(name, text);
    }
    Ok(out)
}
