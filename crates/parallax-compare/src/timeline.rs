//! The story's timeline: the dated events its articles report (resolved
//! dates), merged across outlets by date, each with its sources.

use crate::SourceArticle;
use chrono::NaiveDate;
use parallax_extract::Precision;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEvent {
    pub date: NaiveDate,
    /// "day" or "month".
    pub precision: String,
    /// The sentence that reports it, from the first outlet to do so.
    pub text: String,
    pub sources: Vec<String>,
}

/// Events in date order; mentions of one date across outlets are one event.
pub fn timeline(articles: &[SourceArticle]) -> Vec<TimelineEvent> {
    let mut events: Vec<TimelineEvent> = Vec::new();
    for article in articles {
        for mention in &article.analysis.dates {
            let Some(date) = mention.date else { continue };
            let precision = match mention.precision {
                Precision::Day => "day",
                Precision::Month => "month",
                _ => continue,
            };
            match events.iter_mut().find(|e| e.date == date && e.precision == precision) {
                Some(event) if !event.sources.contains(&article.outlet) => event.sources.push(article.outlet.clone()),
                Some(_) => {}
                None => events.push(TimelineEvent {
                    date,
                    precision: precision.to_string(),
                    text: crate::sentence_at(article, mention.paragraph, mention.start),
                    sources: vec![article.outlet.clone()],
                }),
            }
        }
    }
    events.sort_by(|a, b| (a.date, &a.precision).cmp(&(b.date, &b.precision)));
    events
}

/// A story's `count` most widely reported dated events, in date order.
pub fn key_events(articles: &[SourceArticle], count: usize) -> Vec<TimelineEvent> {
    let mut events = timeline(articles);
    events.sort_by_key(|e| std::cmp::Reverse(e.sources.len()));
    events.truncate(count);
    events.sort_by_key(|e| e.date);
    events
}
