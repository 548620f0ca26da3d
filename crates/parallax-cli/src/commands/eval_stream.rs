//! `parallax eval cluster --recombine N`: clustering quality at stream
//! scale. A labelled file such as ECB+ holds a few hundred documents, each
//! event once; a stream holds each event many times over weeks, beside
//! many others of its kind. This recombines the file's documents into such
//! a stream, labels kept: every slot of it picks an event (a `story` label)
//! and writes a handful of articles, each a random selection of the lines
//! of one of that event's documents, dated within two days of the slot.
//! What ECB+ alone cannot show, this does: whether storylines of one kind
//! of event (two earthquake regions, two courts) chain together as their
//! reports pile up. Deterministic (seeded).

use crate::commands::bench_stream::Seeded;
use crate::commands::cluster::StreamArticle;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// Articles written for each slot.
const ARTICLES_PER_SLOT: usize = 8;

/// A labelled document: its lines and its (story, storyline) labels.
pub struct Labelled {
    pub lines: Vec<String>,
    pub story: String,
    pub storyline: String,
}

/// A recombined article and its labels.
pub struct Recombined {
    pub article: StreamArticle,
    pub story: String,
    pub storyline: String,
}

/// `count` articles recombined from `documents`, spread over `days` days
/// in order of their slots.
pub fn recombine(documents: &[Labelled], count: usize, days: i64, seed: u64) -> Vec<Recombined> {
    let mut by_story: BTreeMap<&str, Vec<&Labelled>> = BTreeMap::new();
    for document in documents.iter().filter(|document| !document.lines.is_empty()) {
        by_story.entry(document.story.as_str()).or_default().push(document);
    }
    let events: Vec<&Vec<&Labelled>> = by_story.values().collect();
    if events.is_empty() {
        return Vec::new();
    }
    let mut random = Seeded::new(seed);
    let start: DateTime<Utc> = "2025-01-01T00:00:00Z".parse().expect("static date");
    let slots = count.div_ceil(ARTICLES_PER_SLOT);
    let mut stream = Vec::with_capacity(count);
    for slot in 0..slots {
        let event = events[random.below(events.len())];
        let opens = start + Duration::minutes(slot as i64 * days * 24 * 60 / slots as i64);
        for _ in 0..ARTICLES_PER_SLOT.min(count - stream.len()) {
            let source = event[random.below(event.len())];
            let published = opens + Duration::minutes(random.below(48 * 60) as i64);
            stream.push(Recombined {
                article: article_from(source, stream.len(), published, &mut random),
                story: source.story.clone(),
                storyline: source.storyline.clone(),
            });
        }
    }
    stream
}

/// About three lines in five of `source` (its first three when fewer are
/// kept), the first kept line as the title.
fn article_from(source: &Labelled, index: usize, published: DateTime<Utc>, random: &mut Seeded) -> StreamArticle {
    let mut kept: Vec<&str> = source.lines.iter().filter(|_| random.below(5) < 3).map(String::as_str).collect();
    if kept.len() < 3 {
        kept = source.lines.iter().take(3).map(String::as_str).collect();
    }
    StreamArticle {
        id: format!("r{index}"),
        title: Some(kept[0].chars().take(90).collect()),
        body: kept[1..].join("\n"),
        published: Some(published),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents() -> Vec<Labelled> {
        let document = |story: &str, storyline: &str, words: &str| Labelled {
            lines: (0..6).map(|k| format!("{words} line {k} of the report.")).collect(),
            story: story.into(),
            storyline: storyline.into(),
        };
        vec![
            document("strike", "port", "Calder dockworkers strike"),
            document("strike", "port", "Calder dockworkers walk out"),
            document("deal", "port", "Calder strike ends with a deal"),
            document("flood", "river", "Tessaly River floods Brennick"),
        ]
    }

    #[test]
    fn a_recombined_stream_keeps_its_sources_labels_and_runs_in_slot_order() {
        let documents = documents();
        let stream = recombine(&documents, 100, 10, 7);
        assert_eq!(stream.len(), 100);
        let again = recombine(&documents, 100, 10, 7);
        assert!(stream.iter().zip(&again).all(|(a, b)| a.article.body == b.article.body && a.story == b.story));
        for item in &stream {
            let source = documents.iter().find(|d| d.lines.iter().any(|l| item.article.body.contains(l.as_str())));
            let source = source.expect("every line comes from a document");
            assert_eq!((&item.story, &item.storyline), (&source.story, &source.storyline));
            assert!(item.article.title.is_some() && !item.article.body.is_empty());
        }
        let dates: Vec<DateTime<Utc>> = stream.iter().filter_map(|item| item.article.published).collect();
        let span = *dates.iter().max().unwrap() - *dates.iter().min().unwrap();
        assert!((9..=12).contains(&span.num_days()), "spread over the days asked for: {span}");
        let slots: Vec<&[Recombined]> = stream.chunks(ARTICLES_PER_SLOT).collect();
        assert!(slots.iter().all(|slot| slot.iter().all(|item| item.story == slot[0].story)), "one event a slot");
        assert!(slots
            .windows(2)
            .all(|pair| pair[1][0].article.published.unwrap()
                >= pair[0][0].article.published.unwrap() - Duration::days(2)));
        let events: std::collections::BTreeSet<&str> = stream.iter().map(|item| item.story.as_str()).collect();
        assert_eq!(events.len(), 3, "every event recurs");
    }
}
