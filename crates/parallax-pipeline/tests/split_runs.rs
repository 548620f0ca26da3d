//! Ingesting the sample corpus in two runs, split anywhere and with any
//! batch size, ends in the same stories, storylines and duplicates as one run.

use parallax_pipeline::PipelineConfig;
use parallax_store::{SqliteStore, StoryGroup};
use proptest::prelude::*;
use std::path::Path;

mod common;
use common::{corpus, corpus_files};

fn ingest(data: &Path, input: &Path, batch_size: usize) {
    let mut config = PipelineConfig::new(data);
    config.batch_size = batch_size;
    config.build().unwrap().ingest(&[input.to_path_buf()], &mut |_| {}).unwrap();
}

fn state(data: &Path) -> (Vec<StoryGroup>, Vec<(String, String)>) {
    let store = SqliteStore::open_read_only(data).unwrap();
    let links =
        store.duplicate_links().unwrap().into_iter().map(|l| (l.article.to_string(), l.original.to_string())).collect();
    (store.story_groups().unwrap(), links)
}

/// A copy of the first `count` corpus files, same relative paths.
fn prefix_of_corpus(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in corpus_files().into_iter().take(count) {
        let target = dir.path().join(file.strip_prefix(corpus()).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn two_runs_equal_one_run(split in 0usize..25, first_batch in 1usize..70, second_batch in 1usize..70) {
        let whole = tempfile::tempdir().unwrap();
        ingest(whole.path(), &corpus(), second_batch);
        let split_data = tempfile::tempdir().unwrap();
        let prefix = prefix_of_corpus(split);
        ingest(split_data.path(), prefix.path(), first_batch);
        ingest(split_data.path(), &corpus(), second_batch);
        prop_assert_eq!(state(split_data.path()), state(whole.path()));
    }
}

#[test]
fn the_corpus_has_seven_stories_in_five_storylines() {
    let data = tempfile::tempdir().unwrap();
    ingest(data.path(), &corpus(), 16);
    let (groups, links) = state(data.path());
    assert_eq!(groups.len(), 7);
    let storylines: std::collections::BTreeSet<u64> = groups.iter().map(|g| g.storyline).collect();
    assert_eq!(storylines.len(), 5);
    assert_eq!(links.len(), 2);
    assert_eq!(groups.iter().map(|g| g.articles.len()).sum::<usize>(), 40);
}
