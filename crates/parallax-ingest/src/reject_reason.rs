//! Why a file or record was not turned into an article. A rejection is data,
//! not an error: the run goes on and the reason is counted and reported.

use parallax_model::Provenance;
use std::fmt;

/// The reason a record was rejected. `kind()` is a stable short name used
/// to count rejections; `Display` is the one-line explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RejectReason {
    Empty,
    Binary,
    MostlyInvalidUtf8 { invalid_percent: u32 },
    TooLarge { cap_bytes: u64 },
    TruncatedGzip(String),
    MalformedFeed(String),
    MalformedJson(String),
    WrongShape(String),
    BrokenWarcRecord(String),
    UnsupportedFormat(String),
    NotAnArticle(String),
    Unreadable(String),
}

impl RejectReason {
    /// A stable name for counting: `empty`, `binary`, `invalid_utf8`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            RejectReason::Empty => "empty",
            RejectReason::Binary => "binary",
            RejectReason::MostlyInvalidUtf8 { .. } => "invalid_utf8",
            RejectReason::TooLarge { .. } => "too_large",
            RejectReason::TruncatedGzip(_) => "truncated_gzip",
            RejectReason::MalformedFeed(_) => "malformed_feed",
            RejectReason::MalformedJson(_) => "malformed_json",
            RejectReason::WrongShape(_) => "wrong_shape",
            RejectReason::BrokenWarcRecord(_) => "broken_warc_record",
            RejectReason::UnsupportedFormat(_) => "unsupported_format",
            RejectReason::NotAnArticle(_) => "not_an_article",
            RejectReason::Unreadable(_) => "unreadable",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::Empty => f.write_str("empty file"),
            RejectReason::Binary => f.write_str("binary data, not text"),
            RejectReason::MostlyInvalidUtf8 { invalid_percent } => {
                write!(f, "mostly invalid UTF-8 ({invalid_percent}% of characters undecodable)")
            }
            RejectReason::TooLarge { cap_bytes } => {
                write!(f, "larger than the size cap of {cap_bytes} bytes")
            }
            RejectReason::TruncatedGzip(detail) => write!(f, "truncated or corrupt gzip: {detail}"),
            RejectReason::MalformedFeed(detail) => write!(f, "malformed RSS/Atom feed: {detail}"),
            RejectReason::MalformedJson(detail) => write!(f, "malformed JSON: {detail}"),
            RejectReason::WrongShape(detail) => write!(f, "JSON of the wrong shape: {detail}"),
            RejectReason::BrokenWarcRecord(detail) => write!(f, "broken WARC record: {detail}"),
            RejectReason::UnsupportedFormat(detail) => write!(f, "unsupported format: {detail}"),
            RejectReason::NotAnArticle(detail) => write!(f, "not an article: {detail}"),
            RejectReason::Unreadable(detail) => write!(f, "unreadable: {detail}"),
        }
    }
}

/// A rejected record with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub provenance: Provenance,
    pub reason: RejectReason,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provenance, self.reason)
    }
}
