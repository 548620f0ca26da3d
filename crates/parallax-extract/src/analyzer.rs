//! One article's analysis: entities, quotes, numeric claims (with the
//! speaker of the quote or attributed sentence they sit in), dates and
//! framing signals.

use crate::claims::{sentence_claims, Claim};
use crate::dates::{paragraph_dates, publication_date, DateMention, PublicationDate};
use crate::entities::{Entity, EntityTracker};
use crate::framing::{framing, Framing};
use crate::quotes::{find_quotes, Quote, QuoteKind, SpeakerContext};
use crate::sentences::split_sentences;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the analyser reads of an article.
#[derive(Clone, Copy, Debug)]
pub struct ArticleText<'a> {
    pub title: &'a str,
    /// Body paragraphs in order.
    pub paragraphs: &'a [&'a str],
    pub published: Option<NaiveDate>,
}

/// Everything found in one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
    pub dates: Vec<DateMention>,
    pub publication: PublicationDate,
    pub framing: Framing,
}

/// Analyses a clean article: its title, body paragraphs and publication date.
pub fn analyze_article(article: &parallax_model::Article) -> Analysis {
    let paragraphs: Vec<&str> = article.body().collect();
    analyze(&ArticleText { title: &article.title, paragraphs: &paragraphs, published: article.published.date() })
}

/// Analyses one article. Pure: the same text gives the same analysis.
pub fn analyze(article: &ArticleText<'_>) -> Analysis {
    let mut tracker = EntityTracker::default();
    let mut mentions = Vec::new();
    let mut claims = Vec::new();
    for (index, paragraph) in article.paragraphs.iter().enumerate() {
        for sentence in split_sentences(paragraph) {
            for (entity, start, end) in tracker.sentence(index, sentence.text, sentence.start) {
                mentions.push((index, start, end, entity));
            }
            claims.extend(sentence_claims(index, sentence.text, sentence.start));
        }
    }
    let quotes = find_quotes(article.paragraphs, &SpeakerContext { tracker: &tracker, mentions: &mentions });
    attribute_claims(&mut claims, &quotes);
    let dates: Vec<DateMention> =
        article.paragraphs.iter().enumerate().flat_map(|(i, p)| paragraph_dates(i, p, article.published)).collect();
    let publication = publication_date(article.published, &dates);
    let framing = framing(article.paragraphs, &quotes);
    Analysis { entities: tracker.finish(), quotes, claims, dates, publication, framing }
}

/// A claim whose number sits inside a statement quote with a speaker is
/// the speaker's; the author's numbers beside a quote stay the author's.
fn attribute_claims(claims: &mut [Claim], quotes: &[Quote]) {
    for claim in claims.iter_mut() {
        let at = claim.sentence_start + claim.sentence.find(&claim.text).unwrap_or(0);
        claim.speaker = quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Scare && q.paragraph == claim.paragraph)
            .find(|q| q.speaker.is_some() && q.start <= at && at < q.end)
            .and_then(|q| q.speaker.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_in_quotes_belong_to_the_speaker() {
        let paragraphs = [
            "Mexican President Claudia Sheinbaum spoke on Tuesday.",
            "“We have returned 29 suspects this year,” Sheinbaum said.",
            "The agency counted 1,300 seizures in 2024.",
        ];
        let analysis = analyze(&ArticleText {
            title: "t",
            paragraphs: &paragraphs,
            published: NaiveDate::from_ymd_opt(2025, 3, 6),
        });
        assert_eq!(analysis.claims.len(), 2, "{:#?}", analysis.claims);
        assert_eq!(analysis.claims[0].speaker.as_deref(), Some("person:claudia sheinbaum"));
        assert_eq!(analysis.claims[0].counts.as_deref(), Some("suspects"));
        assert_eq!(analysis.claims[1].speaker, None);
        assert_eq!(analysis.dates[0].date, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(analysis.quotes[0].speaker_name.as_deref(), Some("Claudia Sheinbaum"));
    }

    #[test]
    fn the_author_s_numbers_beside_a_quote_stay_the_author_s() {
        let paragraphs =
            ["Minister Omar Vidal vowed to “never give up the quay” after the council closed 12 berths on Monday."];
        let analysis = analyze(&ArticleText { title: "t", paragraphs: &paragraphs, published: None });
        assert_eq!(analysis.claims[0].counts.as_deref(), Some("berths"));
        assert_eq!(analysis.claims[0].speaker, None);
    }
}
