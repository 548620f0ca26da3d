//! The shape of a line of text: does it end a sentence, does it read like a
//! headline, a byline, a person's name, an inline section label. These
//! predicates are shared by the plain-text layout and the body tidier.

use parallax_model::word_count;
use regex::Regex;
use std::sync::LazyLock;

const CLOSING_QUOTES: &[char] = &['"', '”', '’', '\'', '»', ')', ']'];

/// Small words that stay lower case in a title-cased line.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "de", "del", "for", "from", "in", "into", "la", "nor", "of", "on", "or",
    "over", "per", "the", "to", "vs", "via", "with", "after", "amid", "against", "about", "up", "out", "off", "is",
    "are",
];

/// True when the text ends like a sentence: `.`, `!`, `?`, `…`, possibly
/// followed by closing quotes or brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(CLOSING_QUOTES);
    trimmed.ends_with(['.', '!', '?', '…'])
}

/// True when the text could be a headline or subhead: 1 to `max_words`
/// words, starts with a capital, a digit or a quote, and does not end with
/// sentence or clause punctuation (a question mark is allowed).
pub fn is_headline_like(text: &str, max_words: usize) -> bool {
    let words = word_count(text);
    if words == 0 || words > max_words {
        return false;
    }
    let first = text.chars().find(|c| c.is_alphanumeric());
    let starts_well = first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let body = text.trim_end().trim_end_matches(CLOSING_QUOTES);
    let bad_end = body.ends_with(['.', '!', ',', ';', ':', '…', '-', '–', '—']);
    starts_well && !bad_end
}

/// True when most significant words are capitalised ("Mexico Adjusts Strategy").
pub fn is_title_case(text: &str) -> bool {
    let significant: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised =
        significant.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    !significant.is_empty() && capitalised * 5 >= significant.len() * 4
}

/// True when the text is a person's name, or names joined by "and" or commas:
/// 2 to 4 capitalised words each, letters, hyphens, apostrophes and initials only.
pub fn is_name_like(text: &str) -> bool {
    let names: Vec<&str> = text.split([',', '&']).flat_map(|part| part.split(" and ")).map(str::trim).collect();
    !names.is_empty() && names.len() <= 4 && names.iter().all(|name| is_one_name(name))
}

fn is_one_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let particles = ["de", "da", "van", "von", "der", "del", "la", "le", "bin", "al"];
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let letters_only = w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            letters_only && (capitalised || particles.contains(w))
        })
        && !words.iter().any(|w| MINOR_WORDS.contains(&w.to_lowercase().as_str()) && !particles.contains(w))
}

static BY_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:written |reported )?by[:\s]+(.+?)\s*$").expect("by line"));
static BYLINE_OUTLET_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:\||,|—|–| - | for )\s*").expect("split"));

/// A byline: "By Jane Doe", "By Jane Doe | The Harbour Gazette", "By Jane
/// Doe and Omar Reyes, Northfield Courier". Returns the author(s) and the
/// outlet when the line names one. A bare name counts only when
/// `bare_name_allowed` (in the header of a capture, after the headline).
pub fn parse_byline(line: &str, bare_name_allowed: bool) -> Option<(String, Option<String>)> {
    let line = line.trim();
    if word_count(line) > 14 {
        return None;
    }
    if let Some(captures) = BY_LINE.captures(line) {
        let rest = captures.get(1)?.as_str();
        let mut parts = BYLINE_OUTLET_SPLIT.splitn(rest, 2);
        let author = parts.next()?.trim().to_string();
        let outlet = parts.next().map(|o| o.trim().to_string()).filter(|o| !o.is_empty() && !is_staff_title(o));
        let author_ok = is_name_like(&author) || author.split_whitespace().count() <= 5;
        return author_ok.then_some((author, outlet));
    }
    (bare_name_allowed && is_name_like(line)).then(|| (line.to_string(), None))
}

fn is_staff_title(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["staff", "correspondent", "reporter", "editor", "writer", "contributor"].iter().any(|t| lower.contains(t))
}

/// An inline section label opening a paragraph: "The US Response: The US
/// government has..." gives ("The US Response", "The US government has...").
pub fn inline_label(text: &str) -> Option<(&str, &str)> {
    let (label, rest) = text.split_once(": ")?;
    let label_words = word_count(label);
    let rest_starts_upper = rest.chars().next().is_some_and(|c| c.is_uppercase() || c == '“' || c == '"');
    let ok = (2..=6).contains(&label_words)
        && is_headline_like(label, 6)
        && is_title_case(label)
        && rest_starts_upper
        && word_count(rest) >= 8
        && !label.contains(['“', '"']);
    ok.then_some((label, rest))
}

/// Splits text into sentences at `.`, `!`, `?` followed by a space and a
/// capital or quote; good enough for counting and for inferring titles.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, ch)) in chars.iter().enumerate() {
        if !matches!(ch, '.' | '!' | '?') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && CLOSING_QUOTES.contains(&chars[j].1) {
            j += 1;
        }
        let followed_by_break = j < chars.len()
            && chars[j].1 == ' '
            && chars.get(j + 1).is_some_and(|&(_, c)| c.is_uppercase() || c == '“' || c == '"');
        if followed_by_break && !is_abbreviation(&text[start..=pos]) {
            let end = chars[j].0;
            out.push(text[start..end].trim());
            start = end;
        }
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

fn is_abbreviation(sentence: &str) -> bool {
    let last = sentence.rsplit(' ').next().unwrap_or("");
    let known = [
        "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Jr.", "Sr.", "U.S.",
        "U.K.", "U.N.", "No.",
    ];
    known.contains(&last) || (last.len() == 2 && last.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_and_sentences() {
        assert!(is_headline_like("Mexico Rejects US ‘Invasion’ in Cartel Fight", 25));
        assert!(is_headline_like("Is the Port Ready?", 25));
        assert!(!is_headline_like("The port reopened on Monday.", 25));
        assert!(!is_headline_like("“It will not happen,” she said.", 25));
        assert!(ends_sentence("“It will not happen,” she said."));
        assert!(ends_sentence("she said “never.”"));
        assert!(!ends_sentence("Conclusion"));
    }

    #[test]
    fn names_and_bylines() {
        assert!(is_name_like("Eugene Okafor"));
        assert!(is_name_like("Ana de la Cruz and Tom Weir"));
        assert!(!is_name_like("Conclusion"));
        assert!(!is_name_like("Mexico Adjusts Strategy for the Border"));
        assert_eq!(
            parse_byline("By Rhea Tamsin | The Harbour Gazette", false),
            Some(("Rhea Tamsin".into(), Some("The Harbour Gazette".into())))
        );
        assert_eq!(parse_byline("By Rhea Tamsin, Staff Reporter", false), Some(("Rhea Tamsin".into(), None)));
        assert_eq!(parse_byline("Rhea Tamsin", false), None);
        assert_eq!(parse_byline("Rhea Tamsin", true), Some(("Rhea Tamsin".into(), None)));
        assert_eq!(
            parse_byline("By the end of the week the port was closed and ships waited outside the harbour wall", false),
            None
        );
    }

    #[test]
    fn labels_and_sentences() {
        let (label, rest) =
            inline_label("Looking Ahead: The council will vote on the plan next month, officials said.").unwrap();
        assert_eq!(label, "Looking Ahead");
        assert!(rest.starts_with("The council"));
        assert_eq!(inline_label("Odu said: “We will not return until the offer improves.”"), None);
        assert_eq!(sentences("Mr. Odu spoke. Then “we left.” Done"), vec!["Mr. Odu spoke.", "Then “we left.”", "Done"]);
    }
}
