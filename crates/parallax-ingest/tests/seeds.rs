//! The five raw captures in `../shared/seeds`, read at test time and checked
//! against `expected.json` (title, standfirst, date, byline, subheads,
//! furniture, repeats, body paragraph count). Skipped, saying so, when
//! `../shared` is absent (a user's clone).

use chrono::Utc;
use parallax_ingest::{RawPayload, RawRecord};
use parallax_model::{Article, Provenance, RecordLocator, SourceFormat};
use serde_json::Value;
use std::path::PathBuf;

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.join("expected.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/seeds is absent; the seed captures were not checked");
        None
    }
}

fn read_capture(dir: &std::path::Path, name: &str) -> Article {
    let text = std::fs::read_to_string(dir.join(name)).expect("seed readable");
    let provenance = Provenance { file: name.into(), record: RecordLocator::Whole, format: SourceFormat::Text };
    RawRecord { provenance, payload: RawPayload::Text(text) }.build(Utc::now()).expect("seed is an article")
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(|i| i.as_str().unwrap().to_string()).collect(),
        Value::String(s) => vec![s.clone()],
        _ => vec![],
    }
}

fn check_capture(name: &str, article: &Article, expect: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let mut check = |what: &str, ok: bool, got: String| {
        if !ok {
            failures.push(format!("{name}: {what}: got {got}"));
        }
    };
    match expect["title"].as_str() {
        Some(title) => {
            check("title", article.title == title && !article.title_inferred, format!("{:?}", article.title))
        }
        None => {
            check("inferred title", article.title_inferred && !article.title.is_empty(), format!("{:?}", article.title))
        }
    }
    let published = article.published.date().map(|d| d.to_string());
    check("published", published.as_deref() == expect["published"].as_str(), format!("{published:?}"));
    check("byline", article.byline.as_deref() == expect["byline"].as_str(), format!("{:?}", article.byline));
    check("standfirst", article.standfirst == strings(&expect["standfirst"]), format!("{:?}", article.standfirst));
    let subheads: Vec<String> = article.paragraphs.iter().filter(|p| !p.is_body()).map(|p| p.text.clone()).collect();
    check("subheads", subheads == strings(&expect["subheads"]), format!("{subheads:?}"));
    let body: Vec<&str> = article.body().collect();
    let expected_count = expect["body_paragraphs"].as_u64().unwrap() as usize;
    check("body paragraphs", body.len() == expected_count, format!("{} {:#?}", body.len(), body));
    for line in strings(&expect["debris"]) {
        let in_body = article.paragraphs.iter().any(|p| p.text == line);
        check("debris removed", !in_body && article.debris.contains(&line), format!("{line:?} in body: {in_body}"));
    }
    for prefix in strings(&expect["once"]) {
        let count = body.iter().filter(|p| p.starts_with(&prefix)).count();
        check("printed once", count == 1, format!("{count} copies of {prefix:?}"));
    }
    failures
}

#[test]
fn seeds_match_what_a_reader_sees() {
    let Some(dir) = seeds_dir() else { return };
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let files = expected["files"].as_object().unwrap();
    assert_eq!(files.len(), 5);
    let failures: Vec<String> =
        files.iter().flat_map(|(name, expect)| check_capture(name, &read_capture(&dir, name), expect)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seeds_keep_typographic_quotes_and_have_distinct_ids() {
    let Some(dir) = seeds_dir() else { return };
    let mut ids = std::collections::HashSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        let article = read_capture(&dir, &name);
        let raw = std::fs::read_to_string(dir.join(&name)).unwrap();
        if raw.contains('“') {
            assert!(article.body().any(|p| p.contains('“')), "{name} lost its curly quotes");
        }
        assert_eq!(article.language.as_deref(), Some("en"), "{name}");
        assert!(ids.insert(article.id.clone()), "{name} shares an id");
    }
    assert_eq!(ids.len(), 5);
}
