//! [`CdrRecord`]'s `Deserialize`, written by hand: the SPA decodes a hundred thousand
//! records for a long range, and serde's derive spent its time matching eleven field names
//! as strings and carrying an `Option` per field. Each field is read as the lenient
//! adapter the derive used read it (text into a [`ShortText`]), so what a record decodes to (numbers as strings, `null`, `""`,
//! missing fields, a field given twice, the record as an array) is unchanged; the test
//! `tests/cdr_record_decode.rs` holds it against the derived decoder it replaces.

use super::CdrRecord;
use crate::lenient;
use crate::short_text::ShortText;
use crate::units::Bytes;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The record's fields in declaration order (serde's names for them).
pub(super) const FIELDS: &[&str] = &[
    "data",
    "imsi",
    "mcc",
    "mnc",
    "msisdn",
    "network",
    "plan_id",
    "session_ended_at",
    "session_started_at",
    "sim_id",
    "duration",
];

/// A key of the record's object: a field's index in [`FIELDS`], or [`OTHER`].
type Field = usize;

/// A key that is not a field (read and ignored).
const OTHER: Field = FIELDS.len();

/// The field a key names: compared by length first, then by bytes.
#[inline]
fn field(key: &[u8]) -> Field {
    let is = |i: Field| {
        if key == FIELDS[i].as_bytes() {
            i
        } else {
            OTHER
        }
    };
    match (key.len(), key.first()) {
        (4, Some(b'd')) => is(0),
        (4, _) => is(1),
        (3, Some(_)) if key.get(1) == Some(&b'c') => is(2),
        (3, _) => is(3),
        (6, Some(b'm')) => is(4),
        (6, _) => is(9),
        (7, Some(b'n')) => is(5),
        (7, _) => is(6),
        (16, _) => is(7),
        (18, _) => is(8),
        (8, _) => is(10),
        _ => OTHER,
    }
}

/// Reads a key as a [`Field`].
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Field;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
        Ok(usize::try_from(v).map_or(OTHER, |i| i.min(OTHER)))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(field(v.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Field, E> {
        Ok(field(v))
    }
}

/// A `DeserializeSeed` for one of [`crate::lenient`]'s adapters.
macro_rules! adapter {
    ($name:ident, $ty:ty, $read:path) => {
        struct $name;

        impl<'de> DeserializeSeed<'de> for $name {
            type Value = $ty;

            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$ty, D::Error> {
                $read(d)
            }
        }
    };
}

adapter!(Text, ShortText, required_text);
adapter!(OptText, Option<ShortText>, lenient::short_text);
adapter!(
    Time,
    Option<crate::time::CmpTime>,
    lenient::opt_str::deserialize
);
adapter!(Count, Option<u64>, lenient::opt_num::deserialize);
adapter!(Volume, Bytes, Bytes::deserialize);

/// `lenient::opt_text_required` into a [`ShortText`]: `null` and missing read as empty.
fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<ShortText, D::Error> {
    Ok(lenient::short_text(d)?.unwrap_or_default())
}

/// Reads one field's value into `record`, with the adapter the field was declared with.
fn read_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    field: Field,
    r: &mut CdrRecord,
) -> Result<(), A::Error> {
    match field {
        0 => r.data = map.next_value_seed(Volume)?,
        1 => r.imsi = map.next_value_seed(Text)?,
        2 => r.mcc = map.next_value_seed(Text)?,
        3 => r.mnc = map.next_value_seed(Text)?,
        4 => r.msisdn = map.next_value_seed(OptText)?,
        5 => r.network = map.next_value_seed(Text)?,
        6 => r.plan_id = map.next_value_seed(OptText)?,
        7 => r.session_ended_at = map.next_value_seed(Time)?,
        8 => r.session_started_at = map.next_value_seed(Time)?,
        9 => r.sim_id = map.next_value_seed(Text)?,
        10 => r.duration = map.next_value_seed(Count)?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// Reads the next element of an array-shaped record with `seed`; a field after the end of
/// the array keeps its default, except `data`, which serde's derive required.
fn element<'de, A: SeqAccess<'de>, S: DeserializeSeed<'de>>(
    seq: &mut A,
    index: usize,
    seed: S,
) -> Result<Option<S::Value>, A::Error> {
    let value = seq.next_element_seed(seed)?;
    if value.is_none() && index == 0 {
        return Err(de::Error::invalid_length(
            0,
            &"struct CdrRecord with 11 elements",
        ));
    }
    Ok(value)
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = CdrRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct CdrRecord")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CdrRecord, A::Error> {
        let mut record = CdrRecord::default();
        let mut seen = 0u16;
        while let Some(field) = map.next_key_seed(Key)? {
            if field != OTHER {
                let bit = 1 << field;
                if seen & bit != 0 {
                    return Err(de::Error::duplicate_field(FIELDS[field]));
                }
                seen |= bit;
            }
            read_field(&mut map, field, &mut record)?;
        }
        Ok(record)
    }

    /// As serde's derive reads a struct given as an array: the fields in order.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CdrRecord, A::Error> {
        let mut r = CdrRecord::default();
        let mut more = true;
        // Each element is read only while the array lasts, as the derive does.
        macro_rules! next {
            ($index:expr, $seed:expr, $slot:expr) => {
                if more {
                    match element(&mut seq, $index, $seed)? {
                        Some(v) => $slot = v,
                        None => more = false,
                    }
                }
            };
        }
        next!(0, Volume, r.data);
        next!(1, Text, r.imsi);
        next!(2, Text, r.mcc);
        next!(3, Text, r.mnc);
        next!(4, OptText, r.msisdn);
        next!(5, Text, r.network);
        next!(6, OptText, r.plan_id);
        next!(7, Time, r.session_ended_at);
        next!(8, Time, r.session_started_at);
        next!(9, Text, r.sim_id);
        next!(10, Count, r.duration);
        let _ = more;
        Ok(r)
    }
}

impl<'de> Deserialize<'de> for CdrRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("CdrRecord", FIELDS, RecordVisitor)
    }
}
