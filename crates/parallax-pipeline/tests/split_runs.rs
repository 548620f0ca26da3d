//! Ingesting the sample corpus in runs, split anywhere, with any batch
//! size and with or without snapshots of the state between them, ends in
//! the same stories, storylines and duplicates as one run. Snapshots are
//! due every 1 to 3 articles and a short middle run may add fewer, so a
//! later run starts from a snapshot alone or from one plus a replayed tail.

use parallax_pipeline::PipelineConfig;
use proptest::prelude::*;
use std::path::Path;

mod common;
use common::{corpus, prefix_of_corpus, story_state as state};

fn ingest(data: &Path, input: &Path, batch_size: usize, snapshot_every: u64) {
    let mut config = PipelineConfig::new(data);
    config.batch_size = batch_size;
    config.snapshot_every = snapshot_every;
    config.build().unwrap().ingest(&[input.to_path_buf()], &mut |_| {}).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn runs_equal_one_run(
        split in 0usize..25,
        more in 0usize..4,
        first_batch in 1usize..70,
        second_batch in 1usize..70,
        snapshot_every in 0u64..4,
    ) {
        let whole = tempfile::tempdir().unwrap();
        ingest(whole.path(), &corpus(), second_batch, 0);
        let split_data = tempfile::tempdir().unwrap();
        let prefix = prefix_of_corpus(split);
        ingest(split_data.path(), prefix.path(), first_batch, snapshot_every);
        let longer = prefix_of_corpus(split + more);
        ingest(split_data.path(), longer.path(), first_batch, snapshot_every);
        ingest(split_data.path(), &corpus(), second_batch, snapshot_every);
        prop_assert_eq!(state(split_data.path()), state(whole.path()));
    }
}

#[test]
fn the_corpus_has_seven_stories_in_five_storylines() {
    let data = tempfile::tempdir().unwrap();
    ingest(data.path(), &corpus(), 16, 0);
    let (groups, links) = state(data.path());
    assert_eq!(groups.len(), 7);
    let storylines: std::collections::BTreeSet<u64> = groups.iter().map(|g| g.storyline).collect();
    assert_eq!(storylines.len(), 5);
    assert_eq!(links.len(), 2);
    assert_eq!(groups.iter().map(|g| g.articles.len()).sum::<usize>(), 40);
}
