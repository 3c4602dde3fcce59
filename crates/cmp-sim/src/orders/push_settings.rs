//! How pushes go out, as a real platform may send them: the body's encoding (the spec names
//! no content type, only "parameters in the request Body", so JSON and a form are both
//! fair readings) and how many times an acknowledged push is delivered again (a platform
//! whose acknowledgement got lost sends the same push again). Set from `--push-encoding`
//! and `--push-redeliver` at start and changed at run time through `/_sim/pushes/settings`.

use cmp_api::OrderStatusPush;
use serde::{Deserialize, Serialize};

/// The most redeliveries a push may get: redeliveries go out before the next push, so a
/// mistyped huge count would hold every later push back for good.
pub const MAX_REDELIVERIES: u32 = 1000;

/// The body a push is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PushEncoding {
    /// `application/json`: `{"assetid":…,"imsi":…,"operation":…,"orderid":…,"time":…}`.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`: `assetid=…&imsi=…&operation=…&orderid=…&time=…`.
    Form,
}

impl PushEncoding {
    /// The `Content-Type` header for this encoding.
    pub fn content_type(self) -> &'static str {
        match self {
            PushEncoding::Json => "application/json",
            PushEncoding::Form => "application/x-www-form-urlencoded",
        }
    }

    /// `push` encoded as the body of the POST. The form has the spec's five fields in the
    /// spec's order, every value as text (the operation as its code).
    pub fn body(self, push: &OrderStatusPush) -> Vec<u8> {
        match self {
            // A struct of strings always serialises.
            PushEncoding::Json => serde_json::to_vec(push).unwrap_or_default(),
            PushEncoding::Form => form_urlencoded::Serializer::new(String::new())
                .append_pair("assetid", &push.assetid)
                .append_pair("imsi", &push.imsi)
                .append_pair("operation", push.operation.code())
                .append_pair("orderid", &push.orderid)
                .append_pair("time", &push.time.to_string())
                .finish()
                .into_bytes(),
        }
    }
}

impl std::fmt::Display for PushEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PushEncoding::Json => "json",
            PushEncoding::Form => "form",
        })
    }
}

/// Why a push encoding could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("push encoding {0:?} is not known: use json or form")]
pub struct BadPushEncoding(pub String);

impl std::str::FromStr for PushEncoding {
    type Err = BadPushEncoding;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(PushEncoding::Json),
            "form" => Ok(PushEncoding::Form),
            _ => Err(BadPushEncoding(text.to_owned())),
        }
    }
}

/// The push settings in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PushSettings {
    /// The body's encoding, read at every attempt (a change applies to the next one).
    pub encoding: PushEncoding,
    /// How many more times a push is delivered after it is first acknowledged; read when
    /// it is acknowledged.
    pub redeliveries: u32,
}

/// A change to the settings (`POST /_sim/pushes/settings`): the fields given replace the
/// current ones. Unknown fields are refused so that a typo does not silently do nothing.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushSettingsChange {
    /// A new encoding.
    pub encoding: Option<PushEncoding>,
    /// A new redelivery count.
    pub redeliveries: Option<u32>,
}

impl PushSettings {
    /// These settings with `change` applied.
    pub fn with(self, change: PushSettingsChange) -> PushSettings {
        PushSettings {
            encoding: change.encoding.unwrap_or(self.encoding),
            redeliveries: change.redeliveries.unwrap_or(self.redeliveries),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmp_api::{CmpTime, PushOperation};

    fn push() -> OrderStatusPush {
        OrderStatusPush {
            assetid: "89852420180910344720".into(),
            imsi: "204046990912345,204046990912346".into(),
            operation: PushOperation::TerminatedEarly,
            orderid: "L201901290000000533".into(),
            time: "2019-10-16 12:34:54".parse::<CmpTime>().unwrap(),
        }
    }

    #[test]
    fn form_bodies_have_the_five_fields_in_the_spec_order() {
        let body = String::from_utf8(PushEncoding::Form.body(&push())).unwrap();
        assert_eq!(
            body,
            "assetid=89852420180910344720&imsi=204046990912345%2C204046990912346&operation=1001&orderid=L201901290000000533&time=2019-10-16+12%3A34%3A54"
        );
    }

    #[test]
    fn json_bodies_are_the_spec_example_shape() {
        let body: serde_json::Value =
            serde_json::from_slice(&PushEncoding::Json.body(&push())).unwrap();
        assert_eq!(body["operation"], "1001");
        assert_eq!(body["time"], "2019-10-16 12:34:54");
        assert_eq!(body.as_object().unwrap().len(), 5);
    }

    #[test]
    fn encodings_read_from_text() {
        assert_eq!("form".parse(), Ok(PushEncoding::Form));
        assert_eq!(" JSON ".parse(), Ok(PushEncoding::Json));
        assert!("xml".parse::<PushEncoding>().is_err());
        assert_eq!(PushEncoding::Form.to_string(), "form");
    }

    #[test]
    fn a_change_replaces_only_what_it_names() {
        let s = PushSettings::default().with(PushSettingsChange {
            redeliveries: Some(2),
            ..PushSettingsChange::default()
        });
        assert_eq!((s.encoding, s.redeliveries), (PushEncoding::Json, 2));
        let s = s.with(PushSettingsChange {
            encoding: Some(PushEncoding::Form),
            redeliveries: None,
        });
        assert_eq!((s.encoding, s.redeliveries), (PushEncoding::Form, 2));
    }
}
