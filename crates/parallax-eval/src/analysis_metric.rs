//! Scoring article analyses against hand annotations (the gold file
//! `testdata/gold/analysis.json`): precision and recall per kind, micro-
//! averaged over articles, each prediction matched to at most one gold item.
//!
//! - entities: canonical person, organisation and place entities, by kind
//!   and normalised name;
//! - quotes: statement quotes (direct or partial) whose text holds the gold
//!   quote's first words and whose speaker is the gold speaker;
//! - scare quotes: terms marked as such, by their words;
//! - claims: value (and upper end of a range) and counted thing both right;
//! - dates: day- and month-precision mentions resolved to the gold date
//!   (a mention left unresolved, for want of a publication date, is not a
//!   prediction).

use parallax_extract::{Analysis, Claim, DateMention, EntityKind, Precision, QuoteKind};
use serde::{Deserialize, Serialize};

/// One annotated article, found in a corpus by outlet and title (or the
/// first words of its body when it has no headline).
#[derive(Clone, Debug, Deserialize)]
pub struct GoldArticle {
    pub key: String,
    pub outlet: String,
    pub title: Option<String>,
    pub first_words: String,
    /// "kind:Canonical Name", kind one of person, org, place.
    pub entities: Vec<String>,
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub scare: Vec<String>,
    pub claims: Vec<GoldClaim>,
    pub dates: Vec<GoldDate>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldQuote {
    pub speaker: String,
    /// The quote's first words.
    pub opens: String,
    pub kind: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldClaim {
    pub value: f64,
    pub upper: Option<f64>,
    pub counts: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldDate {
    pub text: String,
    /// YYYY-MM-DD, or YYYY-MM for a month.
    pub date: String,
}

/// Counts for one kind: predictions and how many were right, gold items
/// and how many were found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub predicted: usize,
    pub gold: usize,
    pub correct: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub(crate) fn add(&mut self, other: Tally) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.correct += other.correct;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Scores per kind, with a line for every error (for `--verbose`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct AnalysisScore {
    pub entities: Tally,
    pub quotes: Tally,
    pub scare_quotes: Tally,
    pub claims: Tally,
    pub dates: Tally,
    #[serde(skip)]
    pub errors: Vec<String>,
}

impl AnalysisScore {
    pub fn add(&mut self, other: AnalysisScore) {
        self.entities.add(other.entities);
        self.quotes.add(other.quotes);
        self.scare_quotes.add(other.scare_quotes);
        self.claims.add(other.claims);
        self.dates.add(other.dates);
        self.errors.extend(other.errors);
    }

    /// (name, tally) of each kind, in report order.
    pub fn kinds(&self) -> [(&'static str, Tally); 5] {
        [
            ("entities", self.entities),
            ("quotes (with speaker)", self.quotes),
            ("scare quotes", self.scare_quotes),
            ("claims (value + counted)", self.claims),
            ("dates resolved", self.dates),
        ]
    }
}

/// Lower-case, apostrophes and quote marks dropped, "the " dropped, single spaces.
pub fn normalise(text: &str) -> String {
    let cleaned: String = text
        .replace(':', ": ")
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | '“' | '”' | '"'))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() || c == ':' || c == '.' { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().filter(|w| *w != "the").collect::<Vec<_>>().join(" ")
}

/// Scores one article's analysis against its annotation.
pub fn score_analysis(gold: &GoldArticle, analysis: &Analysis) -> AnalysisScore {
    let mut score = AnalysisScore::default();
    let mut errors = Vec::new();
    score.entities = score_entities(gold, analysis, &mut errors);
    score.quotes = score_quotes(gold, analysis, &mut errors);
    score.scare_quotes = score_scare(gold, analysis, &mut errors);
    score.claims = score_claims(gold, &analysis.claims, &mut errors);
    score.dates = score_dates(gold, &analysis.dates, &mut errors);
    score.errors = errors.into_iter().map(|e| format!("{}: {e}", gold.key)).collect();
    score
}

/// Matches predictions to gold items one to one, first fit in order;
/// reports the unmatched on both sides.
pub(crate) fn match_one_to_one<P, G>(
    predicted: &[P],
    gold: &[G],
    fits: impl Fn(&P, &G) -> bool,
    describe_predicted: impl Fn(&P) -> String,
    describe_gold: impl Fn(&G) -> String,
    errors: &mut Vec<String>,
) -> Tally {
    let mut used = vec![false; predicted.len()];
    let mut correct = 0;
    for item in gold {
        match (0..predicted.len()).find(|&i| !used[i] && fits(&predicted[i], item)) {
            Some(i) => {
                used[i] = true;
                correct += 1;
            }
            None => errors.push(format!("missed {}", describe_gold(item))),
        }
    }
    for (i, prediction) in predicted.iter().enumerate() {
        if !used[i] {
            errors.push(format!("wrong {}", describe_predicted(prediction)));
        }
    }
    Tally { predicted: predicted.len(), gold: gold.len(), correct }
}

fn entity_label(kind: EntityKind, name: &str) -> Option<String> {
    let kind = match kind {
        EntityKind::Person => "person",
        EntityKind::Organisation => "org",
        EntityKind::Place => "place",
        EntityKind::Other => return None,
    };
    Some(normalise(&format!("{kind}:{name}")))
}

fn score_entities(gold: &GoldArticle, analysis: &Analysis, errors: &mut Vec<String>) -> Tally {
    let predicted: Vec<String> = analysis.entities.iter().filter_map(|e| entity_label(e.kind, &e.name)).collect();
    let wanted: Vec<String> = gold.entities.iter().map(|e| normalise(e)).collect();
    match_one_to_one(&predicted, &wanted, |p, g| p == g, |p| format!("entity {p}"), |g| format!("entity {g}"), errors)
}

fn score_quotes(gold: &GoldArticle, analysis: &Analysis, errors: &mut Vec<String>) -> Tally {
    let statements: Vec<_> = analysis.quotes.iter().filter(|q| q.kind != QuoteKind::Scare).collect();
    match_one_to_one(
        &statements,
        &gold.quotes,
        |p, g| {
            normalise(&p.text).contains(&normalise(&g.opens))
                && p.speaker_name.as_deref().is_some_and(|s| normalise(s) == normalise(&g.speaker))
        },
        |p| format!("quote {:?} by {:?}", p.text, p.speaker_name),
        |g| format!("quote {:?} by {}", g.opens, g.speaker),
        errors,
    )
}

fn score_scare(gold: &GoldArticle, analysis: &Analysis, errors: &mut Vec<String>) -> Tally {
    let scare: Vec<_> = analysis.quotes.iter().filter(|q| q.kind == QuoteKind::Scare).collect();
    match_one_to_one(
        &scare,
        &gold.scare,
        |p, g| normalise(&p.text) == normalise(g),
        |p| format!("scare quote {:?}", p.text),
        |g| format!("scare quote {g:?}"),
        errors,
    )
}

fn same_value(predicted: f64, gold: f64) -> bool {
    (predicted - gold).abs() <= 0.005 * gold.abs().max(1e-9)
}

fn score_claims(gold: &GoldArticle, claims: &[Claim], errors: &mut Vec<String>) -> Tally {
    match_one_to_one(
        claims,
        &gold.claims,
        |p, g| {
            same_value(p.value, g.value)
                && g.upper.is_none_or(|upper| p.upper.is_some_and(|u| same_value(u, upper)))
                && p.counts.as_deref().map(normalise) == g.counts.as_deref().map(normalise)
        },
        |p| format!("claim {} {:?} ({:?})", p.value, p.counts, p.text),
        |g| format!("claim {} {:?}", g.value, g.counts),
        errors,
    )
}

fn score_dates(gold: &GoldArticle, dates: &[DateMention], errors: &mut Vec<String>) -> Tally {
    let resolvable: Vec<&DateMention> =
        dates.iter().filter(|d| d.date.is_some() && matches!(d.precision, Precision::Day | Precision::Month)).collect();
    match_one_to_one(
        &resolvable,
        &gold.dates,
        |p, g| {
            let Some(date) = p.date else { return false };
            match p.precision {
                Precision::Month => date.format("%Y-%m").to_string() == g.date,
                _ => date.format("%Y-%m-%d").to_string() == g.date,
            }
        },
        |p| format!("date {:?} -> {:?}", p.text, p.date),
        |g| format!("date {:?} = {}", g.text, g.date),
        errors,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_extract::{analyze, ArticleText};

    fn gold(json: &str) -> GoldArticle {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn right_and_wrong_predictions_are_counted() {
        let paragraphs = ["“The quay is closed,” Mayor Ines Vale said on Monday of the 12 berths."];
        let analysis = analyze(&ArticleText {
            title: "t",
            paragraphs: &paragraphs,
            published: chrono::NaiveDate::from_ymd_opt(2025, 3, 5),
        });
        let article = gold(
            r#"{"key": "k", "outlet": "o", "title": "t", "first_words": "x",
                "entities": ["person:Ines Vale", "org:Port Authority"],
                "quotes": [{"speaker": "Ines Vale", "opens": "The quay", "kind": "direct"}],
                "claims": [{"value": 12, "upper": null, "counts": "berths"}, {"value": 3, "upper": null, "counts": "ships"}],
                "dates": [{"text": "on Monday", "date": "2025-03-03"}]}"#,
        );
        let score = score_analysis(&article, &analysis);
        assert_eq!(score.entities.gold, 2);
        assert_eq!(score.entities.correct, 1);
        assert_eq!((score.quotes.correct, score.quotes.predicted), (1, 1));
        assert_eq!((score.claims.correct, score.claims.gold), (1, 2));
        assert_eq!(score.claims.recall(), 0.5);
        assert_eq!(score.dates.correct, 1, "{:?}", analysis.dates);
        assert!(score.errors.iter().any(|e| e.contains("missed claim 3")), "{:?}", score.errors);
    }

    #[test]
    fn names_compare_without_case_apostrophes_or_articles() {
        assert_eq!(normalise("org:The Calder Dockworkers’ Union"), normalise("org:Calder Dockworkers' Union"));
    }
}
