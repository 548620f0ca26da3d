//! `parallax serve`: the JSON API and the web UI (server-rendered, no
//! scripts) over one data directory,
//! axum on tokio. The only crate that knows the wire format.
//!
//! Reads open their own read-only SQLite connection (WAL: readers never
//! block the writer) and share an in-memory story catalog; writes (`POST
//! /api/articles`) go through the one pipeline the server holds, then the
//! catalog is brought up to date from the stories the write touched (read
//! back from the store) so the article appears in its story at once, and
//! only those stories' and storylines' cached views are dropped. Blocking
//! work runs on tokio's blocking pool.

mod api;
mod error;
pub mod html;
mod openapi;
mod ui;
mod writer;

pub use ui::CONTENT_SECURITY_POLICY;

pub use api::MAX_POST_BYTES;
pub use error::{ApiError, ErrorCode, ERROR_CODES};
pub use openapi::{openapi_document, ROUTES};

use axum::routing::get;
use axum::Router;
use parallax_pipeline::{CatalogStory, Pipeline, StoryCatalog};
use parallax_search::SearchIndex;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How the server is set up.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub data_dir: PathBuf,
    /// The bearer token `POST /api/articles` requires; none refuses every post.
    pub token: Option<String>,
    /// While another process holds the writer lock, how often the server
    /// looks for its commits and tries to take the lock (see `writer.rs`).
    pub follow_every: Duration,
    /// How long the server keeps the writer lock after its last post
    /// before leaving it free for other processes (`parallax ingest`).
    pub rest_after: Duration,
}

impl ServerConfig {
    /// Serving `data_dir`, following another writer's commits every second,
    /// and leaving the writer lock free after 30 s without posts.
    pub fn new(data_dir: impl Into<PathBuf>, token: Option<String>) -> ServerConfig {
        ServerConfig {
            data_dir: data_dir.into(),
            token,
            follow_every: Duration::from_secs(1),
            rest_after: Duration::from_secs(30),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub(crate) data_dir: PathBuf,
    pub(crate) token: Option<String>,
    /// The one writer, opened in the background at start (replaying a
    /// large store takes a while; reads are served meanwhile, writes wait).
    pub(crate) writer: writer::WriterSlot,
    pub(crate) catalog: RwLock<Arc<StoryCatalog>>,
    pub(crate) search: SearchIndex,
    /// Story and storyline views as sent, by route path; emptied whenever
    /// the catalog changes (views are built on first request, then served
    /// from here until the next write).
    pub(crate) views: RwLock<std::collections::HashMap<String, axum::body::Bytes>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Pipeline(#[from] parallax_pipeline::PipelineError),
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    #[error(transparent)]
    Search(#[from] parallax_search::SearchError),
    #[error("serving on {address}: {source}")]
    Io { address: String, source: std::io::Error },
}

impl AppState {
    /// Opens the data directory (creating the store if needed), builds the
    /// catalog, and starts opening the writer in the background (or
    /// following another process's writes while it holds the lock).
    pub fn open(config: ServerConfig) -> Result<Arc<AppState>, ServerError> {
        let catalog = parallax_store::SqliteStore::open(&config.data_dir)?.consistent(StoryCatalog::build)?;
        let state = Arc::new(AppState {
            data_dir: config.data_dir.clone(),
            token: config.token,
            writer: writer::WriterSlot::default(),
            catalog: RwLock::new(Arc::new(catalog)),
            search: SearchIndex::open(&config.data_dir)?,
            views: RwLock::new(std::collections::HashMap::new()),
        });
        let server = Arc::downgrade(&state);
        let (follow_every, rest_after) = (config.follow_every, config.rest_after);
        std::thread::spawn(move || writer::keep_writer(server, config.data_dir, follow_every, rest_after));
        Ok(state)
    }

    pub(crate) fn catalog(&self) -> Arc<StoryCatalog> {
        self.catalog.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Replaces the catalog after a write, and forgets the cached views the
    /// write made stale: those of the stories it changed (as they were and
    /// as they are, `StoryCatalog::refresh`) and of their storylines.
    pub(crate) fn replace_catalog(&self, catalog: StoryCatalog, changed: &[Arc<CatalogStory>]) {
        let mut views = self.views.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *self.catalog.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(catalog);
        for story in changed {
            views.remove(&story_view_key(story.story));
            views.remove(&storyline_view_key(story.storyline));
        }
    }

    /// Replaces the catalog with one built whole (another process wrote
    /// the store), and forgets every cached view.
    pub(crate) fn replace_whole_catalog(&self, catalog: StoryCatalog) {
        let mut views = self.views.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *self.catalog.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(catalog);
        views.clear();
    }

    /// The cached body for `key`, if built since the last write.
    pub(crate) fn cached(&self, key: &str) -> Option<axum::body::Bytes> {
        self.views.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(key).cloned()
    }

    /// Builds the body for `key` and caches it (unless a write came first).
    pub(crate) fn build_cached(
        &self,
        key: String,
        catalog: &Arc<StoryCatalog>,
        build: impl FnOnce() -> Result<String, ApiError>,
    ) -> Result<axum::body::Bytes, ApiError> {
        let body = axum::body::Bytes::from(build()?);
        let mut views = self.views.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if Arc::ptr_eq(catalog, &self.catalog()) {
            views.insert(key, body.clone());
        }
        Ok(body)
    }
}

/// The view cache's key for a story's view.
pub(crate) fn story_view_key(story: u64) -> String {
    format!("story/{story}")
}

/// The view cache's key for a storyline's view.
pub(crate) fn storyline_view_key(storyline: u64) -> String {
    format!("storyline/{storyline}")
}

/// Prints what the pipeline noted (snapshots set aside or not saved).
pub(crate) fn print_notes(pipeline: &mut Pipeline) {
    for note in pipeline.take_notes() {
        eprintln!("note: {note}");
    }
}

/// Every route: the API, the UI pages and the stylesheet.
pub fn router(state: Arc<AppState>) -> Router {
    let pages = Router::new()
        .route("/", get(ui::stories_page))
        .route("/stories/{id}", get(ui::story_page))
        .route("/storylines/{id}", get(ui::storyline_page))
        .route("/search", get(ui::search_page))
        .route("/articles/{id}", get(ui::article_page))
        .route("/assets/app.css", get(ui::stylesheet))
        .fallback(ui::no_page);
    let api = Router::new()
        .route("/api/stories", get(api::list_stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/storylines/{id}", get(api::storyline))
        .route("/api/articles", axum::routing::post(api::post_article))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api/outlets", get(api::outlets))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/{*rest}", axum::routing::any(api::no_route));
    api.merge(pages)
        .layer(axum::extract::DefaultBodyLimit::max(api::MAX_POST_BYTES))
        .layer(axum::middleware::map_response(ui::security_headers))
        .with_state(state)
}

/// Serves until interrupted (Ctrl-C). `announce` is told the address
/// bound once the store is open and the port listens (a port of 0 picks a
/// free one).
pub async fn serve(
    config: ServerConfig,
    listen: SocketAddr,
    announce: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let state = tokio::task::block_in_place(|| AppState::open(config))?;
    let io = |source| ServerError::Io { address: listen.to_string(), source };
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(io)?;
    announce(listener.local_addr().map_err(io)?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(io)
}
