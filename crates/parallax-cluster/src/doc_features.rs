//! What clustering sees of an article: topic words (stemmed, stopwords out)
//! and an event signature (names, numbers, years), weighted by TF-IDF with
//! document frequencies counted online as articles arrive.

use crate::sparse_vector::SparseVector;
use std::collections::HashMap;

/// Common English function words, never features.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "that",
    "this",
    "these",
    "those",
    "from",
    "was",
    "were",
    "are",
    "been",
    "being",
    "have",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "said",
    "says",
    "say",
    "also",
    "after",
    "before",
    "over",
    "under",
    "about",
    "into",
    "than",
    "then",
    "there",
    "here",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "why",
    "how",
    "all",
    "any",
    "some",
    "more",
    "most",
    "other",
    "such",
    "only",
    "own",
    "same",
    "too",
    "very",
    "just",
    "out",
    "off",
    "again",
    "further",
    "once",
    "during",
    "while",
    "because",
    "until",
    "against",
    "between",
    "through",
    "above",
    "below",
    "both",
    "each",
    "few",
    "nor",
    "per",
    "via",
    "not",
    "yes",
    "does",
    "did",
    "his",
    "her",
    "hers",
    "him",
    "their",
    "theirs",
    "them",
    "our",
    "ours",
    "your",
    "yours",
    "you",
    "she",
    "they",
    "its",
    "but",
    "one",
    "two",
    "new",
    "told",
    "last",
    "year",
    "years",
    "week",
    "day",
    "days",
    "time",
    "first",
    "since",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "according",
    "people",
    "like",
];

/// Weight of the title and the first two lines against the rest.
const LEAD_WEIGHT: f32 = 2.0;
/// Weight of topic words inside the event signature.
const TOPIC_IN_EVENT: f32 = 0.3;
/// IDF is raised to this power: rare terms (names, places) count for more.
const IDF_POWER: f32 = 1.5;

/// Term ids and online document frequencies.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    document_frequency: Vec<u32>,
    documents: u32,
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.document_frequency.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.document_frequency.push(0);
        id
    }

    fn idf(&self, id: u32) -> f32 {
        let df = self.document_frequency[id as usize] as f32;
        (((self.documents as f32 + 1.0) / (df + 1.0)).ln() + 1.0).powf(IDF_POWER)
    }
}

/// An article's two weighted vectors.
#[derive(Clone, Debug)]
pub struct DocFeatures {
    pub topic: SparseVector,
    pub event: SparseVector,
}

/// What kind of feature a token gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Word,
    Name,
    Number,
    Year,
}

impl DocFeatures {
    /// Counts the terms of `title` and `text` into `vocabulary` (updating
    /// document frequencies) and weights them.
    pub fn extract(vocabulary: &mut Vocabulary, title: Option<&str>, text: &str) -> DocFeatures {
        let mut counts: HashMap<(u32, Kind), f32> = HashMap::new();
        let lines = title.into_iter().map(|t| (t, true)).chain(text.lines().enumerate().map(|(i, l)| (l, i < 2)));
        for (line, in_lead) in lines {
            let weight = if in_lead { LEAD_WEIGHT } else { 1.0 };
            for (term, kind) in line_terms(line) {
                *counts.entry((vocabulary.id(&term), kind)).or_default() += weight;
            }
        }
        vocabulary.documents += 1;
        let mut distinct: Vec<u32> = counts.keys().map(|(id, _)| *id).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for id in distinct {
            vocabulary.document_frequency[id as usize] += 1;
        }
        let mut topic = Vec::new();
        let mut event = Vec::new();
        for ((id, kind), count) in counts {
            let weight = (1.0 + count.ln()) * vocabulary.idf(id);
            match kind {
                Kind::Word => {
                    topic.push((id, weight));
                    event.push((id, weight * TOPIC_IN_EVENT));
                }
                Kind::Name | Kind::Number | Kind::Year => event.push((id, weight)),
            }
        }
        DocFeatures { topic: SparseVector::from_pairs(topic), event: SparseVector::from_pairs(event) }
    }
}

/// The terms of one line: stemmed topic words, plus names (capitalised
/// words not opening a sentence), numbers and years, each under its own key.
fn line_terms(line: &str) -> Vec<(String, Kind)> {
    let mut terms = Vec::new();
    let mut sentence_start = true;
    for raw in
        line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '(' | ')' | '[' | ']' | '—' | '–'))
    {
        let ends_sentence = raw.ends_with(['.', '!', '?', ':']);
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            continue;
        }
        if token.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let number: String = token.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            let is_year = number.len() == 4 && (1950..2040).contains(&number.parse::<u32>().unwrap_or(0));
            terms.push(if is_year {
                (format!("y:{number}"), Kind::Year)
            } else {
                (format!("n:{number}"), Kind::Number)
            });
        } else {
            let lower = token.to_lowercase();
            let lower = lower.trim_end_matches("'s").trim_end_matches("’s");
            if lower.chars().count() >= 3 && !STOPWORDS.contains(&lower) {
                let capitalised = token.chars().next().is_some_and(char::is_uppercase);
                if capitalised && !sentence_start {
                    terms.push((format!("e:{lower}"), Kind::Name));
                }
                terms.push((format!("w:{}", stem(lower)), Kind::Word));
            }
        }
        sentence_start = ends_sentence;
    }
    terms
}

/// A light English stemmer: folds plurals and common verb endings.
fn stem(word: &str) -> String {
    let strip = |suffix: &str| word[..word.len() - suffix.len()].to_string();
    if word.len() > 5 && word.ends_with("ies") {
        return format!("{}y", strip("ies"));
    }
    if ["sses", "xes", "zes", "ches", "shes"].iter().any(|s| word.ends_with(s)) {
        return strip("es");
    }
    for suffix in ["ing", "ed"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return strip(suffix);
        }
    }
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
    {
        return strip("s");
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_have_kinds() {
        let terms = line_terms("Mexican President Claudia Sheinbaum rejected 21 strikes in 2025.");
        let names: Vec<&str> = terms.iter().filter(|(_, k)| *k == Kind::Name).map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, vec!["e:president", "e:claudia", "e:sheinbaum"]);
        assert!(terms.contains(&("n:21".into(), Kind::Number)));
        assert!(terms.contains(&("y:2025".into(), Kind::Year)));
        assert!(terms.contains(&("w:strike".into(), Kind::Word)));
        assert!(!terms.iter().any(|(t, _)| t == "w:the"));
    }

    #[test]
    fn stems() {
        assert_eq!(stem("cartels"), "cartel");
        assert_eq!(stem("rejected"), "reject");
        assert_eq!(stem("countries"), "country");
        assert_eq!(stem("press"), "press");
        assert_eq!(stem("strikes"), "strike");
        assert_eq!(stem("churches"), "church");
    }
}
