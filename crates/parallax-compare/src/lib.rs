//! The story view: the articles of one story lined up against each other.
//! Which outlets cover it; the numeric claims they agree on and where they
//! conflict (different things that look alike kept apart); context
//! contradictions (a sitting official called "former", another
//! administration named); one statement's quote variants; what only one
//! outlet reports; each outlet's framing; a summary chosen for cross-outlet
//! support; and a timeline of the dated events. Pure: the caller brings
//! the articles with their analyses (syndicated copies already folded).
//!
//! ```
//! use parallax_compare::{compare_story, SourceArticle};
//!
//! let article = |id: &str, outlet: &str, text: &str| {
//!     let paragraphs = vec![text.to_string()];
//!     let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
//!     let analysis = parallax_extract::analyze(&parallax_extract::ArticleText { title: "t", paragraphs: &refs, published: None });
//!     SourceArticle { id: id.into(), outlet: outlet.into(), title: "t".into(), published: None, paragraphs, analysis, copies: vec![] }
//! };
//! let view = compare_story(&[
//!     article("a", "Ashby Post", "About 300 ferry crew walked out at Lindqvist harbour on Monday."),
//!     article("b", "Brook Times", "Some 450 ferry crew walked out at Lindqvist harbour on Monday."),
//! ]);
//! assert_eq!(view.claims[0].verdict, parallax_compare::Verdict::Conflict);
//! ```

mod actor;
mod claims;
mod context;
mod facts;
mod quotes;
mod text;
mod timeline;

pub use claims::{ClaimEntry, ClaimGroup, Verdict};
pub use context::{ContextConflict, ContextSide};
pub use facts::{OutletFacts, SummarySentence};
pub use quotes::{QuoteGroup, QuoteVariant};
pub use timeline::{key_events, TimelineEvent};

use chrono::NaiveDate;
use parallax_extract::Analysis;
use serde::Serialize;

/// One original article of the story, with its analysis.
#[derive(Clone, Debug)]
pub struct SourceArticle {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    /// Body paragraphs, as analysed.
    pub paragraphs: Vec<String>,
    pub analysis: Analysis,
    /// Syndicated copies folded under this article.
    pub copies: Vec<ArticleRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleRef {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub published: Option<NaiveDate>,
}

/// One outlet's coverage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletCoverage {
    pub outlet: String,
    pub articles: Vec<ArticleRef>,
    /// Copies of other outlets' articles this outlet ran.
    pub copies: Vec<ArticleRef>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// An outlet's framing: the mean score of its articles, the phrases.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletFraming {
    pub outlet: String,
    pub score: f64,
    pub quoted_share: f64,
    pub phrases: Vec<String>,
}

/// The whole view of one story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryComparison {
    pub outlets: Vec<OutletCoverage>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub claims: Vec<ClaimGroup>,
    pub context_conflicts: Vec<ContextConflict>,
    pub quotes: Vec<QuoteGroup>,
    pub single_outlet: Vec<OutletFacts>,
    /// Outlets from most to least editorialising.
    pub framing: Vec<OutletFraming>,
    pub summary: Vec<SummarySentence>,
    pub timeline: Vec<TimelineEvent>,
    /// Articles the comparison sections read (all of them, up to
    /// [`MAX_COMPARED`]; beyond, a sample spread across outlets).
    pub compared_articles: usize,
}

/// Articles a view compares at most: alignment is quadratic in the
/// claims and sentences compared, and a view past a few hundred articles
/// is read as a sample anyway.
pub const MAX_COMPARED: usize = 200;

/// Up to `MAX_COMPARED` articles, taken in turn from each outlet (so that
/// no outlet is left out), in their original order.
fn comparison_sample(articles: &[SourceArticle]) -> Vec<SourceArticle> {
    if articles.len() <= MAX_COMPARED {
        return articles.to_vec();
    }
    let outlets = distinct_outlets(articles);
    let mut chosen = vec![false; articles.len()];
    let mut taken = 0;
    let mut round = 0;
    while taken < MAX_COMPARED {
        let mut took_any = false;
        for outlet in &outlets {
            let next = articles.iter().enumerate().filter(|(_, a)| &a.outlet == outlet).nth(round).map(|(i, _)| i);
            if let Some(index) = next.filter(|_| taken < MAX_COMPARED) {
                chosen[index] = true;
                taken += 1;
                took_any = true;
            }
        }
        if !took_any {
            break;
        }
        round += 1;
    }
    articles.iter().zip(chosen).filter(|(_, keep)| *keep).map(|(a, _)| a.clone()).collect()
}

/// Sentences in a story's summary, at most.
const SUMMARY_SENTENCES: usize = 5;

/// Builds the view of one story from its original articles.
pub fn compare_story(articles: &[SourceArticle]) -> StoryComparison {
    let outlets = outlet_coverage(articles);
    let articles = comparison_sample(articles);
    let mut analyses: Vec<Analysis> = articles.iter().map(|a| a.analysis.clone()).collect();
    parallax_extract::unify_entity_keys(&mut analyses);
    let articles: Vec<SourceArticle> =
        articles.iter().zip(analyses).map(|(a, analysis)| SourceArticle { analysis, ..a.clone() }).collect();
    let dates: Vec<NaiveDate> = outlets.iter().flat_map(|o| o.first.into_iter().chain(o.last)).collect();
    let (single_outlet, summary) = facts::sentence_views(&articles, SUMMARY_SENTENCES);
    StoryComparison {
        first: dates.iter().min().copied(),
        last: dates.iter().max().copied(),
        claims: claims::align_claims(&articles, distinct_outlets(&articles).len()),
        context_conflicts: context::contradictions(&articles),
        quotes: quotes::align_quotes(&articles),
        single_outlet,
        framing: outlet_framing(&articles),
        summary,
        timeline: timeline::timeline(&articles),
        compared_articles: articles.len(),
        outlets,
    }
}

/// Outlets in order of their first article.
fn outlet_coverage(articles: &[SourceArticle]) -> Vec<OutletCoverage> {
    let mut outlets: Vec<OutletCoverage> = Vec::new();
    for article in articles {
        let reference = ArticleRef {
            id: article.id.clone(),
            outlet: article.outlet.clone(),
            title: article.title.clone(),
            published: article.published,
        };
        coverage_of(&mut outlets, &article.outlet).articles.push(reference);
        for copy in &article.copies {
            coverage_of(&mut outlets, &copy.outlet).copies.push(copy.clone());
        }
    }
    for outlet in &mut outlets {
        let dates: Vec<NaiveDate> = outlet.articles.iter().chain(&outlet.copies).filter_map(|a| a.published).collect();
        outlet.first = dates.iter().min().copied();
        outlet.last = dates.iter().max().copied();
    }
    outlets.sort_by(|a, b| (a.first.is_none(), a.first, &a.outlet).cmp(&(b.first.is_none(), b.first, &b.outlet)));
    outlets
}

fn coverage_of<'o>(outlets: &'o mut Vec<OutletCoverage>, outlet: &str) -> &'o mut OutletCoverage {
    let index = match outlets.iter().position(|o| o.outlet == outlet) {
        Some(index) => index,
        None => {
            outlets.push(OutletCoverage {
                outlet: outlet.to_string(),
                articles: Vec::new(),
                copies: Vec::new(),
                first: None,
                last: None,
            });
            outlets.len() - 1
        }
    };
    &mut outlets[index]
}

/// Each outlet's mean framing score and its phrases, most editorialising first.
fn outlet_framing(articles: &[SourceArticle]) -> Vec<OutletFraming> {
    let mut framing: Vec<OutletFraming> = Vec::new();
    for outlet in distinct_outlets(articles) {
        let own: Vec<&SourceArticle> = articles.iter().filter(|a| a.outlet == outlet).collect();
        let count = own.len() as f64;
        let mut phrases: Vec<String> = Vec::new();
        for signal in own.iter().flat_map(|a| &a.analysis.framing.signals) {
            if signal.kind != parallax_extract::SignalKind::UnattributedEvaluation && !phrases.contains(&signal.phrase)
            {
                phrases.push(signal.phrase.clone());
            }
        }
        framing.push(OutletFraming {
            score: own.iter().map(|a| a.analysis.framing.score).fold(0.0, |sum, s| sum + s) / count,
            quoted_share: own.iter().map(|a| a.analysis.framing.quoted_share).fold(0.0, |sum, s| sum + s) / count,
            outlet,
            phrases,
        });
    }
    framing.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.outlet.cmp(&b.outlet)));
    framing
}

/// Outlets in the order their articles come.
pub(crate) fn distinct_outlets(articles: &[SourceArticle]) -> Vec<String> {
    let mut outlets: Vec<String> = Vec::new();
    for article in articles {
        if !outlets.contains(&article.outlet) {
            outlets.push(article.outlet.clone());
        }
    }
    outlets
}

/// Every sentence of an article: (paragraph, sentence text).
pub(crate) fn sentences(article: &SourceArticle) -> Vec<(usize, String)> {
    article
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(index, paragraph)| {
            parallax_extract::split_sentences(paragraph).into_iter().map(move |s| (index, s.text.to_string()))
        })
        .collect()
}

/// The sentence of a paragraph holding byte `at` (the paragraph if none).
pub(crate) fn sentence_at(article: &SourceArticle, paragraph: usize, at: usize) -> String {
    let Some(text) = article.paragraphs.get(paragraph) else { return String::new() };
    parallax_extract::split_sentences(text)
        .into_iter()
        .find(|s| s.start <= at && at < s.start + s.text.len())
        .map_or_else(|| text.clone(), |s| s.text.to_string())
}

/// A story article analysed from its paragraphs, for unit tests.
#[cfg(test)]
pub(crate) fn test_article(id: &str, outlet: &str, paragraphs: &[&str]) -> SourceArticle {
    let analysis =
        parallax_extract::analyze(&parallax_extract::ArticleText { title: "t", paragraphs, published: None });
    SourceArticle {
        id: id.into(),
        outlet: outlet.into(),
        title: "t".into(),
        published: None,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        analysis,
        copies: vec![],
    }
}
