//! The clean article and where it came from.

use crate::{normalize_text, ArticleId, Published};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A clean article: metadata, paragraphs with their kinds, and provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub outlet: Option<String>,
    /// The canonical URL, when known.
    pub url: Option<String>,
    pub title: String,
    /// True when the source had no headline and `title` was inferred from the body.
    pub title_inferred: bool,
    /// Summary lines (dek) that are neither headline nor body, in order.
    pub standfirst: Vec<String>,
    pub byline: Option<String>,
    pub published: Published,
    /// When the article was last modified, when the source says so; kept apart from `published`.
    #[serde(default)]
    pub modified: Published,
    /// ISO 639-1 code, when known or detected.
    pub language: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// Page furniture removed from the text (comment forms, share lines...), kept for audit.
    pub debris: Vec<String>,
    /// How many repeated paragraphs were dropped.
    pub repeats_removed: usize,
    /// How sure main-text extraction is that it found the article, in [0, 1]
    /// (HTML sources only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction_confidence: Option<f32>,
    pub provenance: Provenance,
    pub ingested_at: DateTime<Utc>,
}

/// One paragraph of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
    /// An inline section label that opens a body paragraph ("The US Response"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    Body,
    Subhead,
}

impl Paragraph {
    pub fn body(text: impl Into<String>) -> Paragraph {
        Paragraph { kind: ParagraphKind::Body, text: text.into(), label: None }
    }

    pub fn subhead(text: impl Into<String>) -> Paragraph {
        Paragraph { kind: ParagraphKind::Subhead, text: text.into(), label: None }
    }

    pub fn is_body(&self) -> bool {
        self.kind == ParagraphKind::Body
    }
}

/// The kind of source a record was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Text,
    Html,
    Json,
    JsonLines,
    Feed,
    Warc,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Json => "json",
            SourceFormat::JsonLines => "jsonl",
            SourceFormat::Feed => "feed",
            SourceFormat::Warc => "warc",
        }
    }
}

/// Where inside a file a record sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum RecordLocator {
    /// The file is one record.
    Whole,
    /// The n-th record (0-based) of a JSON array, JSON-lines file or feed.
    Index(u64),
    /// A record starting at this byte offset (WARC, in the decompressed stream).
    Offset(u64),
}

impl std::fmt::Display for RecordLocator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordLocator::Whole => f.write_str("whole file"),
            RecordLocator::Index(index) => write!(f, "record {index}"),
            RecordLocator::Offset(offset) => write!(f, "record at byte {offset}"),
        }
    }
}

/// Where a record came from: the file (or `-` for stdin), the record in it, its format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub file: String,
    pub record: RecordLocator,
    pub format: SourceFormat,
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.record {
            RecordLocator::Whole => f.write_str(&self.file),
            record => write!(f, "{} ({record})", self.file),
        }
    }
}

impl Article {
    /// The body paragraphs' text, in order.
    pub fn body(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().filter(|p| p.is_body()).map(|p| p.text.as_str())
    }

    /// Title, standfirst and every paragraph, one per line: the text an
    /// article's identity is computed from when it has no URL.
    pub fn identity_text(&self) -> String {
        let mut lines = vec![self.title.as_str()];
        lines.extend(self.standfirst.iter().map(String::as_str));
        lines.extend(self.paragraphs.iter().map(|p| p.text.as_str()));
        lines.join("\n")
    }

    /// Computes the id from the canonical URL when known, else from outlet and text.
    pub fn compute_id(&self) -> ArticleId {
        match &self.url {
            Some(url) => ArticleId::from_url(url),
            None => ArticleId::from_text(self.outlet.as_deref(), &normalize_text(&self.identity_text())),
        }
    }
}
