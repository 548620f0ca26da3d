//! Numeric claims aligned across outlets. Two claims are about the same
//! thing when they count the same noun (or one noun ends the other:
//! "workers", "dockworkers") in the same unit, name no different actor,
//! and their sentences share enough words. Values that agree within their
//! hedges and ranges are an agreement; differing values a conflict. Seven
//! cartels listed by one government and eight by another stay two claims.

use crate::text::{content_words, overlap, stem, WordSet};
use crate::SourceArticle;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every outlet that reports it gives a compatible value.
    Agreement,
    /// Outlets give values that cannot both hold.
    Conflict,
    /// Only one outlet reports it.
    SingleOutlet,
}

/// One outlet's version of a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimEntry {
    pub outlet: String,
    pub article: String,
    pub value: f64,
    pub upper: Option<f64>,
    pub hedge: Option<String>,
    pub unit: Option<String>,
    /// Votes against, for a tally.
    pub against: Option<f64>,
    pub text: String,
    pub sentence: String,
}

/// A claim as the story's outlets report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimGroup {
    /// What is counted, as most outlets word it.
    pub counts: String,
    pub unit: Option<String>,
    pub verdict: Verdict,
    /// Outlets reporting it, and outlets covering the story.
    pub outlets: usize,
    pub of: usize,
    pub entries: Vec<ClaimEntry>,
}

/// Sentences of two claims must share at least this share of the smaller
/// one's content words to be about the same thing.
const SAME_THING_OVERLAP: f64 = 0.3;

struct Candidate {
    entry: ClaimEntry,
    counts: String,
    words: WordSet,
    /// Who the claim is about (see `actor.rs`), if known.
    actor: Option<String>,
}

/// The story's claims grouped, conflicts first, then agreements by how
/// many outlets report them, then single-outlet claims. Claims that agree
/// are grouped first; two groups that disagree are one conflict when they
/// are about the same thing and no article reports both values (an article
/// that gives 19 and 23 is counting two things).
pub fn align_claims(articles: &[SourceArticle], story_outlets: usize) -> Vec<ClaimGroup> {
    let candidates = candidates(articles);
    let mut parent: Vec<usize> = (0..candidates.len()).collect();
    for i in 0..candidates.len() {
        for j in 0..i {
            if compatible(&candidates[i].entry, &candidates[j].entry) && same_thing(&candidates[i], &candidates[j]) {
                join(&mut parent, i, j);
            }
        }
    }
    let mut groups = members_by_root(&mut parent);
    merge_disagreeing(&candidates, &mut groups);
    let mut aligned: Vec<ClaimGroup> = groups
        .iter()
        .map(|members| group(&members.iter().map(|&i| &candidates[i]).collect::<Vec<_>>(), story_outlets))
        .collect();
    aligned
        .sort_by_key(|g| (g.verdict != Verdict::Conflict, g.verdict == Verdict::SingleOutlet, usize::MAX - g.outlets));
    aligned
}

/// Merges agreeing groups that disagree about one thing into conflicts,
/// each check made against the groups as merged so far.
fn merge_disagreeing(candidates: &[Candidate], groups: &mut Vec<Vec<usize>>) {
    let mut first = 0;
    while first < groups.len() {
        let mut second = first + 1;
        while second < groups.len() {
            if disagree_about_one_thing(candidates, &groups[first], &groups[second]) {
                let absorbed = groups.remove(second);
                groups[first].extend(absorbed);
                second = first + 1;
            } else {
                second += 1;
            }
        }
        first += 1;
    }
}

fn join(parent: &mut [usize], a: usize, b: usize) {
    let (root_a, root_b) = (root(parent, a), root(parent, b));
    parent[root_a] = root_b;
}

fn root(parent: &mut [usize], mut index: usize) -> usize {
    while parent[index] != index {
        parent[index] = parent[parent[index]];
        index = parent[index];
    }
    index
}

/// Members of each set, sets in order of their first member.
fn members_by_root(parent: &mut [usize]) -> Vec<Vec<usize>> {
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; parent.len()];
    for index in 0..parent.len() {
        let root = root(parent, index);
        let at = *slot[root].get_or_insert_with(|| {
            sets.push(Vec::new());
            sets.len() - 1
        });
        sets[at].push(index);
    }
    sets
}

/// Two agreeing groups with different values are one conflict when some
/// pair of their claims, each naming what it counts, is about the same
/// thing and no article of either gives both values (whatever it counts
/// with them: "19 miners ... 23 men").
fn disagree_about_one_thing(candidates: &[Candidate], first: &[usize], second: &[usize]) -> bool {
    let gives_both = |set: &[usize], other: &[usize]| {
        set.iter().any(|&i| {
            let article = &candidates[i].entry.article;
            candidates
                .iter()
                .filter(|c| &c.entry.article == article)
                .any(|c| other.iter().any(|&j| close_values(&c.entry, &candidates[j].entry)))
        })
    };
    let named = |i: usize, j: usize| !candidates[i].counts.is_empty() && !candidates[j].counts.is_empty();
    let related =
        first.iter().any(|&i| second.iter().any(|&j| named(i, j) && same_thing(&candidates[i], &candidates[j])));
    related && !gives_both(first, second) && !gives_both(second, first)
}

fn candidates(articles: &[SourceArticle]) -> Vec<Candidate> {
    let roles = crate::actor::story_roles(articles);
    let mut found = Vec::new();
    for article in articles {
        for claim in &article.analysis.claims {
            // A number that counts nothing named is aligned only by its unit
            // ("81 percent"); a bare number is too vague to align.
            if claim.counts.is_none() && claim.unit.is_none() {
                continue;
            }
            found.push(Candidate {
                counts: claim.counts.as_deref().map(stem).unwrap_or_default(),
                words: content_words(&claim.sentence),
                actor: crate::actor::claim_actor(article, claim, &roles),
                entry: ClaimEntry {
                    outlet: article.outlet.clone(),
                    article: article.id.clone(),
                    value: claim.value,
                    upper: claim.upper,
                    hedge: claim.hedge.clone(),
                    unit: claim.unit.clone(),
                    against: claim.against,
                    text: claim.text.clone(),
                    sentence: claim.sentence.clone(),
                },
            });
        }
    }
    found
}

fn same_thing(a: &Candidate, b: &Candidate) -> bool {
    let actors_differ = matches!((&a.actor, &b.actor), (Some(x), Some(y)) if x != y);
    let same_article = a.entry.article == b.entry.article;
    nouns_match(&a.counts, &b.counts)
        && a.entry.unit == b.entry.unit
        && !actors_differ
        && !same_article
        && (a.entry.value == b.entry.value || overlap(&a.words, &b.words) >= SAME_THING_OVERLAP)
}

/// The same noun, one ending the other ("worker", "dockworker"), or no
/// noun on one side (its unit then says what it is).
fn nouns_match(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b || a.ends_with(b) || b.ends_with(a)
}

/// The range a value stands for: a stated range, or a hedge's give
/// ("about 4,200" stands for 4,095 to 4,305: a round figure, not a
/// different count).
fn bounds(entry: &ClaimEntry) -> (f64, f64) {
    let (low, high) = (entry.value, entry.upper.unwrap_or(entry.value));
    let slack = match entry.hedge.as_deref() {
        Some("about" | "around" | "roughly" | "approximately" | "some" | "an estimated" | "estimated" | "close to") => {
            0.025
        }
        Some("nearly" | "almost" | "up to" | "at most" | "fewer than" | "less than" | "under") => {
            return (0.0, high);
        }
        Some("at least" | "more than" | "over") => return (low, f64::INFINITY),
        _ => 0.0,
    };
    (low * (1.0 - slack), high * (1.0 + slack))
}

/// Same unit and values within a round figure of each other, hedges aside.
fn close_values(a: &ClaimEntry, b: &ClaimEntry) -> bool {
    a.unit == b.unit && (a.value - b.value).abs() <= 0.025 * a.value.abs().max(b.value.abs())
}

fn compatible(a: &ClaimEntry, b: &ClaimEntry) -> bool {
    let ((a_low, a_high), (b_low, b_high)) = (bounds(a), bounds(b));
    a_low <= b_high + 1e-9 && b_low <= a_high + 1e-9 && a.against == b.against
}

fn group(members: &[&Candidate], story_outlets: usize) -> ClaimGroup {
    let outlets: HashSet<&str> = members.iter().map(|c| c.entry.outlet.as_str()).collect();
    let all_compatible =
        members.iter().enumerate().all(|(i, a)| members[..i].iter().all(|b| compatible(&a.entry, &b.entry)));
    let verdict = match (outlets.len(), all_compatible) {
        (1, _) => Verdict::SingleOutlet,
        (_, true) => Verdict::Agreement,
        (_, false) => Verdict::Conflict,
    };
    let mut nouns: Vec<&str> = members.iter().map(|c| c.counts.as_str()).filter(|n| !n.is_empty()).collect();
    nouns.sort_unstable();
    let counts = nouns
        .iter()
        .max_by_key(|noun| (nouns.iter().filter(|n| n == noun).count(), std::cmp::Reverse(noun.len())))
        .map(|n| n.to_string())
        .or_else(|| members[0].entry.unit.clone())
        .unwrap_or_default();
    ClaimGroup {
        counts,
        unit: members[0].entry.unit.clone(),
        verdict,
        outlets: outlets.len(),
        of: story_outlets,
        entries: members.iter().map(|c| c.entry.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_article as article;

    #[test]
    fn differing_counts_of_one_thing_conflict() {
        let articles = [
            article(
                "a",
                "Ashby Post",
                &["About 4,200 dockworkers walked out at the Port of Tessen on Monday, leaving 38 ships at anchor."],
            ),
            article(
                "b",
                "Brook Times",
                &["Some 4,500 workers walked out at the Port of Tessen on Monday, the union said."],
            ),
            article(
                "c",
                "Cole Daily",
                &["About 4,200 workers are on strike at the Port of Tessen, and 38 ships are waiting."],
            ),
        ];
        let groups = align_claims(&articles, 3);
        let conflict = groups.iter().find(|g| g.verdict == Verdict::Conflict).expect("a conflict");
        let mut values: Vec<f64> = conflict.entries.iter().map(|e| e.value).collect();
        values.sort_by(f64::total_cmp);
        assert_eq!(values, vec![4200.0, 4200.0, 4500.0], "{groups:#?}");
        let ships = groups.iter().find(|g| g.counts == "ship").unwrap();
        assert_eq!((ships.verdict, ships.outlets, ships.of), (Verdict::Agreement, 2, 3));
    }

    #[test]
    fn two_counts_reported_side_by_side_are_not_a_conflict() {
        let articles = [
            article("a", "Ashby Post", &["Rescuers freed 19 of the 23 trapped miners at Orlen on Wednesday."]),
            article("b", "Brook Times", &["The collapse that trapped 23 miners at Orlen raised questions."]),
            article(
                "c",
                "Cole Daily",
                &["Rescue teams brought 19 miners to the surface, a day after a collapse trapped 23 men."],
            ),
            article("d", "Dale News", &["Nineteen men had been rescued by Wednesday evening at Orlen."]),
        ];
        let groups = align_claims(&articles, 4);
        assert!(groups.iter().all(|g| g.verdict != Verdict::Conflict), "{groups:#?}");
    }
}
