//! The envelope every upstream answer comes in, the paging blocks, and the one decoding
//! entry point that copes with every spelling the upstream uses.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// The code the upstream uses for success.
pub const SUCCESS_CODE: &str = "0000";

/// `{"code","data","message","success"}` around every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Envelope<T> {
    /// `"0000"` on success; anything else names the failure.
    #[serde(with = "crate::lenient::opt_text_required")]
    pub code: String,
    /// The business payload; `null` for mutations that return nothing. A refusal's `data`
    /// is sometimes `""` or a sentence: whatever cannot be read as `T` reads as `None`, so
    /// the envelope (and its `message`) is still read (see [`lenient_data`]).
    #[serde(default = "none", deserialize_with = "lenient_data")]
    pub data: Option<T>,
    /// A message in words (sometimes not in English).
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub message: String,
    /// Whether the call succeeded.
    #[serde(default, deserialize_with = "crate::lenient::flag::deserialize")]
    pub success: bool,
}

fn none<T>() -> Option<T> {
    None
}

/// Reads `data` as `T` when it is an object or an array (the payloads every operation
/// has), and tries a string, number or boolean as `T` too; a scalar that is not a `T`
/// (`""`, `"error"`, `0` where an object belongs) reads as `None` instead of failing the
/// whole envelope. Objects and arrays are handed to `T` as they stream by, so a large page
/// is not buffered first; one that is not a `T` still fails, as it always did.
fn lenient_data<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    d.deserialize_any(DataVisitor(PhantomData))
}

struct DataVisitor<T>(PhantomData<T>);

impl<T> DataVisitor<T> {
    /// `T` from a scalar, or `None` when the scalar is not a `T` (nothing else was read).
    fn scalar<'de, E: de::Error>(value: impl IntoDeserializer<'de, E>) -> Option<T>
    where
        T: Deserialize<'de>,
    {
        T::deserialize(value.into_deserializer()).ok()
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for DataVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the answer's data")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        Ok(Self::scalar::<E>(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.visit_str(&v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Self::scalar::<E>(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::scalar::<E>(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Self::scalar::<E>(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::scalar::<E>(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<T> Envelope<T> {
    /// A successful answer carrying `data`.
    pub fn ok(data: T) -> Self {
        Envelope {
            code: SUCCESS_CODE.into(),
            data: Some(data),
            message: "success".into(),
            success: true,
        }
    }

    /// A successful answer with `data: null`, as mutations return.
    pub fn ok_empty() -> Self {
        Envelope {
            code: SUCCESS_CODE.into(),
            data: None,
            message: "Success".into(),
            success: true,
        }
    }

    /// A failed answer with the upstream's code and message.
    pub fn fail(code: impl Into<String>, message: impl Into<String>) -> Self {
        Envelope {
            code: code.into(),
            data: None,
            message: message.into(),
            success: false,
        }
    }

    /// Whether the upstream said the call succeeded.
    pub fn is_success(&self) -> bool {
        self.code == SUCCESS_CODE
    }

    /// The payload of a successful answer, or the upstream's refusal as an error.
    pub fn into_result(self) -> Result<Option<T>, UpstreamRefusal> {
        if self.is_success() {
            Ok(self.data)
        } else {
            Err(UpstreamRefusal {
                code: self.code,
                message: self.message,
            })
        }
    }
}

/// The upstream answered, but said no.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the platform refused the request: {message} (code {code})")]
pub struct UpstreamRefusal {
    /// The upstream's code.
    pub code: String,
    /// The upstream's message.
    pub message: String,
}

/// The `page` block of syncPackages and queryOrder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// The page this answer holds, from 1.
    #[serde(default, with = "crate::lenient::num")]
    pub cur_page_no: u64,
    /// Items per page.
    #[serde(default, with = "crate::lenient::num")]
    pub page_size: u64,
    /// Items across all pages.
    #[serde(default, with = "crate::lenient::num")]
    pub total_count: u64,
    /// Number of pages.
    #[serde(default, with = "crate::lenient::num")]
    pub total_pages: u64,
}

impl PageInfo {
    /// The block for page `page_no` of `total_count` items, `page_size` a page.
    pub fn new(page_no: u64, page_size: u64, total_count: u64) -> PageInfo {
        let total_pages = if page_size == 0 {
            0
        } else {
            total_count.div_ceil(page_size)
        };
        PageInfo {
            cur_page_no: page_no,
            page_size,
            total_count,
            total_pages,
        }
    }
}

/// Why an upstream body could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the platform's answer could not be read: {0}")]
pub struct DecodeError(#[from] serde_json::Error);

/// Decodes an upstream body. Tries the fast direct path first; when that fails (two
/// spellings of one field side by side, an unexpected case), decodes again after folding
/// every key to snake_case, so any spelling the upstream uses is read.
///
/// The folded answer is written out and read as text again rather than read from the
/// `serde_json::Value`: a `Value` reader would compile a second copy of every answer type's
/// decoder into the browser app's wasm, for a path that only odd spellings take. Writing a
/// `Value` gives back the same strings and numbers (floats round-trip exactly).
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
    match serde_json::from_str(body) {
        Ok(v) => Ok(v),
        Err(first) => {
            let value: serde_json::Value = serde_json::from_str(body).map_err(|_| first)?;
            let folded = serde_json::to_string(&crate::lenient::normalize_keys(value))?;
            Ok(serde_json::from_str(&folded)?)
        }
    }
}

/// [`decode`] from bytes. A body that is UTF-8 throughout (every answer the platform
/// sends) is checked once, in bulk, and read as text: serde_json reading bytes checks each
/// string it returns on its own, which cost the CDR decode more than a tenth of its time.
/// Any other body is read as bytes, as before (a stray byte in a value nobody reads does
/// not fail the answer).
pub fn decode_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    if let Ok(text) = std::str::from_utf8(body) {
        return decode(text);
    }
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(first) => {
            let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| first)?;
            Ok(serde_json::from_value(crate::lenient::normalize_keys(
                value,
            ))?)
        }
    }
}
