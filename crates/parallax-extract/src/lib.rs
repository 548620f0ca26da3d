//! Article analysis: who is named, who said what, how many of what, when,
//! and how the article frames it. Pure and deterministic: rules and word
//! lists, no model, so it runs at thousands of articles per second.

mod entities;
mod quotes;
mod sentences;
mod words;

pub use entities::{Entity, EntityKind, EntityTracker, Mention};
pub use quotes::{find_quotes, Quote, QuoteKind, SpeakerContext};
pub use sentences::{split_sentences, Sentence};
