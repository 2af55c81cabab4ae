//! A page's bytes as text, in the character set the page is written in: a byte
//! order mark first, then the HTTP `Content-Type` charset, then a `<meta>` charset
//! in the first kilobytes, else UTF-8. Bytes that do not decode become U+FFFD and
//! are counted, so a garbled page is reported instead of read silently.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// A decoded page.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The page as text; borrowed from the bytes when they needed no conversion.
    pub text: Cow<'a, str>,
    /// The character set used.
    pub encoding: &'static Encoding,
    /// Characters that could not be decoded.
    pub replaced: usize,
}

impl Decoded<'_> {
    /// A warning when characters were lost.
    pub fn warning(&self) -> Option<String> {
        (self.replaced > 0).then(|| {
            format!(
                "{} character(s) could not be read as {} and were replaced",
                self.replaced,
                self.encoding.name()
            )
        })
    }
}

/// Decodes a page's bytes, finding the character set as the module describes.
/// `content_type` is the HTTP header, if the server sent one.
pub fn decode<'a>(body: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    let declared = Encoding::for_bom(body)
        .map(|(encoding, _)| encoding)
        .or_else(|| content_type.and_then(charset_in))
        .or_else(|| meta_charset(body))
        .unwrap_or(UTF_8);
    // `decode` strips a BOM of the encoding it finds.
    let (text, encoding, _) = declared.decode(body);
    let replaced = match &text {
        Cow::Borrowed(_) => 0,
        Cow::Owned(text) => {
            let before = bytes_count(body);
            text.matches('\u{FFFD}').count().saturating_sub(before)
        }
    };
    Decoded {
        text,
        encoding,
        replaced,
    }
}

/// U+FFFD already in a UTF-8 page is the page's own text, not a decoding loss.
fn bytes_count(body: &[u8]) -> usize {
    std::str::from_utf8(body).map_or(0, |t| t.matches('\u{FFFD}').count())
}

/// `text/html; charset=windows-1252` → windows-1252.
fn charset_in(header: &str) -> Option<&'static Encoding> {
    header.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| Encoding::for_label(value.trim().trim_matches('"').as_bytes()))?
    })
}

/// `<meta charset="…">` or `<meta http-equiv=… content="text/html; charset=…">`
/// in the first 2 KB.
fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_from_the_header_or_meta() {
        let body = b"<p>Caf\xe9 \x96 open</p>";
        let from_header = decode(body, Some("text/html; charset=windows-1252"));
        assert_eq!(from_header.text, "<p>Café – open</p>");
        assert_eq!(from_header.replaced, 0);
        let page = b"<html><head><meta charset=\"windows-1252\"></head><p>Caf\xe9</p>";
        assert!(decode(page, None).text.contains("Café"));
    }

    #[test]
    fn a_bom_wins_and_is_removed() {
        let body = b"\xef\xbb\xbf{\"a\": 1}";
        assert_eq!(
            decode(body, Some("text/html; charset=latin1")).text,
            "{\"a\": 1}"
        );
    }

    #[test]
    fn undecodable_bytes_are_counted() {
        let decoded = decode(b"ok \xff\xfe bad", Some("text/html; charset=utf-8"));
        assert_eq!(decoded.replaced, 2);
        assert!(decoded.warning().unwrap().contains("UTF-8"));
        assert!(decode("fine \u{FFFD}".as_bytes(), None).warning().is_none());
    }
}
