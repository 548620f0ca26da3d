//! Sentence splitting that knows news text: abbreviations and titles
//! ("Mr.", "Gen.", "U.S."), initials, decimals, and closing quotes after the
//! full stop ("...,” she said." ends after the quote).

/// A sentence of a paragraph, with its byte range in the paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt", "st", "jr", "sr",
    "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est", "pres", "adm", "cmdr", "hon",
];

/// Splits a paragraph into sentences.
pub fn split_sentences(paragraph: &str) -> Vec<Sentence<'_>> {
    let bytes = paragraph.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if matches!(byte, b'.' | b'!' | b'?') && ends_sentence(paragraph, index) {
            let mut end = index + 1;
            end += closing_marks_len(&paragraph[end..]);
            push_sentence(&mut sentences, paragraph, start, end);
            start = end;
            index = end;
            continue;
        }
        index += 1;
    }
    push_sentence(&mut sentences, paragraph, start, paragraph.len());
    sentences
}

fn push_sentence<'a>(sentences: &mut Vec<Sentence<'a>>, paragraph: &'a str, start: usize, end: usize) {
    let raw = &paragraph[start..end];
    let trimmed = raw.trim_start();
    let start = start + (raw.len() - trimmed.len());
    let text = trimmed.trim_end();
    if !text.is_empty() {
        sentences.push(Sentence { text, start });
    }
}

/// Closing quotes and brackets that belong to the sentence just ended.
fn closing_marks_len(rest: &str) -> usize {
    rest.chars().take_while(|c| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']')).map(char::len_utf8).sum()
}

/// Whether the mark at `index` ends a sentence: followed by space (after any
/// closing quotes) and an upper-case letter, digit or opening quote, and not
/// after an abbreviation, an initial or inside a number.
fn ends_sentence(paragraph: &str, index: usize) -> bool {
    let after = &paragraph[index + 1..];
    let after = &after[closing_marks_len(after)..];
    if !after.starts_with(char::is_whitespace) {
        return after.is_empty();
    }
    let next = after.trim_start().chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')) {
        return false;
    }
    if paragraph.as_bytes()[index] != b'.' {
        return true;
    }
    let word =
        paragraph[..index].rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(ABBREVIATIONS.contains(&lower.as_str()) || is_initial)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expect: &[&str]) {
        let got: Vec<&str> = split_sentences(paragraph).iter().map(|s| s.text).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn splits_news_sentences() {
        check(
            "Gen. Ana Ruiz met Mr. Cole in the U.S. capital. “We will not yield,” she said. Prices rose 2.5 percent.",
            &[
                "Gen. Ana Ruiz met Mr. Cole in the U.S. capital.",
                "“We will not yield,” she said.",
                "Prices rose 2.5 percent.",
            ],
        );
        check("“Is it over?” he asked. Nobody knew.", &["“Is it over?” he asked.", "Nobody knew."]);
        check("J. K. Varga spoke. Then left", &["J. K. Varga spoke.", "Then left"]);
        check("", &[]);
    }

    #[test]
    fn offsets_point_into_the_paragraph() {
        let paragraph = "One here.  Two there.";
        for sentence in split_sentences(paragraph) {
            assert_eq!(&paragraph[sentence.start..sentence.start + sentence.text.len()], sentence.text);
        }
    }
}
