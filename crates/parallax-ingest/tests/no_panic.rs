//! Arbitrary bytes never make a reader panic: each input ends as articles,
//! rejections, warnings or skipped records, whatever the file is called.

use parallax_ingest::{read_sources, IngestConfig, SourceEvent};
use proptest::prelude::*;

fn ingest_bytes(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let config = IngestConfig { max_file_bytes: 1 << 16, max_record_bytes: 1 << 16 };
    for event in read_sources(&[path], &config).unwrap() {
        if let SourceEvent::Record(record) = event {
            let _ = record.build(chrono::Utc::now());
        }
    }
}

/// Byte strings that start like each format, then go wrong.
fn shaped_bytes() -> impl Strategy<Value = Vec<u8>> {
    let prefixes = prop::sample::select(vec![
        &b""[..],
        b"WARC/1.0\r\n",
        b"{\"title\": ",
        b"[{\"text\": \"",
        b"<?xml version=\"1.0\"?><rss><channel><item>",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
        b"<!DOCTYPE html><html><body><article><p>",
        b"\x1f\x8b\x08\x00",
        b"Headline Here\n\n2025-03-03\nBy Ada Lovelace\n\n",
    ]);
    (prefixes, prop::collection::vec(any::<u8>(), 0..600)).prop_map(|(prefix, tail)| {
        let mut bytes = prefix.to_vec();
        bytes.extend(tail);
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic(bytes in shaped_bytes(), name in prop::sample::select(vec!["a.txt", "a.html", "a.json", "a.jsonl", "a.xml", "a.warc", "a.gz", "a"])) {
        ingest_bytes(name, &bytes);
    }

    #[test]
    fn text_layout_never_panics(text in "[A-Za-z“”‘’\"'.,:;!?— \n\u{a0}0-9-]{0,800}") {
        let draft = parallax_ingest::parse_capture(&text);
        let _ = draft.finish(parallax_model::Provenance {
            file: "x".into(),
            record: parallax_model::RecordLocator::Whole,
            format: parallax_model::SourceFormat::Text,
        }, chrono::Utc::now());
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 10_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>The harbour board met on Monday to discuss the strike and the ships waiting outside the port, and agreed to meet again.</p><p>The union said it would wait for the board before calling another vote of its members.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let outcome = parallax_ingest::extract_html(page.as_bytes(), None);
    let draft = outcome.expect("the nested page is an article");
    assert_eq!(draft.paragraphs.len(), 2);
}
