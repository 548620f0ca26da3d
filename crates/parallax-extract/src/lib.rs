//! Article analysis: who is named, who said what, how many of what, when,
//! and how the article frames it. Pure and deterministic: rules and word
//! lists, no model, so it runs at thousands of articles per second.
//!
//! ```
//! use parallax_extract::{analyze, ArticleText};
//!
//! let paragraphs = ["“We will not accept it,” Minister Ilona Varga said of the 12 new tariffs."];
//! let analysis = analyze(&ArticleText { title: "Tariffs", paragraphs: &paragraphs, published: None });
//! assert_eq!(analysis.quotes[0].speaker_name.as_deref(), Some("Ilona Varga"));
//! assert_eq!(analysis.claims[0].counts.as_deref(), Some("tariffs"));
//! ```

/// Raised whenever the analyser's output changes, so that stores
/// re-analyse what an older version wrote.
pub const ANALYZER_VERSION: u32 = 2;

mod analyzer;
mod claims;
mod dates;
mod entities;
mod framing;
mod quotes;
mod sentences;
mod story_keys;
mod words;

pub use analyzer::{analyze, analyze_article, Analysis, ArticleText};
pub use claims::{sentence_claims, Claim};
pub use dates::{latest_date_named, paragraph_dates, publication_date, DateMention, Precision, PublicationDate};
pub use entities::{Entity, EntityKind, EntityTracker, Mention};
pub use framing::{framing, Framing, FramingSignal, SignalKind};
pub use quotes::{find_quotes, Quote, QuoteKind, SpeakerContext};
pub use sentences::{split_sentences, Sentence};
pub use story_keys::unify_entity_keys;
pub use words::is_title;
