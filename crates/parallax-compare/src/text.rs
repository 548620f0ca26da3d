//! Content words of a sentence and how much two sentences share: the
//! measure every alignment of the story view rests on.

use std::collections::HashSet;

/// Function words that say nothing about what a sentence reports.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "that",
    "this",
    "with",
    "from",
    "have",
    "has",
    "had",
    "were",
    "was",
    "will",
    "would",
    "could",
    "their",
    "they",
    "them",
    "there",
    "which",
    "what",
    "when",
    "where",
    "while",
    "after",
    "before",
    "about",
    "into",
    "over",
    "said",
    "says",
    "also",
    "been",
    "being",
    "than",
    "then",
    "some",
    "more",
    "most",
    "such",
    "only",
    "other",
    "its",
    "his",
    "her",
    "our",
    "your",
    "for",
    "not",
    "but",
    "are",
    "who",
    "whom",
    "whose",
    "any",
    "all",
    "each",
    "every",
    "very",
    "just",
    "told",
    "according",
];

/// Lower-cased words of four letters or more, stopwords out, a plural "s"
/// dropped, as a set.
pub fn content_words(sentence: &str) -> HashSet<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// A crude singular: "ships" -> "ship", "strikes" -> "strike".
pub fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    if let Some(rest) = word.strip_suffix("ies").filter(|r| r.len() >= 3) {
        return format!("{rest}y");
    }
    match word.strip_suffix('s') {
        Some(rest) if rest.len() >= 3 && !rest.ends_with('s') => rest.to_string(),
        _ => word,
    }
}

/// Content words cut to their first four letters: "stable" and
/// "stability", "negotiable" and "negotiation" meet. Coarse, so used only
/// between quotes of one speaker.
pub fn word_roots(sentence: &str) -> HashSet<String> {
    content_words(sentence).into_iter().map(|w| w.chars().take(4).collect()).collect()
}

/// Shared words over the smaller set's size (0 when either is empty): a
/// trimmed or translated version of a sentence still scores high.
pub fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reworded_sentences_overlap_and_unrelated_ones_do_not() {
        let a = content_words("We kept this port running through every storm and every shortage.");
        let b = content_words("We have kept this port running through storms and shortages.");
        let c = content_words("The bank raised its rate to 4.75 percent.");
        assert!(overlap(&a, &b) > 0.8, "{a:?} {b:?}");
        assert!(overlap(&a, &c) < 0.2);
    }
}
