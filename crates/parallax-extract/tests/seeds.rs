//! The five raw captures in `../shared/seeds`, read at test time: every
//! direct quote has its speaker, a quote split by its attribution is one,
//! scare quotes carry no speaker, and the capture with no date has its
//! publication bounded from the text. Skipped, saying so, when `../shared`
//! is absent (a user's clone).

use chrono::{NaiveDate, Utc};
use parallax_extract::{analyze_article, Analysis, QuoteKind};
use parallax_ingest::{RawPayload, RawRecord};
use parallax_model::{Provenance, RecordLocator, SourceFormat};
use std::path::PathBuf;

fn seed_analyses() -> Option<Vec<(String, Analysis)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !dir.join("expected.json").exists() {
        eprintln!("SKIPPED: ../shared/seeds is absent; the seed analyses were not checked");
        return None;
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let analyses = names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            let provenance =
                Provenance { file: name.clone(), record: RecordLocator::Whole, format: SourceFormat::Text };
            let article = RawRecord { provenance, payload: RawPayload::Text(text) }.build(Utc::now()).unwrap();
            (name, analyze_article(&article))
        })
        .collect();
    Some(analyses)
}

#[test]
fn every_direct_quote_of_the_seeds_has_its_speaker() {
    let Some(seeds) = seed_analyses() else { return };
    assert_eq!(seeds.len(), 5);
    let mut direct = 0;
    for (name, analysis) in &seeds {
        for quote in analysis.quotes.iter().filter(|q| q.kind == QuoteKind::Direct) {
            direct += 1;
            assert!(
                quote.speaker.as_deref().is_some_and(|s| s.starts_with("person:")),
                "{name}: {:?} given to {:?}",
                quote.text,
                quote.speaker
            );
        }
    }
    assert!(direct >= 8, "only {direct} direct quotes found in the seeds");
}

#[test]
fn split_quotes_are_joined_and_scare_quotes_are_not_statements() {
    let Some(seeds) = seed_analyses() else { return };
    let (_, last) = seeds.last().unwrap();
    let joined =
        last.quotes.iter().filter(|q| q.text.contains("coordination") && q.text.contains("subordination")).count();
    assert!(joined >= 1, "the quote split by its attribution was not joined: {:#?}", last.quotes);
    assert!(
        !last.quotes.iter().any(|q| q.text.starts_with("But") && q.kind == QuoteKind::Direct),
        "the second half of a split quote stands alone"
    );
    let scare: Vec<_> = seeds.iter().flat_map(|(_, a)| &a.quotes).filter(|q| q.kind == QuoteKind::Scare).collect();
    assert!(scare.len() >= 2, "scare quotes not marked");
    assert!(scare.iter().all(|q| q.speaker.is_none() && q.verb.is_none()));
}

#[test]
fn the_undated_capture_is_bounded_by_what_it_reports() {
    let Some(seeds) = seed_analyses() else { return };
    let (name, last) = seeds.last().unwrap();
    assert_eq!(last.publication.date, None, "{name} states no date");
    assert!(last.publication.inferred);
    let bound = last.publication.not_before.expect("a lower bound from the text");
    assert!(bound >= NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), "{name}: bound {bound} is older than its events");
}
