//! One ingest run: reader thread -> builder thread (parallel build and
//! analysis) -> batched writer, the builder working on the next chunk while
//! the writer dedups, clusters and stores the last.

use crate::{dedup_text, PipelineConfig, PipelineError};
use chrono::Utc;
use parallax_dedup::{Deduper, Verdict};
use parallax_ingest::{read_sources, RawRecord, Rejection, SourceEvent};
use parallax_model::{Article, Provenance};
use parallax_store::SqliteStore;
use parallax_store::{Batch, DuplicateKind, DuplicateLink, StoryRecord, StorylineRecord};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What a run did. Every record read ends in exactly one of stored,
/// already stored or rejected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Records read (articles candidates, including rejected ones).
    pub read: u64,
    pub stored: u64,
    pub already_stored: u64,
    pub rejected: u64,
    /// Rejections counted by reason kind.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// Records that are not meant to be articles (WARC requests, images).
    pub skipped: u64,
    pub warnings: u64,
    /// Newly stored articles that copy an earlier one (exact or near).
    pub duplicates: u64,
}

/// What the run tells its caller as it goes.
pub enum Progress<'a> {
    Rejected(&'a Rejection),
    Warning {
        provenance: &'a Provenance,
        message: &'a str,
    },
    /// A batch was written: the ids of its articles newly stored and of
    /// those the store already held, each in input order.
    Accepted {
        stored: &'a [parallax_model::ArticleId],
        already_stored: &'a [parallax_model::ArticleId],
    },
    /// A batch was written; the summary so far.
    Written(&'a IngestSummary),
}

/// Chunks of source events in flight between the reader thread and the builder.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The stateful stages an ingest run feeds.
pub(crate) struct Stages<'p> {
    pub deduper: &'p mut Deduper,
    pub clustering: &'p mut crate::ClusterStage,
    pub search: &'p mut parallax_search::SearchWriter,
    pub changes: &'p mut StoryChanges,
    /// Called after each stored batch, when the state matches the store
    /// (the pipeline saves a snapshot there when one is due).
    pub checkpoint: &'p mut dyn FnMut(&SqliteStore, &Deduper, &crate::ClusterStage),
}

/// The stories writes touched, as a story catalog needs them to bring
/// itself up to date (`StoryCatalog::refresh`): those `restructured`, and
/// the new articles `appended` to or `copied` into the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryChanges {
    /// Stories whose records changed (created, merged, moved to another
    /// storyline: a storyline link moves all of its stories): a catalog
    /// re-reads them whole.
    pub restructured: std::collections::BTreeSet<u64>,
    /// New articles that are not copies, in ingest order, with the story
    /// they joined: for a story not `restructured`, these are added at its
    /// end.
    pub appended: Vec<(parallax_model::ArticleId, u64)>,
    /// New copies, in ingest order: each is folded under its original (or,
    /// when it changes which member of its group is shown, its story is
    /// re-read whole).
    pub copied: Vec<NewCopy>,
}

/// A new copy, with the original its duplicate link names and the story it
/// joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCopy {
    pub article: parallax_model::ArticleId,
    pub original: parallax_model::ArticleId,
    pub story: u64,
}

impl StoryChanges {
    /// Records one written batch.
    fn add(&mut self, batch: &Batch) {
        let original_of: HashMap<&parallax_model::ArticleId, &parallax_model::ArticleId> =
            batch.duplicates.iter().map(|link| (&link.article, &link.original)).collect();
        self.restructured.extend(batch.stories.iter().map(|row| row.story));
        for (article, story) in &batch.article_stories {
            self.add_article(article, original_of.get(article).copied(), *story);
        }
    }

    /// Records a new article that joined `story`, a copy of `original` if
    /// it is one.
    pub fn add_article(
        &mut self,
        article: &parallax_model::ArticleId,
        original: Option<&parallax_model::ArticleId>,
        story: u64,
    ) {
        match original {
            Some(original) => self.copied.push(NewCopy { article: article.clone(), original: original.clone(), story }),
            None => self.appended.push((article.clone(), story)),
        }
    }
}

/// How often a long run commits the search index. Each commit makes a
/// segment that tantivy later merges, so committing after every batch
/// spent a fifth of an ingest's CPU on merges; a run always commits at
/// its end, and a run killed before then is caught up when the store is
/// next opened (`index_missing`).
const INDEX_COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub(crate) fn run(
    store: &mut SqliteStore,
    stages: &mut Stages<'_>,
    config: &PipelineConfig,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
) -> Result<IngestSummary, PipelineError> {
    let events = read_sources(paths, &config.ingest)?;
    let batch_size = config.batch_size.max(1);
    let (sender, receiver) = crossbeam_channel::bounded::<Vec<SourceEvent>>(CHUNKS_IN_FLIGHT);
    let reader = std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(batch_size);
        for event in events {
            chunk.push(event);
            if chunk.len() >= batch_size && sender.send(std::mem::take(&mut chunk)).is_err() {
                return;
            }
        }
        if !chunk.is_empty() {
            let _ = sender.send(chunk);
        }
    });
    let (built_sender, built_receiver) = crossbeam_channel::bounded::<BuiltChunk>(1);
    let known = SqliteStore::open_read_only(&config.data_dir).ok();
    let builder = std::thread::spawn(move || {
        for chunk in receiver {
            if built_sender.send(build_chunk(chunk, known.as_ref())).is_err() {
                return;
            }
        }
    });
    let mut summary = IngestSummary::default();
    let mut outcome = Ok(());
    let mut last_commit = std::time::Instant::now();
    for built in built_receiver.iter() {
        outcome = write_chunk(store, stages, built, &mut summary, progress);
        if outcome.is_err() {
            break;
        }
        (stages.checkpoint)(store, stages.deduper, stages.clustering);
        if last_commit.elapsed() >= INDEX_COMMIT_EVERY {
            outcome = stages.search.commit().map_err(PipelineError::from);
            last_commit = std::time::Instant::now();
        }
    }
    drop(built_receiver);
    if let Err(panic) = builder.join() {
        std::panic::resume_unwind(panic);
    }
    drop(reader);
    let committed = stages.search.commit().map_err(PipelineError::from);
    outcome.and(committed).map(|()| summary)
}

/// A chunk built and analysed, waiting for the writer; what went wrong
/// building it is reported by the writer, in order.
struct BuiltChunk {
    /// Rejections, warnings and skips, in the order they were met.
    events: Vec<SourceEvent>,
    articles: Vec<Article>,
    /// Each article's analysis and whether the analyser succeeded; none
    /// for an article the store already held when the chunk was built
    /// (re-ingesting a folder analyses only what is new).
    analyses: Vec<Option<((parallax_model::ArticleId, String), bool)>>,
}

/// Builds the chunk's records in parallel (order kept) and analyses those
/// that `known` (the store, read-only) does not hold yet.
fn build_chunk(chunk: Vec<SourceEvent>, known: Option<&SqliteStore>) -> BuiltChunk {
    let ingested_at = Utc::now();
    let mut records: Vec<RawRecord> = Vec::with_capacity(chunk.len());
    let mut events = Vec::new();
    for event in chunk {
        match event {
            SourceEvent::Record(record) => records.push(record),
            other => events.push(other),
        }
    }
    let built: Vec<Result<Article, Rejection>> = records.into_par_iter().map(|r| r.build(ingested_at)).collect();
    let mut articles = Vec::with_capacity(built.len());
    for result in built {
        match result {
            Ok(article) => articles.push(article),
            Err(rejection) => events.push(SourceEvent::Rejected(rejection)),
        }
    }
    let stored = |article: &Article| known.is_some_and(|store| store.contains(&article.id).unwrap_or(false));
    let fresh: Vec<bool> = articles.iter().map(|article| !stored(article)).collect();
    let analyses = analyse_where(&articles, &fresh);
    BuiltChunk { events, articles, analyses }
}

/// Reports what building the chunk met, then dedups, clusters and writes
/// its articles in one transaction.
fn write_chunk(
    store: &mut SqliteStore,
    stages: &mut Stages<'_>,
    built: BuiltChunk,
    summary: &mut IngestSummary,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), PipelineError> {
    let BuiltChunk { events, articles, analyses } = built;
    for event in events {
        match event {
            SourceEvent::Record(_) => {} // records became `articles` in build_chunk
            SourceEvent::Rejected(rejection) => reject(summary, &rejection, progress),
            SourceEvent::Warning { provenance, message } => {
                summary.warnings += 1;
                progress(Progress::Warning { provenance: &provenance, message: &message });
            }
            SourceEvent::Skipped { .. } => summary.skipped += 1,
        }
    }
    for (article, analysis) in articles.iter().zip(&analyses) {
        if let Some((_, false)) = analysis {
            summary.warnings += 1;
            let message = "the analyser failed on this article; it is stored with an empty analysis";
            progress(Progress::Warning { provenance: &article.provenance, message });
        }
    }
    let analyses: Vec<(parallax_model::ArticleId, String)> =
        analyses.into_iter().flatten().map(|(row, _)| row).collect();
    let new_articles = new_to_store(store, &articles)?;
    let links = find_duplicates(stages.deduper, &new_articles);
    let article_stories = cluster_new_articles(stages.clustering, &new_articles, &links);
    let (stories, storylines) = stages.clustering.clusterer.drain_changes();
    let batch = Batch {
        duplicates: links,
        article_stories,
        stories: stories
            .into_iter()
            .map(|row| StoryRecord {
                story: row.story.0 as u64,
                storyline: row.storyline.0 as u64,
                merged_into: row.merged_into.map(|m| m.0 as u64),
            })
            .collect(),
        storylines: storylines
            .into_iter()
            .map(|row| StorylineRecord {
                storyline: row.storyline.0 as u64,
                merged_into: row.merged_into.map(|m| m.0 as u64),
            })
            .collect(),
        articles,
        analyses,
        analyzer_version: parallax_extract::ANALYZER_VERSION,
    };
    let outcome = store.write_batch(&batch)?;
    stages.changes.add(&batch);
    let stored: HashSet<&parallax_model::ArticleId> = outcome.stored.iter().collect();
    crate::add_to_index(stages.search, batch.articles.iter().filter(|a| stored.contains(&a.id)))?;
    let articles = batch.articles;
    summary.duplicates += batch.duplicates.len() as u64;
    summary.read += articles.len() as u64;
    summary.stored += outcome.stored.len() as u64;
    summary.already_stored += outcome.already_stored.len() as u64;
    progress(Progress::Accepted { stored: &outcome.stored, already_stored: &outcome.already_stored });
    progress(Progress::Written(summary));
    Ok(())
}

/// Each article's analysis as JSON, in parallel, and whether the analyser
/// succeeded: should it ever panic on some text, the article is still
/// stored, with the analysis of an empty body.
pub(crate) fn analyse(articles: &[Article]) -> Vec<((parallax_model::ArticleId, String), bool)> {
    articles.par_iter().map(analyse_one).collect()
}

/// [`analyse`] for the articles whose flag in `wanted` is set; none for the rest.
fn analyse_where(articles: &[Article], wanted: &[bool]) -> Vec<Option<((parallax_model::ArticleId, String), bool)>> {
    articles.par_iter().zip(wanted).map(|(article, &wanted)| wanted.then(|| analyse_one(article))).collect()
}

fn analyse_one(article: &Article) -> ((parallax_model::ArticleId, String), bool) {
    let attempt = std::panic::catch_unwind(|| parallax_extract::analyze_article(article));
    let succeeded = attempt.is_ok();
    let analysis = attempt.unwrap_or_else(|_| {
        let empty = parallax_extract::ArticleText { title: &article.title, paragraphs: &[], published: None };
        parallax_extract::analyze(&empty)
    });
    let json = serde_json::to_string(&analysis).expect("an analysis always serialises");
    ((article.id.clone(), json), succeeded)
}

/// The batch's articles the store does not hold yet, each once, in order:
/// the only ones dedup and clustering see (the builder's earlier look was
/// through a connection that may not have seen the last batch).
fn new_to_store<'a>(store: &SqliteStore, articles: &'a [Article]) -> Result<Vec<&'a Article>, PipelineError> {
    let mut seen = HashSet::new();
    let mut new_articles = Vec::new();
    for article in articles {
        if seen.insert(&article.id) && !store.contains(&article.id)? {
            new_articles.push(article);
        }
    }
    Ok(new_articles)
}

/// Clusters the new originals in order; copies join their original's story.
fn cluster_new_articles(
    clustering: &mut crate::ClusterStage,
    new_articles: &[&Article],
    links: &[DuplicateLink],
) -> Vec<(parallax_model::ArticleId, u64)> {
    let original_of: std::collections::HashMap<_, _> =
        links.iter().map(|l| (l.article.clone(), l.original.clone())).collect();
    // One this process clustered but did not store (its batch's write
    // failed) keeps its first placement.
    let new_articles: Vec<&Article> =
        new_articles.iter().copied().filter(|article| !clustering.docs.contains_key(&article.id)).collect();
    let prepared: Vec<Option<parallax_cluster::PreparedDoc>> = new_articles
        .par_iter()
        .map(|article| (!original_of.contains_key(&article.id)).then(|| crate::prepare(article)))
        .collect();
    let mut assignments = Vec::new();
    for (article, prepared) in new_articles.into_iter().zip(&prepared) {
        let story = match prepared {
            Some(prepared) => Some(clustering.assign_prepared(article, prepared)),
            None => original_of.get(&article.id).and_then(|original| clustering.arrival_story_of(original)),
        };
        if let Some(story) = story {
            assignments.push((article.id.clone(), story));
        }
    }
    assignments
}

/// Checks the articles that are new to the store, in order, for copies.
fn find_duplicates(deduper: &mut Deduper, new_articles: &[&Article]) -> Vec<DuplicateLink> {
    let mut links = Vec::new();
    for article in new_articles {
        let (original, kind, containment) = match deduper.check(article.id.as_str(), &dedup_text(article)) {
            Verdict::Original => continue,
            Verdict::ExactDuplicateOf { original } => (original, DuplicateKind::Exact, 1.0),
            Verdict::NearDuplicateOf { original, containment } => (original, DuplicateKind::Near, containment),
        };
        let Some(original) = parallax_model::ArticleId::parse(&original) else { continue };
        links.push(DuplicateLink { article: article.id.clone(), original, kind, containment });
    }
    links
}

fn reject(summary: &mut IngestSummary, rejection: &Rejection, progress: &mut dyn FnMut(Progress)) {
    summary.read += 1;
    summary.rejected += 1;
    *summary.rejected_by_reason.entry(rejection.reason.kind().to_string()).or_default() += 1;
    progress(Progress::Rejected(rejection));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_is_accounted_for() {
        let data = tempfile::tempdir().unwrap();
        let input = tempfile::tempdir().unwrap();
        let good =
            "Bridge Reopens\n\nThe Tessaly bridge reopened on Monday after three weeks of repairs, the council said.\n";
        std::fs::write(input.path().join("good.txt"), good).unwrap();
        std::fs::write(input.path().join("copy.txt"), good).unwrap();
        std::fs::write(input.path().join("empty.txt"), "").unwrap();
        std::fs::write(input.path().join("bad.json"), "{\"title\": 3}").unwrap();
        let mut config = PipelineConfig::new(data.path());
        config.batch_size = 1;
        let mut pipeline = config.build().unwrap();
        let mut rejected = Vec::new();
        let summary = pipeline
            .ingest(&[input.path().to_path_buf()], &mut |p| {
                if let Progress::Rejected(r) = p {
                    rejected.push(r.to_string())
                }
            })
            .unwrap();
        assert_eq!((summary.read, summary.stored, summary.already_stored, summary.rejected), (4, 1, 1, 2));
        assert_eq!(rejected.len(), 2);
        assert!(rejected.iter().any(|r| r.contains("empty.txt") && r.contains("empty file")), "{rejected:?}");
        assert!(
            rejected.iter().any(|r| r.contains("bad.json") && r.contains("field `title` is a number")),
            "{rejected:?}"
        );
    }

    #[test]
    fn missing_path_is_an_error() {
        let data = tempfile::tempdir().unwrap();
        let mut pipeline = PipelineConfig::new(data.path()).build().unwrap();
        let missing = data.path().join("nope");
        assert!(matches!(pipeline.ingest(&[missing], &mut |_| {}), Err(PipelineError::Source(_))));
    }
}
