//! The embedded store: one data directory holding a SQLite database in WAL
//! mode, its schema versioned by migrations, written in batched
//! transactions. Ingest through it is idempotent: an article whose id is
//! already stored is counted, not written again.
//!
//! ```
//! use parallax_store::SqliteStore;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open(dir.path()).unwrap();
//! assert_eq!(store.article_count().unwrap(), 0);
//! ```

mod migrations;
mod sqlite_store;

pub use sqlite_store::{
    ArticleQuery, ArticleSummary, Batch, BatchOutcome, DuplicateKind, DuplicateLink, LaterArticle, SqliteStore,
    StoryGroup, StoryMembers, StoryRecord, StoryState, StorylineRecord, DATABASE_FILE,
};

use std::path::PathBuf;

/// Infrastructure failures: the disk, the database, a corrupt row.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("database {path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("database {path} has schema version {found}, newer than this parallax ({supported}); upgrade parallax")]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("article {id} in {path} is unreadable: {source}")]
    CorruptRow { path: PathBuf, id: String, source: serde_json::Error },
    #[error("id prefix {prefix:?} matches {count} articles; give more characters")]
    AmbiguousId { prefix: String, count: usize },
}

pub type Result<T> = std::result::Result<T, StoreError>;
