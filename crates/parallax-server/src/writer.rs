//! The server's writer: the data directory's one `Pipeline`, opened on a
//! background thread at start (replaying a large store takes a while;
//! reads are served meanwhile and posts wait for it).
//!
//! While another process holds the writer lock (a `parallax ingest` that
//! was running when the server started), the server follows the store
//! instead of going stale: it notices that process's commits
//! (`SqliteStore::data_version` on a connection it keeps open), rebuilds
//! its catalog from them and drops its cached views, answers posts with
//! `writer_busy`, and takes the lock over once the other process is done.

use crate::error::{ApiError, ErrorCode};
use crate::{print_notes, AppState};
use parallax_pipeline::{LockError, Pipeline, PipelineConfig, PipelineError, StoryCatalog};
use parallax_store::{SqliteStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Duration;

/// Where the writer stands.
enum WriterState {
    Opening,
    Open(Arc<Mutex<Pipeline>>),
    /// Another process holds the lock; why posts are refused meanwhile.
    HeldElsewhere(String),
    Failed(String),
}

/// The writer as the handlers see it.
pub(crate) struct WriterSlot {
    state: Mutex<WriterState>,
    changed: Condvar,
}

impl Default for WriterSlot {
    fn default() -> Self {
        WriterSlot { state: Mutex::new(WriterState::Opening), changed: Condvar::new() }
    }
}

impl WriterSlot {
    fn lock(&self) -> MutexGuard<'_, WriterState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, state: WriterState) {
        *self.lock() = state;
        self.changed.notify_all();
    }

    /// The writer, waiting while it opens; `writer_busy` while another
    /// process holds the lock.
    pub(crate) fn wait(&self) -> Result<Arc<Mutex<Pipeline>>, ApiError> {
        let mut state = self.lock();
        loop {
            match &*state {
                WriterState::Opening => {
                    state = self.changed.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
                }
                WriterState::Open(pipeline) => return Ok(pipeline.clone()),
                WriterState::HeldElsewhere(reason) => {
                    let message = format!("{reason}; this server takes articles again once it is done");
                    return Err(ApiError::new(ErrorCode::WriterBusy, message));
                }
                WriterState::Failed(reason) => {
                    return Err(ApiError::internal(format!("the writer could not open: {reason}")))
                }
            }
        }
    }
}

/// Opens the writer into `server.writer`; while another process holds the
/// lock, follows the store every `follow_every` and tries again. Ends
/// once the writer is open or has failed, or when the server is gone.
pub(crate) fn keep_writer(server: Weak<AppState>, data_dir: PathBuf, follow_every: Duration) {
    let mut follower: Option<Follower> = None;
    loop {
        let Some(state) = server.upgrade() else { return };
        match PipelineConfig::new(&data_dir).build() {
            Ok(pipeline) => return open_writer(&state, pipeline, follower.is_some()),
            Err(PipelineError::Lock(LockError::Busy { data_dir, holder })) => {
                let reason = format!("another parallax process is writing to {} ({holder})", data_dir.display());
                if follower.is_none() {
                    eprintln!("parallax: {reason}: following its writes; articles can be posted once it is done");
                }
                state.writer.set(WriterState::HeldElsewhere(reason));
                if let Err(error) = follow(&state, &data_dir, &mut follower) {
                    eprintln!("parallax: following the store: {error}");
                }
            }
            Err(error) => {
                eprintln!("parallax: articles cannot be posted to this server: {error}");
                return state.writer.set(WriterState::Failed(error.to_string()));
            }
        }
        drop(state);
        std::thread::sleep(follow_every);
    }
}

fn open_writer(state: &AppState, mut pipeline: Pipeline, followed: bool) {
    print_notes(&mut pipeline);
    if followed {
        // What the other process wrote since the last look.
        match pipeline.store().consistent(StoryCatalog::build) {
            Ok(catalog) => state.replace_whole_catalog(catalog),
            Err(error) => eprintln!("parallax: reading the store: {error}"),
        }
        eprintln!("parallax: the other writer is done; articles can be posted to this server again");
    }
    let _ = state.search.refresh();
    state.writer.set(WriterState::Open(Arc::new(Mutex::new(pipeline))));
}

/// A read-only connection kept open to notice another process's commits,
/// and the version of the database the catalog was last built from.
struct Follower {
    store: SqliteStore,
    built_from: Option<i64>,
}

/// Rebuilds the catalog when the store has changed since the last look
/// (and on the first: it may have changed since the server started), and
/// reloads the search index.
fn follow(state: &AppState, data_dir: &Path, follower: &mut Option<Follower>) -> Result<(), StoreError> {
    let follower = match follower {
        Some(follower) => follower,
        None => follower.insert(Follower { store: SqliteStore::open_read_only(data_dir)?, built_from: None }),
    };
    let version = follower.store.data_version()?;
    if follower.built_from != Some(version) {
        state.replace_whole_catalog(follower.store.consistent(StoryCatalog::build)?);
        follower.built_from = Some(version);
    }
    // The other process commits its search index after its store (every
    // few seconds and at the end of a run), so the index is looked at on
    // every round, not only when the store has changed.
    let _ = state.search.refresh();
    Ok(())
}
