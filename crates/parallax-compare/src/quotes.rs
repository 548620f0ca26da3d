//! Quotes aligned: the same statement by the same speaker, reported in
//! different words (translation, trimming, splitting), is one quote with
//! its variants and the outlets of each.

use crate::text::{overlap, word_roots, WordSet};
use crate::SourceArticle;
use parallax_extract::QuoteKind;
use serde::Serialize;

/// One wording of a statement and the outlets that print it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteVariant {
    pub text: String,
    pub outlets: Vec<String>,
}

/// A statement by one speaker as the story's outlets report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteGroup {
    pub speaker: String,
    pub speaker_name: String,
    pub variants: Vec<QuoteVariant>,
    /// Every outlet that reports it.
    pub outlets: Vec<String>,
    pub single_outlet: bool,
}

/// Two quotes of one speaker are one statement when they share at least
/// this share of the shorter one's word roots.
const SAME_STATEMENT_OVERLAP: f64 = 0.5;

/// Statement quotes with a speaker, grouped; most widely reported first.
pub fn align_quotes(articles: &[SourceArticle]) -> Vec<QuoteGroup> {
    let mut groups: Vec<(QuoteGroup, Vec<WordSet>)> = Vec::new();
    for article in articles {
        for quote in article.analysis.quotes.iter().filter(|q| q.kind != QuoteKind::Scare) {
            let (Some(speaker), Some(name)) = (&quote.speaker, &quote.speaker_name) else { continue };
            let words = word_roots(&quote.text);
            let found = groups.iter_mut().find(|(group, variants)| {
                &group.speaker == speaker && variants.iter().any(|v| overlap(v, &words) >= SAME_STATEMENT_OVERLAP)
            });
            match found {
                Some((group, variants)) => {
                    add_variant(group, &quote.text, &article.outlet);
                    variants.push(words);
                }
                None => {
                    let mut group = QuoteGroup {
                        speaker: speaker.clone(),
                        speaker_name: name.clone(),
                        variants: Vec::new(),
                        outlets: Vec::new(),
                        single_outlet: true,
                    };
                    add_variant(&mut group, &quote.text, &article.outlet);
                    groups.push((group, vec![words]));
                }
            }
        }
    }
    let mut aligned: Vec<QuoteGroup> = groups.into_iter().map(|(group, _)| group).collect();
    aligned.sort_by_key(|g| std::cmp::Reverse(g.outlets.len()));
    aligned
}

fn add_variant(group: &mut QuoteGroup, text: &str, outlet: &str) {
    let text = text.trim().trim_end_matches([',', '.']).to_string();
    match group.variants.iter_mut().find(|v| v.text == text) {
        Some(variant) if !variant.outlets.iter().any(|o| o == outlet) => variant.outlets.push(outlet.to_string()),
        Some(_) => {}
        None => group.variants.push(QuoteVariant { text, outlets: vec![outlet.to_string()] }),
    }
    if !group.outlets.iter().any(|o| o == outlet) {
        group.outlets.push(outlet.to_string());
    }
    group.single_outlet = group.outlets.len() == 1;
}
