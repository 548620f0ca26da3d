//! Sentence-level comparison: what only one outlet reports, and a summary
//! of the sentences most outlets support.

use crate::text::{content_words, overlap};
use crate::{sentences, SourceArticle};
use serde::Serialize;
use std::collections::HashSet;

/// Sentences of one outlet that no other outlet of the story matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletFacts {
    pub outlet: String,
    pub sentences: Vec<String>,
}

/// A summary sentence and the outlets whose articles support it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummarySentence {
    pub text: String,
    pub outlet: String,
    pub supported_by: Vec<String>,
}

/// Two sentences report the same fact when they share this share of the
/// smaller one's content words.
const SAME_FACT_OVERLAP: f64 = 0.5;
/// Summary sentences this similar to one already chosen are skipped.
const REDUNDANT_OVERLAP: f64 = 0.45;

/// Verbs that make a sentence a report of something someone said or did.
const REPORTING: &[&str] = &["said", "says", "told", "reported", "announced", "confirmed", "added", "stated"];

struct Sentence {
    outlet: String,
    text: String,
    words: HashSet<String>,
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
            found.push(Sentence { outlet: article.outlet.clone(), words: content_words(&text), text, factual });
        }
    }
    found
}

/// The outlets (other than the sentence's own) with a matching sentence.
fn supporters(sentence: &Sentence, all: &[Sentence]) -> Vec<String> {
    let mut outlets: Vec<String> = Vec::new();
    for other in all {
        if other.outlet != sentence.outlet
            && !outlets.contains(&other.outlet)
            && overlap(&sentence.words, &other.words) >= SAME_FACT_OVERLAP
        {
            outlets.push(other.outlet.clone());
        }
    }
    outlets
}

/// A sentence that another outlet matches still carries a fact of its own
/// when this many of its words appear nowhere in the other outlets.
const NOVEL_WORDS: usize = 2;

/// Per outlet, its factual sentences that no other outlet matches or that
/// add words no other outlet uses (when the story has more than one outlet).
pub fn single_outlet_facts(articles: &[SourceArticle]) -> Vec<OutletFacts> {
    let all = story_sentences(articles);
    let outlets = crate::distinct_outlets(articles);
    if outlets.len() < 2 {
        return Vec::new();
    }
    outlets
        .into_iter()
        .map(|outlet| {
            let elsewhere: HashSet<&String> =
                all.iter().filter(|s| s.outlet != outlet).flat_map(|s| &s.words).collect();
            let own_fact = |s: &&Sentence| {
                let novel = s.words.iter().filter(|w| !elsewhere.contains(w)).count();
                s.outlet == outlet
                    && s.factual
                    && s.words.len() >= 4
                    && (novel >= NOVEL_WORDS || supporters(s, &all).is_empty())
            };
            OutletFacts { sentences: all.iter().filter(own_fact).map(|s| s.text.clone()).collect(), outlet }
        })
        .filter(|facts| !facts.sentences.is_empty())
        .collect()
}

/// Up to `limit` sentences, most supported first (earlier sentences of an
/// article break ties), none repeating another.
pub fn summary(articles: &[SourceArticle], limit: usize) -> Vec<SummarySentence> {
    let all = story_sentences(articles);
    let mut ranked: Vec<(usize, usize, &Sentence, Vec<String>)> = all
        .iter()
        .enumerate()
        .filter(|(_, s)| s.factual && s.words.len() >= 4)
        .map(|(position, s)| {
            let support = supporters(s, &all);
            (support.len(), position, s, support)
        })
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
