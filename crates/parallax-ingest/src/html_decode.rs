//! Turning HTML bytes into text: BOM first, then a `<meta charset>` or
//! `http-equiv` declaration, then UTF-8, falling back to windows-1252.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_:.-]{2,40})"#).expect("meta charset")
});

/// Bytes of the document searched for a charset declaration.
const SNIFF_BYTES: usize = 4_096;

/// Decodes an HTML document. Returns the text and whether bytes had to be
/// replaced.
pub fn decode_html(bytes: &[u8]) -> (String, bool) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), had_errors);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let declared = META_CHARSET
        .captures(head)
        .and_then(|c| Encoding::for_label(c.get(1)?.as_bytes()))
        .map(|e| e.output_encoding());
    match declared {
        Some(encoding) if encoding != UTF_8 => {
            let (text, _, had_errors) = encoding.decode(bytes);
            (text.into_owned(), had_errors)
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), false),
            Err(_) if declared.is_none() => {
                let (text, _, had_errors) = WINDOWS_1252.decode(bytes);
                (text.into_owned(), had_errors)
            }
            Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_meta_charset_and_bom() {
        let mut latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf".to_vec();
        latin.push(0xE9);
        assert!(decode_html(&latin).0.ends_with("café"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<p>naïve</p>".as_bytes());
        assert_eq!(decode_html(&bom).0, "<p>naïve</p>");
        let undeclared = [b'a', 0xE9, b'b'];
        assert_eq!(decode_html(&undeclared).0, "aéb");
    }
}
