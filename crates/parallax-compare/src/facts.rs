//! Sentence-level comparison: what only one outlet reports, and a summary
//! of the sentences most outlets support.

use crate::text::{content_words, informative_words, overlap, WordSet};
use crate::{sentences, SourceArticle};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Sentences of one outlet that no other outlet of the story matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletFacts {
    pub outlet: String,
    /// Those naming or counting the most that no other outlet mentions
    /// first, then in reading order.
    pub sentences: Vec<String>,
}

impl OutletFacts {
    /// How many of an outlet's facts a reading view shows before folding
    /// the rest away (JSON keeps them all).
    pub const SHOWN: usize = 5;

    /// The facts a reading view shows, and how many it folds away.
    pub fn shown(&self) -> (&[String], usize) {
        let shown = self.sentences.len().min(Self::SHOWN);
        (&self.sentences[..shown], self.sentences.len() - shown)
    }
}

/// A summary sentence and the outlets whose articles support it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummarySentence {
    pub text: String,
    pub outlet: String,
    pub supported_by: Vec<String>,
}

/// Two sentences report the same fact when they share this share of the
/// smaller one's content words, and at least `SAME_FACT_WORDS` of them (a
/// two-word aside shares half its words with many a long sentence).
const SAME_FACT_OVERLAP: f64 = 0.5;
const SAME_FACT_WORDS: usize = 3;
/// Summary sentences this similar to one already chosen are skipped.
const REDUNDANT_OVERLAP: f64 = 0.45;

/// Verbs that make a sentence a report of something someone said or did.
const REPORTING: &[&str] = &["said", "says", "told", "reported", "announced", "confirmed", "added", "stated"];

struct Sentence {
    outlet: String,
    text: String,
    words: WordSet,
    /// Its numbers and names (see `informative_words`).
    informative: WordSet,
    /// Other outlets with a sentence reporting the same fact.
    supporters: Vec<String>,
    /// Names a number or a name, or reports what someone said: a fact,
    /// not an aside.
    factual: bool,
}

fn story_sentences(articles: &[SourceArticle]) -> Vec<Sentence> {
    let mut found = Vec::new();
    for article in articles {
        for (_, text) in sentences(article) {
            let factual = text.chars().any(|c| c.is_ascii_digit())
                || text.split_whitespace().skip(1).any(|w| w.chars().next().is_some_and(char::is_uppercase))
                || text.split_whitespace().any(|w| REPORTING.contains(&w.trim_matches(|c: char| !c.is_alphabetic())));
            let (words, informative) = (content_words(&text), informative_words(&text));
            found.push(Sentence {
                outlet: article.outlet.clone(),
                words,
                informative,
                text,
                factual,
                supporters: Vec::new(),
            });
        }
    }
    let supporters = all_supporters(&found);
    for (sentence, support) in found.iter_mut().zip(supporters) {
        sentence.supporters = support;
    }
    found
}

/// For every sentence, the other outlets with a matching sentence. Shared
/// words are counted through an index from word to sentences, so only
/// sentences sharing a word are ever compared.
fn all_supporters(all: &[Sentence]) -> Vec<Vec<String>> {
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (index, sentence) in all.iter().enumerate() {
        for word in sentence.words.hashes() {
            postings.entry(word).or_default().push(index);
        }
    }
    let mut shared = vec![0usize; all.len()];
    let mut touched: Vec<usize> = Vec::new();
    all.iter()
        .map(|sentence| {
            for word in sentence.words.hashes() {
                for &other in &postings[&word] {
                    if shared[other] == 0 {
                        touched.push(other);
                    }
                    shared[other] += 1;
                }
            }
            let mut outlets: Vec<String> = Vec::new();
            touched.sort_unstable();
            for &other in &touched {
                let smaller = sentence.words.len().min(all[other].words.len()).max(1);
                let same_fact =
                    shared[other] >= SAME_FACT_WORDS && shared[other] as f64 / smaller as f64 >= SAME_FACT_OVERLAP;
                let outlet = &all[other].outlet;
                if same_fact && *outlet != sentence.outlet && !outlets.contains(outlet) {
                    outlets.push(outlet.clone());
                }
                shared[other] = 0;
            }
            touched.clear();
            outlets
        })
        .collect()
}

/// A sentence that another outlet matches still carries a fact of its own
/// when this many of its words appear nowhere in the other outlets.
const NOVEL_WORDS: usize = 2;

/// What only one outlet reports, and the summary, from one comparison of
/// every sentence with every other.
pub fn sentence_views(articles: &[SourceArticle], summary_length: usize) -> (Vec<OutletFacts>, Vec<SummarySentence>) {
    let all = story_sentences(articles);
    (single_outlet_facts(articles, &all), summary(&all, summary_length))
}

/// Per outlet, its factual sentences that no other outlet matches or that
/// add words no other outlet uses (when the story has more than one
/// outlet), those naming or counting the most that no other outlet
/// mentions first (then in reading order).
fn single_outlet_facts(articles: &[SourceArticle], all: &[Sentence]) -> Vec<OutletFacts> {
    let outlets = crate::distinct_outlets(articles);
    if outlets.len() < 2 {
        return Vec::new();
    }
    outlets
        .into_iter()
        .map(|outlet| {
            let elsewhere: HashSet<u64> = all
                .iter()
                .filter(|s| s.outlet != outlet)
                .flat_map(|s| s.words.hashes().chain(s.informative.hashes()))
                .collect();
            let novel = |words: &WordSet| words.hashes().filter(|w| !elsewhere.contains(w)).count();
            let mut own: Vec<(usize, &Sentence)> = all
                .iter()
                .filter(|s| {
                    s.outlet == outlet
                        && s.factual
                        && s.words.len() >= 4
                        && (novel(&s.words) >= NOVEL_WORDS || s.supporters.is_empty())
                })
                .map(|s| (novel(&s.informative), s))
                .collect();
            own.sort_by_key(|(names_and_numbers, _)| std::cmp::Reverse(*names_and_numbers));
            OutletFacts { sentences: own.into_iter().map(|(_, s)| s.text.clone()).collect(), outlet }
        })
        .filter(|facts| !facts.sentences.is_empty())
        .collect()
}

/// Up to `limit` sentences, most supported first (earlier sentences of an
/// article break ties), none repeating another.
fn summary(all: &[Sentence], limit: usize) -> Vec<SummarySentence> {
    let mut ranked: Vec<(usize, usize, &Sentence, Vec<String>)> = all
        .iter()
        .enumerate()
        .filter(|(_, s)| s.factual && s.words.len() >= 4)
        .map(|(position, s)| (s.supporters.len(), position, s, s.supporters.clone()))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(&Sentence, Vec<String>)> = Vec::new();
    for (_, _, sentence, support) in ranked {
        if chosen.len() == limit {
            break;
        }
        if chosen.iter().all(|(c, _)| overlap(&c.words, &sentence.words) < REDUNDANT_OVERLAP) {
            chosen.push((sentence, support));
        }
    }
    chosen
        .into_iter()
        .map(|(s, support)| SummarySentence {
            text: s.text.clone(),
            outlet: s.outlet.clone(),
            supported_by: std::iter::once(s.outlet.clone()).chain(support).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_article;

    #[test]
    fn an_outlets_facts_naming_what_no_other_outlet_names_come_first_and_a_reading_view_folds_the_rest() {
        let brook = test_article(
            "b",
            "Brook Times",
            &[
                "The ferry service was suspended because of the gale over the weekend.",
                "Harbour crews said the waves had reached the upper deck of the pier.",
                "Skipper Ilse Marrow said 14 sailings were cancelled on the Tarn route.",
            ],
        );
        let ashby =
            test_article("a", "Ashby Post", &["Ferries stopped running after a storm hit the coast on Sunday."]);
        let (facts, _) = sentence_views(&[brook, ashby], 3);
        let brook = facts.iter().find(|f| f.outlet == "Brook Times").unwrap();
        assert!(brook.sentences[0].starts_with("Skipper Ilse Marrow"), "{:#?}", brook.sentences);
        assert_eq!(brook.shown(), (&brook.sentences[..], 0));
        let many = OutletFacts { outlet: "Brook Times".into(), sentences: vec!["a fact".into(); 8] };
        assert_eq!(many.shown().0.len(), OutletFacts::SHOWN);
        assert_eq!(many.shown().1, 8 - OutletFacts::SHOWN);
    }
}
