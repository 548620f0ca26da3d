//! An article before it is finished: what a reader found, not yet
//! normalised, without id, provenance or ingest time. `finish` applies the
//! rules every format shares.

use crate::date_parse::date_from_url;
use crate::language::detect_language;
use crate::line_shape::sentences;
use crate::reject_reason::RejectReason;
use chrono::{DateTime, Utc};
use parallax_model::{canonical_url, normalize_text, Article, DateSource, Paragraph, Provenance, Published};

#[derive(Clone, Debug, Default)]
pub struct ArticleDraft {
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub standfirst: Vec<String>,
    pub byline: Option<String>,
    pub published: Published,
    pub modified: Published,
    pub language: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub debris: Vec<String>,
    pub repeats_removed: usize,
    /// How sure the HTML extractor is that it found the article, in [0, 1].
    pub extraction_confidence: Option<f32>,
}

/// Longest inferred title, in words.
const INFERRED_TITLE_WORDS: usize = 16;

impl ArticleDraft {
    /// The publication date `finish` records: the one the article states,
    /// or when it states none the day its URL's path names, what htmldate
    /// and news-please fall back on, for every format alike.
    pub fn publication(&self) -> Published {
        match self.url.as_deref().and_then(date_from_url) {
            Some(date) if !self.published.is_known() => Published::Day { date, source: DateSource::UrlPath },
            _ => self.published.clone(),
        }
    }

    /// Normalises every text field, infers a missing title, detects the
    /// language, canonicalises the URL, dates an undated article by its URL
    /// path (`/2025/08/09/`, see `publication`) and computes the id. A draft
    /// with no body text is rejected.
    pub fn finish(self, provenance: Provenance, ingested_at: DateTime<Utc>) -> Result<Article, RejectReason> {
        let published = self.publication();
        let paragraphs: Vec<Paragraph> = self
            .paragraphs
            .into_iter()
            .map(|mut p| {
                p.text = normalize_text(&p.text);
                p.label = p.label.map(|l| normalize_text(&l));
                p
            })
            .filter(|p| !p.text.is_empty())
            .collect();
        if !paragraphs.iter().any(Paragraph::is_body) {
            return Err(RejectReason::NotAnArticle("no body text found".into()));
        }
        let title = self.title.map(|t| normalize_text(&t)).filter(|t| !t.is_empty());
        let title_inferred = title.is_none();
        let title = title.unwrap_or_else(|| infer_title(&paragraphs));
        let language = self.language.map(|l| normalize_language_tag(&l)).or_else(|| detect_language(&paragraphs));
        let mut article = Article {
            id: parallax_model::ArticleId::from_url("about:blank"),
            outlet: clean_field(self.outlet),
            url: self.url.as_deref().and_then(canonical_url),
            title,
            title_inferred,
            standfirst: self.standfirst.iter().map(|s| normalize_text(s)).filter(|s| !s.is_empty()).collect(),
            byline: clean_field(self.byline),
            published,
            modified: self.modified,
            language,
            paragraphs,
            debris: self.debris.iter().map(|d| normalize_text(d)).collect(),
            repeats_removed: self.repeats_removed,
            extraction_confidence: self.extraction_confidence,
            provenance,
            ingested_at,
        };
        article.id = article.compute_id();
        Ok(article)
    }
}

fn clean_field(value: Option<String>) -> Option<String> {
    value.map(|v| normalize_text(&v)).filter(|v| !v.is_empty())
}

/// `en-US` -> `en`, `EN` -> `en`.
fn normalize_language_tag(tag: &str) -> String {
    tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// The first clause of the first body sentence, at most 16 words.
fn infer_title(paragraphs: &[Paragraph]) -> String {
    let first_body = paragraphs.iter().find(|p| p.is_body()).map_or("", |p| p.text.as_str());
    let first_sentence = sentences(first_body).into_iter().next().unwrap_or(first_body);
    let clause = first_sentence
        .split_once(", ")
        .map(|(head, _)| head)
        .filter(|head| head.split_whitespace().count() >= 6)
        .unwrap_or(first_sentence);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let clipped = words.len() > INFERRED_TITLE_WORDS;
    let mut title = words[..words.len().min(INFERRED_TITLE_WORDS)].join(" ");
    title = title.trim_end_matches(['.', ',', ';', ':']).to_string();
    if clipped {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use parallax_model::{RecordLocator, SourceFormat};

    fn provenance() -> Provenance {
        Provenance { file: "x.txt".into(), record: RecordLocator::Whole, format: SourceFormat::Text }
    }

    #[test]
    fn title_is_inferred_from_first_clause() {
        let draft = ArticleDraft {
            paragraphs: vec![Paragraph::body(
                "Dockworkers at the Port of Calder walked off the job on Monday, halting traffic at the busiest harbour in the north.",
            )],
            ..ArticleDraft::default()
        };
        let article = draft.finish(provenance(), Utc::now()).unwrap();
        assert!(article.title_inferred);
        assert_eq!(article.title, "Dockworkers at the Port of Calder walked off the job on Monday");
        assert_eq!(article.language.as_deref(), Some("en"));
    }

    #[test]
    fn an_undated_article_takes_the_day_its_url_names() {
        let draft = |published| ArticleDraft {
            url: Some("https://harbourgazette.example/news/2025/03/12/strike-ends".into()),
            paragraphs: vec![Paragraph::body("Dockworkers at the Port of Calder went back to work on Wednesday.")],
            published,
            ..ArticleDraft::default()
        };
        let undated = draft(Published::Unknown).finish(provenance(), Utc::now()).unwrap();
        let march_12 = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        assert_eq!(undated.published, Published::Day { date: march_12, source: DateSource::UrlPath });
        let line_date = Published::Day { date: march_12.pred_opt().unwrap(), source: DateSource::DateLine };
        let dated = draft(line_date.clone()).finish(provenance(), Utc::now()).unwrap();
        assert_eq!(dated.published, line_date, "a date the article states wins over its URL");
    }

    #[test]
    fn no_body_is_rejected() {
        let draft = ArticleDraft { title: Some("Only a title".into()), ..ArticleDraft::default() };
        assert!(matches!(draft.finish(provenance(), Utc::now()), Err(RejectReason::NotAnArticle(_))));
    }
}
