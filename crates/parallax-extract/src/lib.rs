//! Article analysis: who is named, who said what, how many of what, when,
//! and how the article frames it. Pure and deterministic: rules and word
//! lists, no model, so it runs at thousands of articles per second.

mod claims;
mod dates;
mod entities;
mod quotes;
mod sentences;
mod words;

pub use claims::{sentence_claims, Claim};
pub use dates::{paragraph_dates, publication_date, DateMention, Precision, PublicationDate};
pub use entities::{Entity, EntityKind, EntityTracker, Mention};
pub use quotes::{find_quotes, Quote, QuoteKind, SpeakerContext};
pub use sentences::{split_sentences, Sentence};
