//! Every stored article has its analysis, written with it; a store from a
//! build that kept none is analysed when the pipeline opens it.

use parallax_extract::Analysis;
use parallax_pipeline::PipelineConfig;
use parallax_store::{ArticleQuery, SqliteStore};
use std::path::Path;

mod common;
use common::corpus;

fn stored_analyses(data: &Path) -> Vec<(String, Option<Analysis>)> {
    let store = SqliteStore::open_read_only(data).unwrap();
    let articles = store.articles(&ArticleQuery::default()).unwrap();
    articles
        .iter()
        .map(|article| {
            let json = store.analysis_json(&article.id, 0).unwrap();
            (article.title.clone(), json.map(|j| serde_json::from_str(&j).expect("stored analysis reads back")))
        })
        .collect()
}

#[test]
fn every_ingested_article_is_analysed() {
    let data = tempfile::tempdir().unwrap();
    PipelineConfig::new(data.path()).build().unwrap().ingest(&[corpus()], &mut |_| {}).unwrap();
    let analyses = stored_analyses(data.path());
    assert_eq!(analyses.len(), 40);
    assert!(analyses.iter().all(|(_, analysis)| analysis.is_some()), "an article was stored without analysis");
    let quotes: usize = analyses.iter().filter_map(|(_, a)| a.as_ref()).map(|a| a.quotes.len()).sum();
    let people = analyses
        .iter()
        .filter_map(|(_, a)| a.as_ref())
        .flat_map(|a| &a.entities)
        .filter(|e| e.kind == parallax_extract::EntityKind::Person)
        .count();
    assert!(quotes >= 30 && people >= 40, "{quotes} quotes, {people} people");
}

#[test]
fn analyses_by_an_older_analyser_are_redone_on_open() {
    let data = tempfile::tempdir().unwrap();
    PipelineConfig::new(data.path()).build().unwrap().ingest(&[corpus()], &mut |_| {}).unwrap();
    let database = data.path().join(parallax_store::DATABASE_FILE);
    let connection = rusqlite::Connection::open(&database).unwrap();
    connection
        .execute("UPDATE analyses SET analyzer_version = 0, analysis_json = '{}' WHERE rowid % 2 = 0", [])
        .unwrap();
    drop(connection);
    PipelineConfig::new(data.path()).build().unwrap();
    assert!(stored_analyses(data.path()).iter().all(|(_, a)| a.is_some()));
    let connection = rusqlite::Connection::open(&database).unwrap();
    let old: i64 = connection
        .query_row(
            "SELECT COUNT(*) FROM analyses WHERE analyzer_version < ?1",
            [parallax_extract::ANALYZER_VERSION],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0);
}

#[test]
fn a_store_without_analyses_is_analysed_on_open() {
    let data = tempfile::tempdir().unwrap();
    PipelineConfig::new(data.path()).build().unwrap().ingest(&[corpus()], &mut |_| {}).unwrap();
    let database = data.path().join(parallax_store::DATABASE_FILE);
    let connection = rusqlite::Connection::open(&database).unwrap();
    connection.execute("DELETE FROM analyses WHERE rowid % 3 = 0", []).unwrap();
    drop(connection);
    assert!(stored_analyses(data.path()).iter().any(|(_, a)| a.is_none()));
    PipelineConfig::new(data.path()).build().unwrap();
    assert!(stored_analyses(data.path()).iter().all(|(_, a)| a.is_some()));
}

#[test]
fn the_search_index_catches_up_with_the_store_on_open() {
    let data = tempfile::tempdir().unwrap();
    let pipeline = PipelineConfig::new(data.path()).build().unwrap();
    drop(pipeline);
    let mut pipeline = PipelineConfig::new(data.path()).build().unwrap();
    pipeline.ingest(&[corpus()], &mut |_| {}).unwrap();
    assert_eq!(pipeline.search_index().count(), 40);
    drop(pipeline);
    std::fs::remove_dir_all(data.path().join(parallax_search::SEARCH_DIR)).unwrap();
    let pipeline = PipelineConfig::new(data.path()).build().unwrap();
    assert_eq!(pipeline.search_index().count(), 40, "a lost index is rebuilt from the store");
}
