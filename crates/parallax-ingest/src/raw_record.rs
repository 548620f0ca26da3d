//! What the source reader hands on: raw records still to be turned into
//! articles (the expensive, parallel part), rejections, warnings and
//! records skipped on purpose.

use crate::article_draft::ArticleDraft;
use crate::html_extract::extract_html;
use crate::json_record::draft_from_json;
use crate::reject_reason::Rejection;
use crate::text_layout::parse_capture;
use chrono::{DateTime, Utc};
use parallax_model::{Article, Provenance};

/// A record's content, as read.
pub enum RawPayload {
    Text(String),
    Html {
        bytes: Vec<u8>,
        url: Option<String>,
    },
    Json(serde_json::Value),
    /// Already structured by its reader (feed entries).
    Draft(Box<ArticleDraft>),
}

pub struct RawRecord {
    pub provenance: Provenance,
    pub payload: RawPayload,
}

/// One event of reading sources, in input order.
pub enum SourceEvent {
    Record(RawRecord),
    Rejected(Rejection),
    Warning {
        provenance: Provenance,
        message: String,
    },
    /// A record that is not meant to be an article (a WARC request record, an image).
    Skipped {
        provenance: Provenance,
        why: String,
    },
}

impl RawRecord {
    /// Turns the record into a clean article. Pure: the ingest time comes in.
    pub fn build(self, ingested_at: DateTime<Utc>) -> Result<Article, Rejection> {
        let provenance = self.provenance;
        let draft = match self.payload {
            RawPayload::Text(text) => Ok(parse_capture(&text)),
            RawPayload::Html { bytes, url } => extract_html(&bytes, url.as_deref()),
            RawPayload::Json(value) => draft_from_json(&value),
            RawPayload::Draft(draft) => Ok(*draft),
        };
        draft
            .and_then(|draft| draft.finish(provenance.clone(), ingested_at))
            .map_err(|reason| Rejection { provenance, reason })
    }
}
