//! The pipeline: the only crate that knows the stage order. Today it runs
//! ingest: sources are read on one thread (cheap, in order), records are
//! built into articles and analysed in parallel with rayon (order kept),
//! deduplicated and clustered in order, and one writer stores each chunk
//! (articles, analyses, duplicate links, stories) in a single transaction.
//! Progress is reported through a callback so the CLI decides how to show
//! it.
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

mod catalog;
mod ingest_run;
mod snapshot;
mod writer_lock;

pub use catalog::{folded_copies, source_article, source_name, story_sources, CatalogStory, StoryCatalog};

pub use ingest_run::{IngestSummary, NewCopy, Progress, StoryChanges};
pub use snapshot::{DEFAULT_SNAPSHOT_EVERY, SNAPSHOT_FILE};
pub use writer_lock::{LockError, WriterLock, WRITER_LOCK_FILE};

use parallax_cluster::{ClusterConfig, ClusterDoc, DocIndex, PreparedDoc, StoryClusterer};
use parallax_dedup::{DedupConfig, Deduper};
use parallax_ingest::IngestConfig;
use parallax_model::Article;
use parallax_store::{ArticleQuery, SqliteStore};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Infrastructure failures that stop a run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    #[error(transparent)]
    Source(#[from] parallax_ingest::SourceError),
    #[error(transparent)]
    Search(#[from] parallax_search::SearchError),
    #[error(transparent)]
    Lock(#[from] LockError),
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
    /// How articles are grouped into stories and storylines.
    pub cluster: ClusterConfig,
    /// Articles stored since the last snapshot of the dedup and clustering
    /// state that make a new one due (see `snapshot.rs`); 0 never saves
    /// nor restores one.
    pub snapshot_every: u64,
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
            cluster: ClusterConfig::default(),
            snapshot_every: DEFAULT_SNAPSHOT_EVERY,
        }
    }

    /// Takes the data directory's writer lock (a second writer is refused;
    /// see `writer_lock.rs`), opens the store (creating and migrating it as
    /// needed) and restores
    /// the stages' state: from the latest snapshot, if one fits, then by
    /// replaying the articles stored after it in ingest order (the stages
    /// are deterministic, so the state is the same as when they were first
    /// seen).
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let writer_lock = WriterLock::acquire(&self.data_dir)?;
        let mut store = SqliteStore::open(&self.data_dir)?;
        backfill_analyses(&mut store)?;
        let mut notes = Vec::new();
        let restored = match self.snapshot_every {
            0 => None,
            _ => snapshot::load(&self, &store).unwrap_or_else(|note| {
                notes.push(note);
                None
            }),
        };
        let (mut deduper, mut stages, after, snapshot_articles) = match restored {
            Some(restored) => (restored.deduper, restored.clustering, Some(restored.through_seq), restored.articles),
            None => {
                let stages = ClusterStage { clusterer: self.cluster.clone().build(), docs: HashMap::new() };
                (self.dedup.clone().build(), stages, None, 0)
            }
        };
        let copies: HashSet<_> = store.duplicate_links()?.into_iter().map(|link| link.article).collect();
        let mut replay = |articles: &mut Vec<Article>| {
            replay_chunk(&mut deduper, &mut stages, &copies, std::mem::take(articles));
        };
        let mut chunk = Vec::with_capacity(REPLAY_CHUNK);
        store.for_each_article(&ArticleQuery { after, ..ArticleQuery::default() }, |article| {
            chunk.push(article);
            if chunk.len() == REPLAY_CHUNK {
                replay(&mut chunk);
            }
        })?;
        replay(&mut chunk);
        stages.clusterer.drain_changes();
        let opened = Opened { restored: snapshot_articles, replayed: deduper.len() as u64 - snapshot_articles };
        let search = parallax_search::SearchIndex::open(&self.data_dir)?;
        let mut search_writer = search.writer()?;
        index_missing(&store, &search, &mut search_writer)?;
        let mut pipeline = Pipeline {
            store,
            deduper,
            clustering: stages,
            search,
            search_writer,
            config: self,
            changes: StoryChanges::default(),
            snapshot_articles,
            notes,
            opened,
            _writer_lock: writer_lock,
        };
        pipeline.save_snapshot_if_due();
        Ok(pipeline)
    }
}

/// Stored articles replayed together: fingerprinted and tokenised in
/// parallel, then fed to the deduper and clusterer in order.
const REPLAY_CHUNK: usize = 2048;

/// Replays stored articles, in ingest order, into the deduper and (those
/// that are not copies) the clusterer.
fn replay_chunk(
    deduper: &mut Deduper,
    stages: &mut ClusterStage,
    copies: &HashSet<parallax_model::ArticleId>,
    articles: Vec<Article>,
) {
    let prepared: Vec<(parallax_dedup::Fingerprint, Option<PreparedDoc>)> = articles
        .par_iter()
        .map(|article| {
            let fingerprint = deduper.fingerprint(&dedup_text(article));
            (fingerprint, (!copies.contains(&article.id)).then(|| prepare(article)))
        })
        .collect();
    for (article, (fingerprint, prepared)) in articles.iter().zip(prepared) {
        deduper.check_fingerprint(article.id.as_str(), fingerprint);
        if let Some(prepared) = prepared {
            stages.assign_prepared(article, &prepared);
        }
    }
}

/// Adds articles to the search index and commits.
pub(crate) fn index_articles<'a>(
    writer: &mut parallax_search::SearchWriter,
    articles: impl Iterator<Item = &'a Article>,
) -> Result<(), PipelineError> {
    add_to_index(writer, articles)?;
    writer.commit()?;
    Ok(())
}

/// Adds articles to the index without committing: searchers see them at
/// the next commit.
pub(crate) fn add_to_index<'a>(
    writer: &mut parallax_search::SearchWriter,
    articles: impl Iterator<Item = &'a Article>,
) -> Result<(), PipelineError> {
    for article in articles {
        let body = dedup_text(article);
        writer.add(&parallax_search::IndexedArticle {
            id: article.id.as_str(),
            title: &article.title,
            body: &body,
            outlet: article.outlet.as_deref(),
            published: article.published.date(),
        })?;
    }
    Ok(())
}

/// Indexes stored articles the index lacks (a run killed between storing a
/// batch and indexing it).
fn index_missing(
    store: &SqliteStore,
    search: &parallax_search::SearchIndex,
    writer: &mut parallax_search::SearchWriter,
) -> Result<(), PipelineError> {
    if search.count() >= store.article_count()? {
        return Ok(());
    }
    let indexed = search.indexed_ids()?;
    let mut missing = Vec::new();
    store.for_each_article(&ArticleQuery::default(), |article| {
        if !indexed.contains(article.id.as_str()) {
            missing.push(article);
        }
    })?;
    index_articles(writer, missing.iter())
}

/// Analyses the stored articles that have no analysis, or one by an older
/// analyser, a batch per transaction.
fn backfill_analyses(store: &mut SqliteStore) -> Result<(), PipelineError> {
    let stale = store.articles_needing_analysis(parallax_extract::ANALYZER_VERSION)?;
    for chunk in stale.chunks(DEFAULT_BATCH_SIZE) {
        let analyses: Vec<_> = ingest_run::analyse(chunk).into_iter().map(|(row, _)| row).collect();
        store.write_analyses(&analyses, parallax_extract::ANALYZER_VERSION)?;
    }
    Ok(())
}

/// The clusterer and the arrival index of every clustered article.
pub(crate) struct ClusterStage {
    pub clusterer: StoryClusterer,
    pub docs: HashMap<parallax_model::ArticleId, DocIndex>,
}

impl ClusterStage {
    /// Clusters an original article tokenised by [`prepare`]; returns the
    /// story it joined on arrival.
    pub fn assign_prepared(&mut self, article: &Article, prepared: &PreparedDoc) -> u64 {
        let index = self.clusterer.assign_prepared(prepared);
        self.docs.insert(article.id.clone(), index);
        self.clusterer.arrival_story(index).0 as u64
    }

    /// The arrival story of an already clustered article.
    pub fn arrival_story_of(&self, id: &parallax_model::ArticleId) -> Option<u64> {
        self.docs.get(id).map(|index| self.clusterer.arrival_story(*index).0 as u64)
    }
}

/// An article tokenised for clustering: pure, so batches are prepared in
/// parallel and only the vocabulary and placement run in order.
pub fn prepare(article: &Article) -> PreparedDoc {
    let text = dedup_text(article);
    let published = article.published.date().and_then(|date| match article.published {
        parallax_model::Published::Instant { at, .. } => Some(at),
        _ => noon(date),
    });
    let not_before = earliest_possible(published, article.body());
    PreparedDoc::new(&ClusterDoc { title: Some(&article.title), text: &text, published, not_before })
}

/// A day as clustering takes it: its noon, UTC.
pub fn noon(date: chrono::NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    date.and_hms_opt(12, 0, 0).map(|d| d.and_utc())
}

/// For an undated article, the earliest it can have been published: the
/// latest date its paragraphs name (`ClusterDoc::not_before`); none when
/// the publication date is known.
pub fn earliest_possible<'a>(
    published: Option<chrono::DateTime<chrono::Utc>>,
    paragraphs: impl IntoIterator<Item = &'a str>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    match published {
        Some(_) => None,
        None => parallax_extract::latest_date_named(paragraphs).and_then(noon),
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
    clustering: ClusterStage,
    search: parallax_search::SearchIndex,
    search_writer: parallax_search::SearchWriter,
    config: PipelineConfig,
    changes: StoryChanges,
    /// Articles covered by the snapshot on disk (0: none).
    snapshot_articles: u64,
    /// What the caller should know but need not act on (a snapshot set
    /// aside or not saved); see [`Pipeline::take_notes`].
    notes: Vec<String>,
    opened: Opened,
    /// Held while the pipeline lives: no other process writes this store.
    _writer_lock: WriterLock,
}

/// How a pipeline's state was brought back when it was built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// Articles whose state came from the snapshot.
    pub restored: u64,
    /// Articles replayed from the store.
    pub replayed: u64,
}

impl Pipeline {
    pub fn store(&self) -> &SqliteStore {
        &self.store
    }

    /// The search index this pipeline writes (clones read what it commits).
    pub fn search_index(&self) -> &parallax_search::SearchIndex {
        &self.search
    }

    /// The stories written to since the last call (for
    /// `StoryCatalog::refresh`).
    pub fn take_changes(&mut self) -> StoryChanges {
        std::mem::take(&mut self.changes)
    }

    /// Rebuilds the search index from the store; returns the articles indexed.
    pub fn reindex(&mut self) -> Result<u64, PipelineError> {
        self.search_writer.clear()?;
        let mut articles = Vec::new();
        self.store.for_each_article(&ArticleQuery::default(), |article| articles.push(article))?;
        index_articles(&mut self.search_writer, articles.iter())?;
        Ok(articles.len() as u64)
    }

    /// Ingests every path (files, folders, `-` for stdin), reporting progress.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestSummary, PipelineError> {
        let (config, covered, notes) = (&self.config, &mut self.snapshot_articles, &mut self.notes);
        let mut checkpoint = |store: &SqliteStore, deduper: &Deduper, clustering: &ClusterStage| {
            // Within a run, a snapshot is due once the articles since the
            // last one reach as many as it covers: saves at doubling sizes
            // cost about as much again as the last one, and a run killed
            // midway replays at most half of what it had stored.
            let due = config.snapshot_every.max(*covered);
            if config.snapshot_every > 0 && deduper.len() as u64 >= *covered + due {
                save_snapshot(config, store, deduper, clustering, covered, notes);
            }
        };
        let mut stages = ingest_run::Stages {
            deduper: &mut self.deduper,
            clustering: &mut self.clustering,
            search: &mut self.search_writer,
            changes: &mut self.changes,
            checkpoint: &mut checkpoint,
        };
        let summary = ingest_run::run(&mut self.store, &mut stages, &self.config, paths, progress)?;
        self.save_snapshot_if_due();
        Ok(summary)
    }

    /// How the state was brought back when the pipeline was built.
    pub fn opened(&self) -> Opened {
        self.opened
    }

    /// Notes gathered since the last call: snapshots set aside or not
    /// saved. Nothing is lost either way (the store is replayed instead).
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Saves a snapshot once `snapshot_every` articles were stored since
    /// the last one.
    fn save_snapshot_if_due(&mut self) {
        let every = self.config.snapshot_every;
        if every == 0 || (self.deduper.len() as u64) < self.snapshot_articles + every {
            return;
        }
        save_snapshot(
            &self.config,
            &self.store,
            &self.deduper,
            &self.clustering,
            &mut self.snapshot_articles,
            &mut self.notes,
        );
    }
}

/// Saves a snapshot, recording what it covers, or notes why not.
fn save_snapshot(
    config: &PipelineConfig,
    store: &SqliteStore,
    deduper: &Deduper,
    clustering: &ClusterStage,
    covered: &mut u64,
    notes: &mut Vec<String>,
) {
    match snapshot::save(config, store, deduper, clustering) {
        Ok(articles) => *covered = articles,
        // A failure that repeats (another process writing the store) is
        // noted once.
        Err(note) if notes.last() != Some(&note) => notes.push(note),
        Err(_) => {}
    }
}
