//! Readers that turn raw article files into clean [`parallax_model::Article`]s.
//!
//! Sources are folders (walked recursively), files and stdin; formats are
//! plain text captures, HTML (also gzipped), JSON and JSON lines (parallax's,
//! trafilatura's and news-please's field names), RSS/Atom feeds and WARC
//! (also gzipped). Reading is two steps: [`read_sources`] cuts the input into
//! [`RawRecord`]s cheaply and in order; [`RawRecord::build`] does the costly
//! part (layout, extraction, cleaning) and can run in parallel. A record
//! that cannot become an article is a [`Rejection`] naming the file, the
//! record and the reason; it never stops the run.
//!
//! ```
//! use parallax_ingest::parse_capture;
//!
//! let capture = "Harbour Strike Ends\n\n2025-03-12\nBy Ida Moor\n\nDockworkers at the Port of Calder went back to work on Wednesday after nine days.\n\nLeave a Reply\n";
//! let draft = parse_capture(capture);
//! assert_eq!(draft.title.as_deref(), Some("Harbour Strike Ends"));
//! assert_eq!(draft.byline.as_deref(), Some("Ida Moor"));
//! assert_eq!(draft.debris, vec!["Leave a Reply"]);
//! ```

mod article_draft;
mod body_tidy;
mod date_parse;
mod feed_reader;
mod furniture;
mod html_decode;
mod html_extract;
mod html_metadata;
mod json_record;
mod language;
mod line_shape;
mod raw_record;
mod reject_reason;
mod source_reader;
mod text_layout;
mod warc_reader;

pub use article_draft::ArticleDraft;
pub use html_extract::{explain_html, extract_html};
pub use raw_record::{RawPayload, RawRecord, SourceEvent};
pub use reject_reason::{RejectReason, Rejection};
pub use source_reader::{detect_content_format, detect_format, read_sources, DetectedFormat, SourceError};
pub use text_layout::{explain_capture, parse_capture};

/// Size caps for untrusted input.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    /// Largest file read whole (text, HTML, JSON, feeds), after decompression.
    pub max_file_bytes: u64,
    /// Largest single record of a streamed file (a JSON line, a WARC record).
    pub max_record_bytes: u64,
}

/// Default cap on a file: 20 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_file_bytes: DEFAULT_MAX_FILE_BYTES, max_record_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}
