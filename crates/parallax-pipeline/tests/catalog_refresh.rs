//! The story catalog brought up to date after each write from only the
//! stories the write touched equals the catalog built afresh from the
//! whole store, whatever the writes (the sample corpus split into any
//! number of runs, any batch size, one pipeline kept open as a server
//! keeps it). So does one kept by a reader on its own connection that
//! catches up on another process's writes (`StoryCatalog::catch_up`, as a
//! server resting beside a `parallax ingest` does).

use parallax_pipeline::{PipelineConfig, StoryCatalog};
use parallax_store::SqliteStore;
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
        let reader = SqliteStore::open_read_only(data.path()).unwrap();
        let (mut followed, mut through) = reader.consistent(StoryCatalog::build_through).unwrap();
        let files = corpus_files();
        let mut cuts: Vec<usize> = (1..runs).map(|i| (i * files.len() / runs + seed as usize) % files.len()).collect();
        cuts.extend([0, files.len()]);
        cuts.sort_unstable();
        cuts.dedup();
        for run in cuts.windows(2) {
            pipeline.ingest(&files[run[0]..run[1]], &mut |_| {}).unwrap();
            let changes = pipeline.take_changes();
            catalog.refresh(pipeline.store(), &changes).unwrap();
            let built = StoryCatalog::build(pipeline.store()).unwrap();
            prop_assert_eq!(&catalog, &built);
            through = reader.consistent(|store| followed.catch_up(store, through)).unwrap().1;
            prop_assert_eq!(&followed, &built, "caught up on a reader's connection");
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

/// A store written by one pipeline, with the catalog its writer keeps
/// (`refresh`) and the one a reader on its own connection keeps
/// (`catch_up`).
struct Writes {
    input: tempfile::TempDir,
    pipeline: parallax_pipeline::Pipeline,
    catalog: StoryCatalog,
    reader: SqliteStore,
    followed: StoryCatalog,
    through: i64,
    _data: tempfile::TempDir,
}

impl Writes {
    fn new() -> Writes {
        let data = tempfile::tempdir().unwrap();
        let pipeline = PipelineConfig::new(data.path()).build().unwrap();
        let catalog = StoryCatalog::build(pipeline.store()).unwrap();
        let reader = SqliteStore::open_read_only(data.path()).unwrap();
        let (followed, through) = reader.consistent(StoryCatalog::build_through).unwrap();
        Writes { input: tempfile::tempdir().unwrap(), pipeline, catalog, reader, followed, through, _data: data }
    }

    /// Ingests these (file name, content) in one run; checks that both
    /// catalogs equal the one built afresh.
    fn ingest(&mut self, files: &[(String, String)]) -> &StoryCatalog {
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|(name, text)| {
                let path = self.input.path().join(name);
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        self.pipeline.ingest(&paths, &mut |_| {}).unwrap();
        let changes = self.pipeline.take_changes();
        self.catalog.refresh(self.pipeline.store(), &changes).unwrap();
        assert_eq!(self.catalog, StoryCatalog::build(self.pipeline.store()).unwrap(), "{files:?}");
        let (followed, through) = (&mut self.followed, self.through);
        self.through = self.reader.consistent(|store| followed.catch_up(store, through)).unwrap().1;
        assert_eq!(self.followed, self.catalog, "caught up on a reader's connection: {files:?}");
        &self.catalog
    }
}

#[test]
fn a_storyline_linked_by_a_later_write_moves_the_earlier_stories_too() {
    let mut writes = Writes::new();
    for run in STRIKES.chunks(2) {
        writes.ingest(&run.iter().map(|(name, text)| (name.to_string(), text.to_string())).collect::<Vec<_>>());
    }
    let storylines: std::collections::BTreeSet<u64> = writes.catalog.stories.values().map(|s| s.storyline).collect();
    assert_eq!((writes.catalog.stories.len(), storylines.len()), (2, 1), "two stories, linked in one storyline");
}

/// One wire report as an outlet runs it: the same text under the outlet's
/// name, with its own publication time (or none).
fn wire_copy(outlet: &str, published: Option<&str>) -> String {
    let text = "Cranes stood idle at the port of Calder on Tuesday after a power failure cut the northern quay.\nThe Harbour Board said repairs would take two days and that grain ships would wait at anchor.\nTobias Wren, the board's chairman, blamed a transformer installed in 1998.";
    let mut record = serde_json::json!({"title": "Power failure halts Calder cranes", "text": text, "outlet": outlet});
    if let Some(published) = published {
        record["published"] = published.into();
    }
    record.to_string()
}

/// Copies that come after their original (published later, or undated)
/// are folded under it without re-reading the story; one published before
/// it is shown in its place, which re-reads the story. Either way the
/// catalog kept by the writer and the one a reader catches up equal the
/// catalog built afresh.
#[test]
fn copies_fold_under_their_original_or_take_its_place_when_published_first() {
    let runs: [&[(&str, Option<&str>)]; 3] = [
        &[("Meridian Wire", Some("2025-03-04T10:00:00Z"))],
        &[("Ridgeway Times", Some("2025-03-04T12:00:00Z")), ("Valecrest Daily", None)],
        &[("Northfield Courier", Some("2025-03-04T08:00:00Z"))],
    ];
    let mut writes = Writes::new();
    let mut shown = Vec::new();
    for (number, run) in runs.iter().enumerate() {
        let files: Vec<(String, String)> = run
            .iter()
            .enumerate()
            .map(|(i, (outlet, published))| (format!("run{number}-{i}.json"), wire_copy(outlet, *published)))
            .collect();
        let catalog = writes.ingest(&files);
        let story = catalog.stories.values().next().expect("one story");
        assert_eq!(story.originals.len(), 1, "run {number}: one report shown, its copies folded");
        shown.push((story.originals[0].0.outlet.clone(), story.originals[0].1.len()));
    }
    let expected = [("Meridian Wire", 0), ("Meridian Wire", 2), ("Northfield Courier", 3)];
    assert_eq!(shown, expected.map(|(outlet, copies)| (outlet.to_string(), copies)));
}
