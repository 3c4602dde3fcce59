//! One pass over a CDR answer's bytes for the shapes the platform sends: objects whose keys
//! are the known fields (each once), values that are strings without escapes, unsigned
//! integers, `null` (and `true`/`false` for the envelope's `success`). Anything else (an
//! escape, a float, a negative or huge number, an unknown or repeated key, a nested value)
//! makes it give up, and [`decode_cdr_answer`] reads the answer with the serde path. Where
//! it does not give up it builds exactly what the serde path builds: every value goes
//! through the same lenient rules (trimming, `""` and `null` as absent, numbers as text).
//! `tests/cdr_fast_path.rs` holds the two together. Serde's visitor chain cost the CDR
//! decode about twice serde_json's scan of the same bytes; this costs about the scan.

mod keys;

use super::decode::FIELDS;
use super::{CdrPage, CdrRecord, CdrStatus};
use crate::envelope::{DecodeError, Envelope, decode_slice};
use crate::lenient::trim;
use crate::short_text::ShortText;
use crate::units::Bytes;
use keys::PATTERNS;

/// A CDR answer (`Envelope<CdrPage>`) from its bytes, as [`decode_slice`] reads it.
pub fn decode_cdr_answer(body: &[u8]) -> Result<Envelope<CdrPage>, DecodeError> {
    match read_cdr_answer(body) {
        Some(answer) => Ok(answer),
        None => decode_slice(body),
    }
}

/// The one-pass reading of a CDR answer, or `None` when its shape is not one it reads
/// (the serde path then reads it; see the module's header).
pub fn read_cdr_answer(body: &[u8]) -> Option<Envelope<CdrPage>> {
    let text = std::str::from_utf8(body).ok()?;
    let mut p = Parser { text, at: 0 };
    let answer = p.envelope()?;
    p.ws();
    (p.at == body.len()).then_some(answer)
}

/// A scalar as the fast path reads it.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Str(&'a str),
    Int(u64),
    Bool(bool),
    Null,
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    // The small steps are inlined by hand (`#[inline(always)]`): at `opt-level = "z"` each
    // would otherwise be a call per byte or per token.

    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    #[inline(always)]
    fn ws(&mut self) {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
            at += 1;
        }
        self.at = at;
    }

    /// The next byte after whitespace, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.byte()
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> Option<()> {
        if self.peek()? == c {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes or control characters (the body is UTF-8, checked once).
    /// Eight bytes at a time while none of them ends the string or needs a closer look.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        self.string_body()
    }

    /// [`Parser::string`] after its opening quote.
    #[inline(always)]
    fn string_body(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start;
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().ok()?);
            let found = special(word);
            if found != 0 {
                // The lowest flagged byte is a real one (false flags only follow a real one).
                at += (found.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        loop {
            let c = *bytes.get(at)?;
            if c == b'"' {
                break;
            }
            if c == b'\\' || c < 0x20 {
                return None;
            }
            at += 1;
        }
        let s = self.text.get(start..at)?;
        self.at = at + 1;
        Some(s)
    }

    /// An unsigned integer as JSON writes it (no leading zero), within `u64`.
    fn integer(&mut self) -> Option<u64> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(&c) = bytes.get(self.at) {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            n = n.checked_mul(10)?.checked_add(u64::from(d))?;
            self.at += 1;
        }
        let digits = self.at - start;
        if digits == 0 || (digits > 1 && bytes[start] == b'0') {
            return None;
        }
        match self.byte() {
            Some(b'.' | b'e' | b'E') => None,
            _ => Some(n),
        }
    }

    fn literal(&mut self, word: &str, value: Scalar<'a>) -> Option<Scalar<'a>> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Str),
            b'0'..=b'9' => self.integer().map(Scalar::Int),
            b'n' => self.literal("null", Scalar::Null),
            b't' => self.literal("true", Scalar::Bool(true)),
            b'f' => self.literal("false", Scalar::Bool(false)),
            _ => None,
        }
    }

    /// An object, `member` reading each value by its key (and refusing what it does not
    /// know). Returns the set of keys' indices `member` reported, to refuse repeats.
    fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &'a str) -> Option<usize>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        let mut seen = 0u32;
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            let bit = 1u32 << member(self, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn envelope(&mut self) -> Option<Envelope<CdrPage>> {
        let mut e = Envelope {
            code: String::new(),
            data: None,
            message: String::new(),
            success: false,
        };
        self.object(|p, key| match key {
            "code" => {
                e.code = required(p.scalar()?)?;
                Some(0)
            }
            "message" => {
                e.message = required(p.scalar()?)?;
                Some(1)
            }
            "success" => {
                e.success = match p.scalar()? {
                    Scalar::Bool(b) => b,
                    Scalar::Null => false,
                    _ => return None,
                };
                Some(2)
            }
            "data" => {
                e.data = p.nullable(Self::page)?;
                Some(3)
            }
            _ => None,
        })?;
        Some(e)
    }

    /// `null` as `Some(None)`, anything else as `read` reads it; `None` when neither reads.
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek()? == b'n' {
            self.literal("null", Scalar::Null)?;
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    fn page(&mut self) -> Option<CdrPage> {
        let mut page = CdrPage::default();
        self.object(|p, key| match key {
            "data" => {
                p.nullable(|p| p.records(&mut page.data))?;
                Some(0)
            }
            "status" => {
                page.status = p.nullable(Self::status)?;
                Some(1)
            }
            "total_count" => {
                page.total_count = match p.scalar()? {
                    Scalar::Int(n) => n,
                    Scalar::Null => 0,
                    _ => return None,
                };
                Some(2)
            }
            _ => None,
        })?;
        Some(page)
    }

    fn status(&mut self) -> Option<CdrStatus> {
        let mut status = CdrStatus::default();
        self.object(|p, key| match key {
            "code" => {
                status.code = required(p.scalar()?)?;
                Some(0)
            }
            "detail" => {
                status.detail = text(p.scalar()?)?.map(String::from);
                Some(1)
            }
            "message" => {
                status.message = required(p.scalar()?)?;
                Some(2)
            }
            _ => None,
        })?;
        Some(status)
    }

    fn records(&mut self, out: &mut Vec<CdrRecord>) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        // Room for the records the rest of the body holds at the platform's ~250 bytes
        // each, so the list is not copied as it grows (shorter records: it grows as
        // before; longer: a little room to spare). A record is built where it stays, not
        // on the stack and then moved (216 bytes).
        out.reserve((self.text.len() - self.at) / 240);
        loop {
            out.push(CdrRecord::default());
            let r = out.last_mut()?;
            self.record(r)?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A record: its keys are matched against the field names where they stand (a key
    /// that is not one of them, escapes included, gives up), so they are not scanned first.
    /// `r` starts as `CdrRecord::default()`.
    fn record(&mut self, r: &mut CdrRecord) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        let mut seen = 0u32;
        // The platform writes the fields in `FIELDS`' order: the next key is tried first,
        // with its quotes and colon at once; any other spelling is read byte by byte.
        let mut next = 0;
        loop {
            let index = match PATTERNS
                .get(next)
                .and_then(|p| p.matches(&self.text.as_bytes()[self.at..]))
            {
                Some(true) => {
                    self.at += PATTERNS[next].len;
                    next
                }
                _ => {
                    self.eat(b'"')?;
                    let index = match self.name_is(next) {
                        true => next,
                        false => self.field_name()?,
                    };
                    self.eat(b':')?;
                    index
                }
            };
            next = index + 1;
            let bit = 1u32 << index;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match index {
                0 => r.data = volume(self.scalar()?)?,
                1 => r.imsi = self.text()?.unwrap_or_default(),
                2 => r.mcc = self.text()?.unwrap_or_default(),
                3 => r.mnc = self.text()?.unwrap_or_default(),
                4 => r.msisdn = self.text()?,
                5 => r.network = self.text()?.unwrap_or_default(),
                6 => r.plan_id = self.text()?,
                7 => r.session_ended_at = self.time()?,
                8 => r.session_started_at = self.time()?,
                9 => r.sim_id = self.text()?.unwrap_or_default(),
                _ => r.duration = count(self.scalar()?)?,
            }
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A text field's value (see [`text`]), a string right after the colon read directly.
    #[inline(always)]
    fn text(&mut self) -> Option<Option<ShortText>> {
        if self.byte() == Some(b'"') {
            self.at += 1;
            let t = trim(self.string_body()?);
            Some((!t.is_empty()).then(|| ShortText::from(t)))
        } else {
            text(self.scalar()?)
        }
    }

    /// A time field's value (see [`parsed`]), a string right after the colon read directly.
    #[inline(always)]
    fn time(&mut self) -> Option<Option<crate::time::CmpTime>> {
        if self.byte() == Some(b'"') {
            self.at += 1;
            let s = self.string_body()?;
            parsed(Scalar::Str(s))
        } else {
            parsed(self.scalar()?)
        }
    }

    /// Whether field `index`'s name and closing quote come next (consumed if so).
    #[inline(always)]
    fn name_is(&mut self, index: usize) -> bool {
        let Some(name) = FIELDS.get(index).map(|n| n.as_bytes()) else {
            return false;
        };
        let bytes = self.text.as_bytes();
        let end = self.at + name.len();
        if bytes.get(end) != Some(&b'"') {
            return false;
        }
        // Byte by byte: the names are short, and a `memcmp` call costs more.
        let mut i = 0;
        while i < name.len() {
            if bytes[self.at + i] != name[i] {
                return false;
            }
            i += 1;
        }
        self.at = end + 1;
        true
    }

    /// The field whose name and closing quote come next (consumed), by its index in
    /// `FIELDS`; `None` for any other key.
    fn field_name(&mut self) -> Option<usize> {
        let candidates: &[usize] = match self.byte()? {
            b'd' => &[0, 10],
            b'i' => &[1],
            b'm' => &[2, 3, 4],
            b'n' => &[5],
            b'p' => &[6],
            b's' => &[8, 7, 9],
            _ => return None,
        };
        candidates
            .iter()
            .copied()
            .find(|&index| self.name_is(index))
    }
}

/// Nonzero when a byte of `word` is `"`, `\\` or below 0x20 (and, rarely, for a byte
/// just after such a byte, which is as good: the caller then looks byte by byte).
#[inline(always)]
fn special(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes below `n` (exact as to whether there is one, for n ≤ 0x80).
    #[inline(always)]
    fn below(v: u64, n: u64) -> u64 {
        v.wrapping_sub(ONES * n) & !v & HIGH
    }
    below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20)
}

/// `lenient::opt_text`: trimmed text, `""` and `null` as `None`, an integer as its digits;
/// `None` (give up) for a boolean.
fn text(v: Scalar<'_>) -> Option<Option<ShortText>> {
    Some(match v {
        Scalar::Str(s) => {
            let t = trim(s);
            if t.is_empty() {
                None
            } else {
                Some(ShortText::from(t))
            }
        }
        Scalar::Int(n) => Some(ShortText::from(n.to_string())),
        Scalar::Null => None,
        Scalar::Bool(_) => return None,
    })
}

/// `lenient::opt_text_required` as a `String`.
fn required(v: Scalar<'_>) -> Option<String> {
    Some(text(v)?.map(String::from).unwrap_or_default())
}

/// `lenient::opt_str` for a time: only text is read here (a number is given up).
fn parsed(v: Scalar<'_>) -> Option<Option<crate::time::CmpTime>> {
    match v {
        Scalar::Str(s) => {
            let t = trim(s);
            Some(if t.is_empty() { None } else { t.parse().ok() })
        }
        Scalar::Null => Some(None),
        _ => None,
    }
}

/// `lenient::opt_num` for a count.
fn count(v: Scalar<'_>) -> Option<Option<u64>> {
    match v {
        Scalar::Str(s) => {
            let t = trim(s);
            Some(if t.is_empty() { None } else { t.parse().ok() })
        }
        Scalar::Int(n) => Some(Some(n)),
        Scalar::Null => Some(None),
        Scalar::Bool(_) => None,
    }
}

/// `Bytes`' lenient reading (`lenient::whole`).
fn volume(v: Scalar<'_>) -> Option<Bytes> {
    match v {
        Scalar::Str(s) => {
            let t = trim(s);
            Some(if t.is_empty() {
                Bytes::default()
            } else {
                t.parse().unwrap_or_default()
            })
        }
        Scalar::Int(n) => Some(Bytes(n)),
        Scalar::Null => Some(Bytes::default()),
        Scalar::Bool(_) => None,
    }
}
