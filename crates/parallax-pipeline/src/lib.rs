//! The pipeline: the only crate that knows the stage order. Today it runs
//! ingest: sources are read on one thread (cheap, in order), records are
//! built into articles in parallel with rayon (order kept), and one writer
//! stores each chunk in a single transaction. Progress is reported through
//! a callback so the CLI decides how to show it.
//!
//! ```
//! use parallax_pipeline::PipelineConfig;
//!
//! let data = tempfile::tempdir().unwrap();
//! let input = tempfile::tempdir().unwrap();
//! std::fs::write(input.path().join("a.txt"), "Bridge Reopens\n\nThe Tessaly bridge reopened on Monday after three weeks of repairs, the council said.\n").unwrap();
//! let mut pipeline = PipelineConfig::new(data.path()).build().unwrap();
//! let summary = pipeline.ingest(&[input.path().to_path_buf()], &mut |_| {}).unwrap();
//! assert_eq!((summary.read, summary.stored), (1, 1));
//! ```

mod ingest_run;

pub use ingest_run::{IngestSummary, Progress};

use parallax_dedup::{DedupConfig, Deduper};
use parallax_ingest::IngestConfig;
use parallax_model::Article;
use parallax_store::{ArticleQuery, SqliteStore};
use std::path::{Path, PathBuf};

/// Infrastructure failures that stop a run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    #[error(transparent)]
    Source(#[from] parallax_ingest::SourceError),
}

/// How to build a pipeline.
#[derive(Clone, Debug)]
pub struct PipelineConfig {
    /// The data directory holding the store.
    pub data_dir: PathBuf,
    /// Size caps for readers.
    pub ingest: IngestConfig,
    /// Records built and written per transaction.
    pub batch_size: usize,
    /// How duplicates and syndicated copies are found.
    pub dedup: DedupConfig,
}

/// Default number of articles per write transaction.
pub const DEFAULT_BATCH_SIZE: usize = 256;

impl PipelineConfig {
    pub fn new(data_dir: &Path) -> PipelineConfig {
        PipelineConfig {
            data_dir: data_dir.to_path_buf(),
            ingest: IngestConfig::default(),
            batch_size: DEFAULT_BATCH_SIZE,
            dedup: DedupConfig::default(),
        }
    }

    /// Opens the store (creating and migrating it as needed) and restores
    /// the stages' state by replaying the stored articles in ingest order
    /// (the stages are deterministic, so the state is the same as when they
    /// were first seen).
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let store = SqliteStore::open(&self.data_dir)?;
        let mut deduper = self.dedup.clone().build();
        store.for_each_article(&ArticleQuery::default(), |article| {
            deduper.check(article.id.as_str(), &dedup_text(&article));
        })?;
        Ok(Pipeline { store, deduper, config: self })
    }
}

/// The text duplicates are judged on: the body, without title or furniture
/// (a syndicated copy often carries its own headline).
pub fn dedup_text(article: &Article) -> String {
    article.body().collect::<Vec<_>>().join("\n")
}

/// A built pipeline over one store.
pub struct Pipeline {
    store: SqliteStore,
    deduper: Deduper,
    config: PipelineConfig,
}

impl Pipeline {
    pub fn store(&self) -> &SqliteStore {
        &self.store
    }

    /// Ingests every path (files, folders, `-` for stdin), reporting progress.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestSummary, PipelineError> {
        ingest_run::run(&mut self.store, &mut self.deduper, &self.config, paths, progress)
    }
}
