//! Who a claim is about: the subject of the clause the number sits in (a
//! name opening that clause or, when the clause opens with a verb, an
//! earlier one), with a head of state or government standing for the
//! country they lead. "Canada ... joined the US in labeling seven cartels"
//! is Canada's count; "Washington designated eight" and "Trump designated
//! ... eight total" are both the United States'.

use crate::SourceArticle;
use parallax_extract::{Claim, EntityKind};
use std::collections::HashMap;

/// Words a clause may open with before its subject.
const LEADING: &[&str] = &[
    "the",
    "a",
    "an",
    "meanwhile",
    "however",
    "also",
    "then",
    "and",
    "but",
    "so",
    "earlier",
    "later",
    "now",
    "still",
    "after",
    "that",
    "while",
    "because",
    "which",
    "as",
    "when",
    "before",
    "since",
    "although",
    "though",
];

/// Marks that end a clause inside a sentence.
const CLAUSE_MARKS: &[char] = &[',', ';', ':', '—', '–', '(', ')'];

/// Every person's roles across the story's articles, by entity key.
pub fn story_roles(articles: &[SourceArticle]) -> HashMap<String, Vec<String>> {
    let mut roles: HashMap<String, Vec<String>> = HashMap::new();
    for entity in articles.iter().flat_map(|a| &a.analysis.entities) {
        let known = roles.entry(entity.key.clone()).or_default();
        for role in &entity.roles {
            if !known.contains(role) {
                known.push(role.clone());
            }
        }
    }
    roles
}

/// The claim's actor key, if its clause (or an earlier one) opens with a name.
pub fn claim_actor(article: &SourceArticle, claim: &Claim, roles: &HashMap<String, Vec<String>>) -> Option<String> {
    let number = claim.sentence.find(&claim.text).unwrap_or(0);
    let clauses = clause_starts(&claim.sentence);
    let current = clauses.iter().rposition(|&start| start <= number).unwrap_or(0);
    clauses[..=current].iter().rev().find_map(|&start| {
        let opening = first_content_word(&claim.sentence, start)?;
        let at = claim.sentence_start + opening;
        let entity = article.analysis.entities.iter().find(|e| {
            e.kind != EntityKind::Other && e.mentions.iter().any(|m| m.paragraph == claim.paragraph && m.start == at)
        })?;
        Some(country_of(&entity.key, roles).unwrap_or_else(|| entity.key.clone()))
    })
}

/// A leader's key stands for their country ("president of United States").
fn country_of(key: &str, roles: &HashMap<String, Vec<String>>) -> Option<String> {
    let leads = ["president of ", "prime minister of ", "premier of ", "chancellor of "];
    roles.get(key)?.iter().find_map(|role| {
        leads.iter().find_map(|lead| role.strip_prefix(lead)).map(|country| format!("place:{}", country.to_lowercase()))
    })
}

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] =
    &[" after ", " that ", " while ", " because ", " which ", " when ", " before ", " since ", " although ", " as "];

/// Byte offsets where the sentence's clauses start, in order.
fn clause_starts(sentence: &str) -> Vec<usize> {
    let mut starts = vec![0];
    for (at, c) in sentence.char_indices() {
        if CLAUSE_MARKS.contains(&c) {
            starts.push(at + c.len_utf8());
        }
    }
    let lower = sentence.to_lowercase();
    for word in SUBORDINATORS {
        starts.extend(lower.match_indices(word).map(|(at, _)| at + 1));
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Offset of the clause's first word that is not a leading particle.
fn first_content_word(sentence: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for raw in sentence.get(from..)?.split_inclusive(char::is_whitespace) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() && !LEADING.contains(&word.to_lowercase().as_str()) {
            return Some(offset + raw.find(word).unwrap_or(0));
        }
        if CLAUSE_MARKS.iter().any(|m| raw.contains(*m)) && offset > from {
            return None;
        }
        offset += raw.len();
    }
    None
}
