//! Text normalisation shared by every reader: NFC, tidy whitespace, keep
//! typographic quotes.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC-normalises `raw`, turns every run of whitespace (including
/// non-breaking and zero-width spaces) into one space and trims the ends.
/// Typographic quotes and dashes are kept as they are.
pub fn normalize_text(raw: &str) -> String {
    if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        tidy_whitespace(raw.chars(), raw.len())
    } else {
        tidy_whitespace(raw.nfc(), raw.len())
    }
}

fn tidy_whitespace(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for ch in chars {
        if is_space_like(ch) {
            pending_space = !out.is_empty();
            continue;
        }
        if ch.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

fn is_space_like(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}')
}

/// Counts words the way a reader would: runs of alphanumeric characters.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’').filter(|w| !w.is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(normalize_text(input), expect);
    }

    #[test]
    fn whitespace_is_tidied() {
        check("  a \t b\u{a0}\u{a0}c\n", "a b c");
        check("\u{feff}zero\u{200b} width", "zero width");
    }

    #[test]
    fn nfc_and_quotes_are_kept() {
        check("e\u{301}t\u{e9} “quoted” ‘x’ — y", "été “quoted” ‘x’ — y");
    }

    #[test]
    fn words_are_counted() {
        assert_eq!(word_count("It’s not going to happen, 2025."), 6);
    }
}
