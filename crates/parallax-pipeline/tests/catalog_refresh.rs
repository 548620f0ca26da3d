//! The story catalog brought up to date after each write from only the
//! stories the write touched equals the catalog built afresh from the
//! whole store, whatever the writes (the sample corpus split into any
//! number of runs, any batch size, one pipeline kept open as a server
//! keeps it).

use parallax_pipeline::{PipelineConfig, StoryCatalog};
use proptest::prelude::*;
use std::path::PathBuf;

mod common;
use common::corpus_files;

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn a_refreshed_catalog_equals_one_built_afresh(
        runs in 1usize..8,
        batch_size in 1usize..40,
        seed in 0u64..1000,
        merging in any::<bool>(),
    ) {
        let data = tempfile::tempdir().unwrap();
        let mut config = PipelineConfig::new(data.path());
        config.batch_size = batch_size;
        if merging {
            // Stories opened eagerly and merged readily: merges, whose
            // survivor also just gained an article, in most writes.
            config.cluster.story_threshold = 0.6;
            config.cluster.story_merge_threshold = 0.2;
        }
        let mut pipeline = config.build().unwrap();
        let mut catalog = StoryCatalog::build(pipeline.store()).unwrap();
        let files = corpus_files();
        let mut cuts: Vec<usize> = (1..runs).map(|i| (i * files.len() / runs + seed as usize) % files.len()).collect();
        cuts.extend([0, files.len()]);
        cuts.sort_unstable();
        cuts.dedup();
        for run in cuts.windows(2) {
            pipeline.ingest(&files[run[0]..run[1]], &mut |_| {}).unwrap();
            let changes = pipeline.take_changes();
            catalog.refresh(pipeline.store(), &changes).unwrap();
            prop_assert_eq!(&catalog, &StoryCatalog::build(pipeline.store()).unwrap());
        }
        if !merging {
            prop_assert_eq!(catalog.stories.len(), 7, "the corpus's seven stories");
        }
    }
}

/// Two strikes at two ports, told alike: the second run's storyline is
/// linked with the first run's, which the catalog must follow.
const STRIKES: [(&str, &str); 4] = [
    ("a1.txt", "Dockworkers strike shuts the port of Calder\n\nDockworkers walked out at the port of Calder on Monday, leaving ships waiting at anchor outside the harbour.\n\nThe Calder Dockworkers Union wants a nine percent rise from the Harbour Board, whose chairman Tobias Wren called the demand ruinous.\n\nUnion leader Maren Oduya said grain exporters in Veyra would miss contracts, and that cranes stood idle along the northern quay.\n\nInsurers in Tessaly priced the delay at millions, according to brokers at Orlen Mutual.\n"),
    ("a2.txt", "Calder port strike\n\nDockworkers walked out at the port of Calder on Monday, leaving ships waiting at anchor outside the harbour.\n\nMaren Oduya of the Calder Dockworkers Union said the Harbour Board offered four percent, and Tobias Wren refused more.\n\nGrain from Veyra waited in silos while Orlen Mutual brokers counted insurance losses along the northern quay.\n"),
    ("b1.txt", "Dockworkers strike shuts the port of Lindqvist\n\nDockworkers walked out at the port of Lindqvist on Monday, leaving ships waiting at anchor outside the harbour.\n\nThe Norrland Stevedores Guild demands shorter shifts from Brask Terminals after two accidents with forklifts in March.\n\nGuild secretary Oskar Halme said managers ignored fatigue rules, and ferry operator Sundline rerouted boats to Hallby.\n\nTimber mills upriver in Skarn stockpiled pine boards.\n"),
    ("b2.txt", "Lindqvist port strike\n\nDockworkers walked out at the port of Lindqvist on Monday, leaving ships waiting at anchor outside the harbour.\n\nOskar Halme of the Norrland Stevedores Guild blamed Brask Terminals for fatigue and forklift accidents.\n\nSundline ferries sailed to Hallby and Skarn timber mills stockpiled pine.\n"),
];

#[test]
fn a_storyline_linked_by_a_later_write_moves_the_earlier_stories_too() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let mut pipeline = PipelineConfig::new(data.path()).build().unwrap();
    let mut catalog = StoryCatalog::build(pipeline.store()).unwrap();
    for run in STRIKES.chunks(2) {
        let files: Vec<PathBuf> = run
            .iter()
            .map(|(name, text)| {
                let path = input.path().join(name);
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        pipeline.ingest(&files, &mut |_| {}).unwrap();
        let changes = pipeline.take_changes();
        catalog.refresh(pipeline.store(), &changes).unwrap();
        assert_eq!(catalog, StoryCatalog::build(pipeline.store()).unwrap());
    }
    let storylines: std::collections::BTreeSet<u64> = catalog.stories.values().map(|s| s.storyline).collect();
    assert_eq!((catalog.stories.len(), storylines.len()), (2, 1), "two stories, linked in one storyline");
}
