//! Content words of a sentence and how much two sentences share: the
//! measure every alignment of the story view rests on. Word sets are
//! sorted word hashes, so sharing is counted by one merge, not by hashing
//! strings (building a 50-article view compares every pair of sentences).

use std::hash::{Hash, Hasher};

/// A sentence's distinct words as sorted 64-bit hashes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordSet(Vec<u64>);

impl WordSet {
    fn from_words(words: impl Iterator<Item = String>) -> WordSet {
        let mut hashes: Vec<u64> = words.map(|w| word_hash(&w)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        WordSet(hashes)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().copied()
    }

    /// Words in both sets.
    fn shared(&self, other: &WordSet) -> usize {
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}

fn word_hash(word: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    word.hash(&mut hasher);
    hasher.finish()
}

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

/// Lower-cased words of three letters or more, stopwords out, a plural
/// "s" dropped.
fn content_word_list(sentence: &str) -> impl Iterator<Item = String> + '_ {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
}

/// The sentence's content words as a set.
pub fn content_words(sentence: &str) -> WordSet {
    WordSet::from_words(content_word_list(sentence))
}

/// The words of a sentence that name or count something: numbers (of any
/// length) and capitalised words past the first, lower-cased and
/// singular, hashed like content words so the two sets compare.
pub fn informative_words(sentence: &str) -> WordSet {
    let words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
        .filter(|(index, w)| {
            w.chars().any(|c| c.is_ascii_digit()) || (*index > 0 && w.chars().next().is_some_and(char::is_uppercase))
        })
        .map(|(_, w)| stem(&w.to_lowercase()));
    WordSet::from_words(words)
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
pub fn word_roots(sentence: &str) -> WordSet {
    WordSet::from_words(content_word_list(sentence).map(|w| w.chars().take(4).collect()))
}

/// Shared words over the smaller set's size (0 when either is empty): a
/// trimmed or translated version of a sentence still scores high.
pub fn overlap(a: &WordSet, b: &WordSet) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.shared(b) as f64 / a.len().min(b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn informative_words_are_numbers_and_names() {
        let words = informative_words("Rescuers freed 19 miners at Dravon, the Mines Agency said.");
        let expected = WordSet::from_words(["19", "dravon", "mine", "agency"].into_iter().map(String::from));
        assert_eq!(words, expected);
    }

    #[test]
    fn reworded_sentences_overlap_and_unrelated_ones_do_not() {
        let a = content_words("We kept this port running through every storm and every shortage.");
        let b = content_words("We have kept this port running through storms and shortages.");
        let c = content_words("The bank raised its rate to 4.75 percent.");
        assert!(overlap(&a, &b) > 0.8, "{a:?} {b:?}");
        assert_eq!(overlap(&a, &a), 1.0);
        assert!(overlap(&a, &c) < 0.2);
    }
}
