//! Snapshots of the dedup and clustering state: a store reopened from one
//! replays only what came after it, and a snapshot that does not fit (damaged,
//! another configuration, another store) is set aside with a note, never
//! trusted and never an error.

use parallax_pipeline::{Opened, Pipeline, PipelineConfig, SNAPSHOT_FILE};
use std::path::Path;

mod common;
use common::{corpus, prefix_of_corpus, story_state};

fn open(data: &Path, snapshot_every: u64) -> Pipeline {
    let mut config = PipelineConfig::new(data);
    config.snapshot_every = snapshot_every;
    config.build().unwrap()
}

fn ingest(data: &Path, input: &Path, snapshot_every: u64) {
    open(data, snapshot_every).ingest(&[input.to_path_buf()], &mut |_| {}).unwrap();
}

fn stored(data: &Path) -> u64 {
    parallax_store::SqliteStore::open_read_only(data).unwrap().article_count().unwrap()
}

/// A store of the whole corpus whose snapshot covers only its first files.
fn store_with_an_older_snapshot() -> (tempfile::TempDir, u64) {
    let data = tempfile::tempdir().unwrap();
    ingest(data.path(), prefix_of_corpus(12).path(), 1);
    let covered = stored(data.path());
    ingest(data.path(), &corpus(), 1_000_000);
    (data, covered)
}

fn one_run_state() -> (Vec<parallax_store::StoryGroup>, Vec<(String, String)>) {
    let whole = tempfile::tempdir().unwrap();
    ingest(whole.path(), &corpus(), 0);
    story_state(whole.path())
}

#[test]
fn a_reopened_store_restores_its_snapshot_and_replays_only_what_came_after() {
    let (data, covered) = store_with_an_older_snapshot();
    let total = stored(data.path());
    assert!(covered > 0 && covered < total, "{covered} of {total}");
    let mut pipeline = open(data.path(), 1_000_000);
    assert_eq!(pipeline.opened(), Opened { restored: covered, replayed: total - covered });
    assert!(pipeline.take_notes().is_empty());
    // What the restored pipeline goes on to do matches a single run.
    pipeline.ingest(&[corpus()], &mut |_| {}).unwrap();
    assert_eq!(story_state(data.path()), one_run_state());
    // A snapshot is saved once enough articles were replayed since the last.
    drop(pipeline);
    drop(open(data.path(), 1));
    assert_eq!(open(data.path(), 1).opened(), Opened { restored: total, replayed: 0 });
}

#[test]
fn a_damaged_snapshot_is_set_aside_and_the_store_replayed() {
    let (data, _) = store_with_an_older_snapshot();
    let file = data.path().join(SNAPSHOT_FILE);
    let good = std::fs::read(&file).unwrap();
    let total = stored(data.path());
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x55;
    let cases: [(&str, Vec<u8>); 3] = [
        ("damaged", flipped),
        ("damaged", good[..good.len() / 2].to_vec()),
        ("not a parallax snapshot", b"hello".to_vec()),
    ];
    for (reason, bytes) in cases {
        std::fs::write(&file, &bytes).unwrap();
        let mut pipeline = open(data.path(), 1_000_000);
        assert_eq!(pipeline.opened(), Opened { restored: 0, replayed: total });
        let notes = pipeline.take_notes();
        assert!(notes.len() == 1 && notes[0].contains(reason) && notes[0].contains(SNAPSHOT_FILE), "{notes:?}");
    }
    // Nothing was lost: ingesting again changes nothing and matches one run.
    ingest(data.path(), &corpus(), 0);
    assert_eq!(story_state(data.path()), one_run_state());
}

#[test]
fn a_snapshot_made_under_another_configuration_is_set_aside() {
    let (data, _) = store_with_an_older_snapshot();
    let mut config = PipelineConfig::new(data.path());
    config.cluster.story_threshold += 0.05;
    let mut pipeline = config.build().unwrap();
    assert_eq!(pipeline.opened().restored, 0);
    let notes = pipeline.take_notes();
    assert!(notes.iter().any(|n| n.contains("another dedup or clustering configuration")), "{notes:?}");
}

#[test]
fn a_snapshot_of_another_store_is_set_aside() {
    let (data, _) = store_with_an_older_snapshot();
    let other = tempfile::tempdir().unwrap();
    ingest(other.path(), prefix_of_corpus(5).path(), 0);
    std::fs::copy(data.path().join(SNAPSHOT_FILE), other.path().join(SNAPSHOT_FILE)).unwrap();
    let mut pipeline = open(other.path(), 1_000_000);
    assert_eq!(pipeline.opened(), Opened { restored: 0, replayed: stored(other.path()) });
    let notes = pipeline.take_notes();
    assert!(notes.iter().any(|n| n.contains("does not hold")), "{notes:?}");
}

#[test]
fn snapshots_can_be_turned_off() {
    let data = tempfile::tempdir().unwrap();
    ingest(data.path(), &corpus(), 0);
    assert!(!data.path().join(SNAPSHOT_FILE).exists());
    ingest(data.path(), &corpus(), 1);
    assert!(data.path().join(SNAPSHOT_FILE).exists());
    assert_eq!(open(data.path(), 0).opened(), Opened { restored: 0, replayed: stored(data.path()) });
}
