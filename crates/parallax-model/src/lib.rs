//! The vocabulary of parallax: what an article is once it has been cleaned,
//! where it came from, and how its identity is computed.
//!
//! This crate does no I/O and depends on no other parallax crate; every other
//! crate speaks in its types.
//!
//! ```
//! use parallax_model::{ArticleId, normalize_text};
//!
//! let text = normalize_text("  Cafe\u{301}   opens\n\n today ");
//! assert_eq!(text, "Café opens today");
//! let by_url = ArticleId::from_url("HTTPS://Example.org/a?utm_source=x#top");
//! assert_eq!(by_url, ArticleId::from_url("https://example.org/a"));
//! ```

mod article;
mod article_id;
mod calendar;
mod published;
mod text;

pub use article::{Article, Paragraph, ParagraphKind, Provenance, RecordLocator, SourceFormat};
pub use article_id::{canonical_url, ArticleId};
pub use calendar::{month_number, weekday_number, weekday_or_abbreviation_number, MONTH_NAMES, WEEKDAY_NAMES};
pub use published::{DateSource, Published};
pub use text::{normalize_text, word_count};
