//! Full-text search over stored articles: a tantivy index in the data
//! directory (`search/`, next to the SQLite database), written by the same
//! writer that stores articles and read by any number of searchers.
//! Queries take tantivy's syntax (words must all match, "quoted phrases",
//! `-excluded`), filtered by outlet and publication dates; hits come with a
//! highlighted, HTML-escaped snippet.
//!
//! ```
//! use parallax_search::{IndexedArticle, SearchIndex, SearchQuery};
//!
//! let data = tempfile::tempdir().unwrap();
//! let index = SearchIndex::open(data.path()).unwrap();
//! let mut writer = index.writer().unwrap();
//! writer.add(&IndexedArticle { id: "a1", title: "Ferry strike", body: "Crews at Lindqvist walked out.", outlet: Some("Ashby Post"), published: None }).unwrap();
//! writer.commit().unwrap();
//! let hits = index.search(&SearchQuery::text("\"Lindqvist walked\"")).unwrap();
//! assert_eq!(hits.hits[0].id, "a1");
//! assert!(hits.hits[0].snippet.contains("<b>Lindqvist</b>"));
//! ```

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The index's folder inside the data directory.
pub const SEARCH_DIR: &str = "search";

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {source}")]
    Index { path: PathBuf, source: tantivy::TantivyError },
    #[error("search index {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("bad search query {query:?}: {message}")]
    Query { query: String, message: String },
}

pub type Result<T> = std::result::Result<T, SearchError>;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    outlet: Field,
    /// Days since 1970-01-01, for date filters.
    day: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", TEXT | STORED),
        body: builder.add_text_field("body", TEXT | STORED),
        outlet: builder.add_text_field("outlet", STRING | STORED),
        day: builder.add_i64_field("day", INDEXED | STORED | FAST),
    };
    (builder.build(), fields)
}

/// An article as the index sees it.
#[derive(Clone, Copy, Debug)]
pub struct IndexedArticle<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Body paragraphs joined by newlines.
    pub body: &'a str,
    pub outlet: Option<&'a str>,
    pub published: Option<NaiveDate>,
}

/// A search: the text and its filters.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    pub outlet: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
}

impl SearchQuery {
    /// A query for `text`, first 20 hits, no filters.
    pub fn text(text: &str) -> SearchQuery {
        SearchQuery { text: text.to_string(), limit: 20, ..SearchQuery::default() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub score: f32,
    /// A passage of the body with the matched words in `<b>`, the text
    /// HTML-escaped.
    pub snippet: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every matching article, not only this page.
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// The index of one data directory.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: PathBuf,
}

fn epoch_day(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

fn from_epoch_day(days: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::days(days))
}

impl SearchIndex {
    /// Opens the index in `data_dir/search`, creating it if absent.
    pub fn open(data_dir: &Path) -> Result<SearchIndex> {
        let path = data_dir.join(SEARCH_DIR);
        let io = |message: String| SearchError::Io { path: path.clone(), message };
        std::fs::create_dir_all(&path).map_err(|e| io(e.to_string()))?;
        let wrap = |source| SearchError::Index { path: path.clone(), source };
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(&path).map_err(|e| io(e.to_string()))?;
        let index = Index::open_or_create(directory, schema).map_err(wrap)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(wrap)?;
        Ok(SearchIndex { index, reader, fields, path })
    }

    fn wrap(&self, source: tantivy::TantivyError) -> SearchError {
        SearchError::Index { path: self.path.clone(), source }
    }

    /// The one writer (tantivy holds a lock: a second writer is refused).
    pub fn writer(&self) -> Result<SearchWriter> {
        let writer = self.index.writer(WRITER_MEMORY).map_err(|e| self.wrap(e))?;
        Ok(SearchWriter { writer, fields: self.fields, index: self.clone() })
    }

    /// Sees what the writer committed since the last look.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.wrap(e))
    }

    /// Articles in the index.
    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The ids of every indexed article.
    pub fn indexed_ids(&self) -> Result<HashSet<String>> {
        let searcher = self.reader.searcher();
        let mut ids = HashSet::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).map_err(|e| self.wrap(e.into()))?;
            for doc_id in segment.doc_ids_alive() {
                let document: TantivyDocument = store.get(doc_id).map_err(|e| self.wrap(e))?;
                if let Some(id) = document.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
        Ok(ids)
    }

    fn parse(&self, query: &SearchQuery) -> Result<Box<dyn Query>> {
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 2.0);
        let text = parser
            .parse_query(&query.text)
            .map_err(|e| SearchError::Query { query: query.text.clone(), message: e.to_string() })?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if let Some(outlet) = &query.outlet {
            let term = Term::from_field_text(self.fields.outlet, outlet);
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if query.from.is_some() || query.to.is_some() {
            let low = query.from.map_or(i64::MIN, epoch_day);
            let high = query.to.map_or(i64::MAX, epoch_day);
            let bound = |day: i64| std::ops::Bound::Included(Term::from_field_i64(self.fields.day, day));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(low), bound(high)))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// One page of hits, best first, with the total.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let parsed = self.parse(query)?;
        let searcher = self.reader.searcher();
        let limit = query.limit.max(1);
        let collector = (Count, TopDocs::with_limit(limit).and_offset(query.offset).order_by_score());
        let (total, top) = searcher.search(&*parsed, &collector).map_err(|e| self.wrap(e))?;
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, self.fields.body).map_err(|e| self.wrap(e))?;
        snippets.set_max_num_chars(240);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address).map_err(|e| self.wrap(e))?;
            let text = |field: Field| document.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            hits.push(SearchHit {
                id: text(self.fields.id).unwrap_or_default(),
                title: text(self.fields.title).unwrap_or_default(),
                outlet: text(self.fields.outlet),
                published: document.get_first(self.fields.day).and_then(|v| v.as_i64()).and_then(from_epoch_day),
                score,
                snippet: snippets.snippet_from_doc(&document).to_html(),
            });
        }
        Ok(SearchResults { total, hits })
    }
}

/// Adds articles; nothing is visible to searchers before `commit`.
pub struct SearchWriter {
    writer: IndexWriter,
    fields: Fields,
    index: SearchIndex,
}

impl SearchWriter {
    pub fn add(&mut self, article: &IndexedArticle<'_>) -> Result<()> {
        let fields = self.fields;
        let mut document = doc!(fields.id => article.id, fields.title => article.title, fields.body => article.body);
        if let Some(outlet) = article.outlet {
            document.add_text(fields.outlet, outlet);
        }
        if let Some(day) = article.published {
            document.add_i64(fields.day, epoch_day(day));
        }
        self.writer.add_document(document).map_err(|e| self.index.wrap(e))?;
        Ok(())
    }

    /// Makes the added articles durable and visible to this index's searchers.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().map_err(|e| self.index.wrap(e))?;
        self.index.refresh()
    }

    /// Drops every indexed article (before a rebuild).
    pub fn clear(&mut self) -> Result<()> {
        self.writer.delete_all_documents().map_err(|e| self.index.wrap(e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 6, d)
    }

    #[test]
    fn processes_opening_a_new_index_at_once_all_open_it() {
        // A server and an ingest started together both open an index that
        // does not exist yet; each thread here stands for one process.
        for _ in 0..30 {
            let data = tempfile::tempdir().unwrap();
            let start = std::sync::Barrier::new(4);
            std::thread::scope(|scope| {
                let openers: Vec<_> = (0..4)
                    .map(|_| {
                        scope.spawn(|| {
                            start.wait();
                            SearchIndex::open(data.path()).map(|index| index.count())
                        })
                    })
                    .collect();
                for opener in openers {
                    assert_eq!(opener.join().unwrap().unwrap(), 0);
                }
            });
        }
    }

    fn sample() -> (tempfile::TempDir, SearchIndex) {
        let data = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(data.path()).unwrap();
        let mut writer = index.writer().unwrap();
        let articles = [
            (
                "a",
                "Ferry strike at Lindqvist",
                "Ferry crews walked out on Monday. <script>alert(1)</script>",
                "Ashby Post",
                day(2),
            ),
            (
                "b",
                "Lindqvist talks resume",
                "Talks between the ferry company and crews resume on Friday.",
                "Brook Times",
                day(6),
            ),
            ("c", "Harbour fees rise", "The harbour board raised fees for ferry operators.", "Ashby Post", day(20)),
        ];
        for (id, title, body, outlet, published) in articles {
            writer.add(&IndexedArticle { id, title, body, outlet: Some(outlet), published }).unwrap();
        }
        writer.commit().unwrap();
        (data, index)
    }

    fn ids(results: &SearchResults) -> Vec<&str> {
        let mut ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn words_phrases_and_filters() {
        let (_data, index) = sample();
        assert_eq!(ids(&index.search(&SearchQuery::text("ferry")).unwrap()), vec!["a", "b", "c"]);
        assert_eq!(ids(&index.search(&SearchQuery::text("\"crews walked\"")).unwrap()), vec!["a"]);
        assert_eq!(ids(&index.search(&SearchQuery::text("ferry crews")).unwrap()), vec!["a", "b"]);
        let outlet = SearchQuery { outlet: Some("Ashby Post".into()), ..SearchQuery::text("ferry") };
        assert_eq!(ids(&index.search(&outlet).unwrap()), vec!["a", "c"]);
        let dates = SearchQuery { from: day(3), to: day(10), ..SearchQuery::text("ferry") };
        let found = index.search(&dates).unwrap();
        assert_eq!((ids(&found), found.total), (vec!["b"], 1));
        assert_eq!(found.hits[0].published, day(6));
        let page = SearchQuery { limit: 1, offset: 1, ..SearchQuery::text("ferry") };
        let paged = index.search(&page).unwrap();
        assert_eq!((paged.hits.len(), paged.total), (1, 3));
    }

    #[test]
    fn snippets_highlight_and_escape() {
        let (_data, index) = sample();
        let found = index.search(&SearchQuery::text("walked")).unwrap();
        let snippet = &found.hits[0].snippet;
        assert!(snippet.contains("<b>walked</b>"), "{snippet}");
        assert!(!snippet.contains("<script>") && snippet.contains("&lt;script&gt;"), "{snippet}");
    }

    #[test]
    fn a_bad_query_is_an_error_and_ids_are_listed() {
        let (_data, index) = sample();
        assert!(matches!(index.search(&SearchQuery::text("title:(")), Err(SearchError::Query { .. })));
        assert_eq!(index.indexed_ids().unwrap().len(), 3);
        assert_eq!(index.count(), 3);
    }
}
