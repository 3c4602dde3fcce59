//! The envelope read in one pass without serde: checks that an upstream answer is one
//! well-formed JSON object, and picks out its `code`, its `message` and where `data.status`
//! lies, skipping everything else byte by byte. It accepts exactly what the serde reading it
//! replaces accepted (the tests hold the serde reading as the oracle and compare the two over
//! truncations and byte changes of real answers): strings without control characters and
//! with valid escapes (not checked for UTF-8 where serde skips them unchecked either), JSON's
//! number grammar, `true`/`false`/`null`, no trailing commas or text after the object; `code`
//! a string or a number, no member of the three twice. serde spent ~13 instructions per byte
//! of answer here (its generic skipping of each short string); this loop spends a few.
//! A leaf: it imports nothing of the crate.

use std::ops::Range;

/// What the forwarding path needs of an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// `code` as text; empty when it was a number.
    pub code: String,
    /// `message` as text; empty when missing, `null`, a number or anything else.
    pub message: String,
    /// Where the value of `data.status` lies, when `data` is an object with a non-null one.
    pub data_status: Option<Range<usize>>,
}

/// Reads `body` as a CMP envelope; `None` when it is not one.
pub fn scan(body: &[u8]) -> Option<Scanned> {
    let mut s = Scanner {
        b: body,
        i: 0,
        stack: Vec::new(),
    };
    s.ws();
    s.eat(b'{')?;
    let mut code: Option<String> = None;
    let mut message: Option<String> = None;
    let mut data_seen = false;
    let mut data_status = None;
    s.ws();
    if s.peek() == Some(b'}') {
        return None; // no code
    }
    loop {
        s.ws();
        let key = s.key()?;
        s.ws();
        s.eat(b':')?;
        s.ws();
        match key {
            Key::Code => {
                if code.is_some() {
                    return None;
                }
                code = Some(s.scalar(true)?);
            }
            Key::Message => {
                if message.is_some() {
                    return None;
                }
                message = Some(s.scalar(false)?);
            }
            Key::Data => {
                if data_seen {
                    return None;
                }
                data_seen = true;
                data_status = s.data()?;
            }
            Key::Status | Key::Other => s.skip_value()?,
        }
        s.ws();
        match s.next()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    s.ws();
    if s.i != body.len() {
        return None;
    }
    Some(Scanned {
        code: code?,
        message: message.unwrap_or_default(),
        data_status,
    })
}

/// The member names the scan tells apart (`status` only matters inside `data`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Code,
    Message,
    Data,
    Status,
    Other,
}

/// The index of the first byte at or after `i` that ends the plain part of a string (`"`,
/// `\\` or a control character), or `b.len()`: eight bytes at a time while eight remain.
#[inline(always)]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let q = x ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let s = x ^ (ONES * u64::from(b'\\'));
        let backslash = s.wrapping_sub(ONES) & !s;
        let found = (control | quote | backslash) & HIGH;
        if found != 0 {
            return i + found.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// The index after the whitespace at `i`.
#[inline(always)]
fn ws_at(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// The string whose opening `"` is at `i`: the index after its closing `"`, and whether it
/// has escapes. Strings without control characters and with valid escapes only.
/// Inlined: ~290 strings per answer, and a call with its saved registers and the SWAR
/// constants set up anew cost more than the loop itself for strings of a few bytes.
#[inline(always)]
fn string_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut i = i + 1;
    let mut escaped = false;
    loop {
        i = skip_plain(b, i);
        match *b.get(i)? {
            b'"' => return Some((i + 1, escaped)),
            b'\\' => {
                escaped = true;
                match *b.get(i + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' => {
                        let hex = b.get(i + 2..i + 6)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        i += 6;
                    }
                    _ => return None,
                }
            }
            _ => return None, // a control character
        }
    }
}

/// An object member's name at `i`, then `:` (whitespace allowed between): the index after it.
#[inline(always)]
fn member_name_at(b: &[u8], i: usize) -> Option<usize> {
    let i = ws_at(b, string_at(b, i)?.0);
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

/// JSON's number grammar at `i`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; the index
/// after it.
fn number_at(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match *b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits_at(b, i + 1),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i = at_least_one_digit_at(b, i + 1)?;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        i = at_least_one_digit_at(b, i)?;
    }
    // serde refuses a digit right after a leading zero.
    (!matches!(b.get(i), Some(b'0'..=b'9'))).then_some(i)
}

fn digits_at(b: &[u8], mut i: usize) -> usize {
    while let Some(b'0'..=b'9') = b.get(i) {
        i += 1;
    }
    i
}

fn at_least_one_digit_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i)?.is_ascii_digit().then(|| digits_at(b, i + 1))
}

/// `word` at `i`: the index after it.
#[inline(always)]
fn literal_at(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    (b.get(i..i + word.len())? == word).then_some(i + word.len())
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// Open arrays (`true`) and objects (`false`) while a value is skipped.
    stack: Vec<bool>,
}

impl Scanner<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// A string starting at `"`: the range of its content and whether it has escapes.
    #[inline(always)]
    fn string(&mut self) -> Option<(Range<usize>, bool)> {
        let start = self.i + 1;
        let (end, escaped) = string_at(self.b, self.i)?;
        self.i = end;
        Some((start..end - 1, escaped))
    }

    /// A string decoded as serde reads text it keeps: UTF-8 checked, escapes resolved.
    fn text(&self, range: Range<usize>, escaped: bool) -> Option<String> {
        if escaped {
            serde_json::from_slice(self.b.get(range.start - 1..range.end + 1)?).ok()
        } else {
            std::str::from_utf8(self.b.get(range)?)
                .ok()
                .map(str::to_owned)
        }
    }

    /// An object member's name, read as serde reads field names (UTF-8 checked).
    fn key(&mut self) -> Option<Key> {
        let (range, escaped) = self.string()?;
        let name;
        let name: &[u8] = if escaped {
            name = self.text(range, true)?;
            name.as_bytes()
        } else {
            let raw = self.b.get(range)?;
            std::str::from_utf8(raw).ok()?;
            raw
        };
        Some(match name {
            b"code" => Key::Code,
            b"message" => Key::Message,
            b"data" => Key::Data,
            b"status" => Key::Status,
            _ => Key::Other,
        })
    }

    /// `code` (`required`: a string or a number) or `message` (anything; text only if a
    /// string). A number must be one serde can hold.
    fn scalar(&mut self, required: bool) -> Option<String> {
        match self.peek()? {
            b'"' => {
                let (range, escaped) = self.string()?;
                self.text(range, escaped)
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.number()?;
                serde_json::from_slice::<serde_json::Number>(self.b.get(start..self.i)?).ok()?;
                Some(String::new())
            }
            _ if required => None,
            _ => {
                let start = self.i;
                self.skip_value()?;
                // serde buffered such a message whole (UTF-8 and number ranges checked).
                if let Some(b'{' | b'[') = self.b.get(start) {
                    serde_json::from_slice::<serde_json::Value>(self.b.get(start..self.i)?).ok()?;
                }
                Some(String::new())
            }
        }
    }

    /// `data`: skipped, noting where a non-null `status` member of an object lies (the last
    /// one, if it appears twice).
    fn data(&mut self) -> Option<Option<Range<usize>>> {
        match self.peek()? {
            b'{' => {}
            // serde read these as a string and a number, so checked as it checked them.
            b'"' | b'-' | b'0'..=b'9' => {
                self.scalar(true)?;
                return Some(None);
            }
            _ => {
                self.skip_value()?;
                return Some(None);
            }
        }
        self.i += 1;
        let mut status = None;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(None);
        }
        loop {
            self.ws();
            let key = self.key()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let start = self.i;
            self.skip_value()?;
            if key == Key::Status {
                let raw = self.b.get(start..self.i)?;
                // serde borrowed it as a raw value, which is checked to be UTF-8.
                std::str::from_utf8(raw).ok()?;
                status = (raw != b"null").then_some(start..self.i);
            }
            self.ws();
            match self.next()? {
                b',' => continue,
                b'}' => return Some(status),
                _ => return None,
            }
        }
    }

    /// JSON's number grammar (see [`number_at`]).
    fn number(&mut self) -> Option<()> {
        self.i = number_at(self.b, self.i)?;
        Some(())
    }

    /// Skips one value of any depth (without recursion) after checking it is well formed.
    /// The position is a local here, not `self.i`: ~190 values and ~290 strings per answer,
    /// and a field written back at every byte read cost as much as the checks themselves.
    fn skip_value(&mut self) -> Option<()> {
        let b = self.b;
        let stack = &mut self.stack;
        stack.clear();
        let mut i = self.i;
        loop {
            // A value.
            i = ws_at(b, i);
            match *b.get(i)? {
                b'{' => {
                    i = ws_at(b, i + 1);
                    if *b.get(i)? == b'}' {
                        i += 1;
                    } else {
                        stack.push(false);
                        i = member_name_at(b, i)?;
                        continue;
                    }
                }
                b'[' => {
                    i = ws_at(b, i + 1);
                    if *b.get(i)? == b']' {
                        i += 1;
                    } else {
                        stack.push(true);
                        continue;
                    }
                }
                b'"' => i = string_at(b, i)?.0,
                b't' => i = literal_at(b, i, b"true")?,
                b'f' => i = literal_at(b, i, b"false")?,
                b'n' => i = literal_at(b, i, b"null")?,
                b'-' | b'0'..=b'9' => i = number_at(b, i)?,
                _ => return None,
            }
            // After a value: close what is complete, or go on to the next member/element.
            loop {
                let Some(&in_array) = stack.last() else {
                    self.i = i;
                    return Some(());
                };
                i = ws_at(b, i);
                let c = *b.get(i)?;
                i += 1;
                match c {
                    b',' => {
                        if !in_array {
                            i = member_name_at(b, ws_at(b, i))?;
                        }
                        break;
                    }
                    b']' if in_array => {
                        stack.pop();
                    }
                    b'}' if !in_array => {
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
