//! Scoring story views against hand annotations (`testdata/gold/
//! compare.json`): precision and recall of conflicts (numeric and
//! context), agreements and quote variants, micro-averaged over stories,
//! each prediction matched to at most one gold item.

use crate::analysis_metric::{match_one_to_one, normalise, Tally};
use parallax_compare::{ClaimGroup, ContextConflict, QuoteGroup, StoryComparison, Verdict};
use serde::{Deserialize, Serialize};

/// One annotated story, found among the system's stories by its articles.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldStory {
    pub story: String,
    pub articles: Vec<GoldStoryArticle>,
    pub conflicts: Vec<GoldConflict>,
    pub agreements: Vec<GoldAgreement>,
    pub quote_variants: Vec<GoldQuoteVariants>,
    #[serde(default)]
    pub single_outlet: Vec<GoldSingleFact>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldStoryArticle {
    pub outlet: String,
    pub title: Option<String>,
    pub first_words: String,
}

/// A numeric conflict (`kind` "claim", with `counts` and `values`) or a
/// context contradiction (`kind` "former", "office holder",
/// "administration", with the `outlet` that stands apart).
#[derive(Clone, Debug, Deserialize)]
pub struct GoldConflict {
    pub kind: String,
    pub counts: Option<String>,
    #[serde(default)]
    pub values: Vec<f64>,
    pub outlet: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldAgreement {
    /// None for a bare percentage, matched by its unit.
    pub counts: Option<String>,
    pub value: f64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldQuoteVariants {
    pub speaker: String,
    pub opens: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldSingleFact {
    pub outlet: String,
    pub words: String,
}

/// Scores per kind, with a line for every error.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CompareScore {
    pub conflicts: Tally,
    pub agreements: Tally,
    pub quote_variants: Tally,
    pub single_outlet_facts: Tally,
    #[serde(skip)]
    pub errors: Vec<String>,
}

impl CompareScore {
    pub fn add(&mut self, other: CompareScore) {
        self.conflicts.add(other.conflicts);
        self.agreements.add(other.agreements);
        self.quote_variants.add(other.quote_variants);
        self.single_outlet_facts.add(other.single_outlet_facts);
        self.errors.extend(other.errors);
    }

    pub fn kinds(&self) -> [(&'static str, Tally); 4] {
        [
            ("conflicts", self.conflicts),
            ("agreements", self.agreements),
            ("quote variants", self.quote_variants),
            ("single-outlet facts (recall)", self.single_outlet_facts),
        ]
    }
}

/// A conflict the view shows: a claim group in conflict or a context contradiction.
enum Shown<'v> {
    Claim(&'v ClaimGroup),
    Context(&'v ContextConflict),
}

fn nouns_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a == b || a.ends_with(&b) || b.ends_with(&a)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 * a.abs().max(b.abs()).max(1e-9)
}

fn group_values(group: &ClaimGroup) -> Vec<f64> {
    let mut values: Vec<f64> = Vec::new();
    for entry in &group.entries {
        if !values.iter().any(|v| close(*v, entry.value)) {
            values.push(entry.value);
        }
    }
    values
}

fn conflict_fits(shown: &Shown<'_>, gold: &GoldConflict) -> bool {
    match shown {
        Shown::Claim(group) => {
            let values = group_values(group);
            gold.kind == "claim"
                && gold.counts.as_deref().is_some_and(|c| nouns_match(c, &group.counts))
                && values.len() == gold.values.len()
                && gold.values.iter().all(|g| values.iter().any(|v| close(*v, *g)))
        }
        Shown::Context(conflict) => {
            conflict.kind == gold.kind && gold.outlet.as_ref().is_some_and(|o| conflict.claim.outlets.contains(o))
        }
    }
}

fn agreement_fits(group: &ClaimGroup, gold: &GoldAgreement) -> bool {
    let what = match &gold.counts {
        Some(counts) => nouns_match(counts, &group.counts),
        None => group.unit.as_deref() == Some("percent"),
    };
    what && group.entries.iter().all(|e| close(e.value, gold.value))
}

fn variants_fit(group: &QuoteGroup, gold: &GoldQuoteVariants) -> bool {
    normalise(&group.speaker_name) == normalise(&gold.speaker)
        && gold.opens.iter().all(|open| group.variants.iter().any(|v| normalise(&v.text).contains(&normalise(open))))
}

/// Scores one story's view against its annotation.
pub fn score_comparison(gold: &GoldStory, view: &StoryComparison) -> CompareScore {
    let mut errors = Vec::new();
    let shown: Vec<Shown<'_>> = view
        .claims
        .iter()
        .filter(|g| g.verdict == Verdict::Conflict)
        .map(Shown::Claim)
        .chain(view.context_conflicts.iter().map(Shown::Context))
        .collect();
    let conflicts = match_one_to_one(
        &shown,
        &gold.conflicts,
        conflict_fits,
        |s| match s {
            Shown::Claim(g) => format!("conflict {} {:?}", g.counts, group_values(g)),
            Shown::Context(c) => format!("conflict {} {}", c.kind, c.subject),
        },
        |g| format!("conflict {} {:?} {:?}", g.kind, g.counts, g.outlet),
        &mut errors,
    );
    let agreed: Vec<&ClaimGroup> = view.claims.iter().filter(|g| g.verdict == Verdict::Agreement).collect();
    let agreements = match_one_to_one(
        &agreed,
        &gold.agreements,
        |g, a| agreement_fits(g, a),
        |g| format!("agreement {} {:?}", g.counts, group_values(g)),
        |a| format!("agreement {:?} {}", a.counts, a.value),
        &mut errors,
    );
    let shared: Vec<&QuoteGroup> = view.quotes.iter().filter(|q| !q.single_outlet).collect();
    let quote_variants = match_one_to_one(
        &shared,
        &gold.quote_variants,
        |q, g| variants_fit(q, g),
        |q| {
            format!(
                "quote variants of {}: {:?}",
                q.speaker_name,
                q.variants.iter().map(|v| &v.text).collect::<Vec<_>>()
            )
        },
        |g| format!("quote variants of {}: {:?}", g.speaker, g.opens),
        &mut errors,
    );
    let found_facts = gold
        .single_outlet
        .iter()
        .filter(|fact| {
            let found = view
                .single_outlet
                .iter()
                .any(|o| o.outlet == fact.outlet && o.sentences.iter().any(|s| s.contains(&fact.words)));
            if !found {
                errors.push(format!("missed single-outlet fact of {}: {:?}", fact.outlet, fact.words));
            }
            found
        })
        .count();
    let single_outlet_facts = Tally { predicted: found_facts, gold: gold.single_outlet.len(), correct: found_facts };
    let errors = errors.into_iter().map(|e| format!("{}: {e}", gold.story)).collect();
    CompareScore { conflicts, agreements, quote_variants, single_outlet_facts, errors }
}
