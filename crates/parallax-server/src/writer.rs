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
//!
//! The server also lets go of the lock when no post has come for a while
//! (`ServerConfig::rest_after`), so a `parallax ingest` run beside a
//! server that is merely being read is not refused: resting, the server
//! follows the store as above, and the next post opens the writer again.

use crate::error::{ApiError, ErrorCode};
use crate::{print_notes, AppState};
use parallax_pipeline::{LockError, Pipeline, PipelineConfig, PipelineError, StoryCatalog};
use parallax_store::{SqliteStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

/// Where the writer stands.
enum WriterState {
    Opening,
    Open(Arc<Mutex<Pipeline>>),
    /// Let go after a quiet spell: the lock is free for other processes,
    /// and the next post opens the writer again.
    Resting,
    /// Another process holds the lock; why posts are refused meanwhile.
    HeldElsewhere(String),
    Failed(String),
}

/// The writer as the handlers see it.
pub(crate) struct WriterSlot {
    state: Mutex<WriterState>,
    changed: Condvar,
    /// When a handler last took the writer.
    last_taken: Mutex<Instant>,
}

impl Default for WriterSlot {
    fn default() -> Self {
        WriterSlot {
            state: Mutex::new(WriterState::Opening),
            changed: Condvar::new(),
            last_taken: Mutex::new(Instant::now()),
        }
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

    fn taken_now(&self) {
        *self.last_taken.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
    }

    /// The writer, waiting while it opens (a resting writer is asked to
    /// open again); `writer_busy` while another process holds the lock.
    pub(crate) fn wait(&self) -> Result<Arc<Mutex<Pipeline>>, ApiError> {
        let mut state = self.lock();
        loop {
            match &*state {
                WriterState::Resting => {
                    *state = WriterState::Opening;
                    self.changed.notify_all();
                }
                WriterState::Opening => {
                    state = self.changed.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
                }
                WriterState::Open(pipeline) => {
                    self.taken_now();
                    return Ok(pipeline.clone());
                }
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

    /// Waits until the state changes or `timeout` passes; not at all when
    /// a post is waiting for the writer to open.
    fn wait_for_change(&self, timeout: Duration) {
        let state = self.lock();
        if !matches!(&*state, WriterState::Opening) {
            let _ = self.changed.wait_timeout(state, timeout);
        }
    }

    /// Takes the writer out, leaving `Resting`, when no handler has taken
    /// it for `rest_after` and none holds it now; the caller drops it,
    /// which frees the lock.
    fn rest_if_idle(&self, rest_after: Duration) -> Option<Arc<Mutex<Pipeline>>> {
        let mut state = self.lock();
        let idle = self.last_taken.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).elapsed() >= rest_after;
        match &*state {
            WriterState::Open(pipeline) if idle && Arc::strong_count(pipeline) == 1 => {
                match std::mem::replace(&mut *state, WriterState::Resting) {
                    WriterState::Open(pipeline) => Some(pipeline),
                    _ => unreachable!("matched as open just above"),
                }
            }
            _ => None,
        }
    }

    fn wants_writer(&self) -> bool {
        matches!(&*self.lock(), WriterState::Opening | WriterState::HeldElsewhere(_))
    }

    fn is_failed(&self) -> bool {
        matches!(&*self.lock(), WriterState::Failed(_))
    }
}

/// Keeps `server.writer`: opens it; while another process holds the lock,
/// follows the store every `follow_every` and tries again; once open,
/// lets it rest after `rest_after` without posts (following the store
/// meanwhile) and opens it again when a post asks. Ends when the writer
/// has failed, or when the server is gone.
pub(crate) fn keep_writer(server: Weak<AppState>, data_dir: PathBuf, follow_every: Duration, rest_after: Duration) {
    let mut follower: Option<Follower> = None;
    loop {
        let Some(state) = server.upgrade() else { return };
        if state.writer.is_failed() {
            return;
        }
        if state.writer.wants_writer() {
            try_open(&state, &data_dir, &mut follower);
        } else if let Some(pipeline) = state.writer.rest_if_idle(rest_after) {
            follower = resting_follower(&data_dir, pipeline);
        } else if follower.is_some() {
            if let Err(error) = follow(&state, &data_dir, &mut follower) {
                eprintln!("parallax: following the store: {error}");
            }
        }
        state.writer.wait_for_change(follow_every);
    }
}

/// Opens the writer, or follows the store while another process holds
/// the lock.
fn try_open(state: &AppState, data_dir: &Path, follower: &mut Option<Follower>) {
    match PipelineConfig::new(data_dir).build() {
        Ok(pipeline) => open_writer(state, pipeline, follower.take()),
        Err(PipelineError::Lock(LockError::Busy { data_dir: locked, holder })) => {
            let reason = format!("another parallax process is writing to {} ({holder})", locked.display());
            if !matches!(&*state.writer.lock(), WriterState::HeldElsewhere(_)) {
                eprintln!("parallax: {reason}: following its writes; articles can be posted once it is done");
            }
            state.writer.set(WriterState::HeldElsewhere(reason));
            if let Err(error) = follow(state, data_dir, follower) {
                eprintln!("parallax: following the store: {error}");
            }
        }
        Err(error) => {
            eprintln!("parallax: articles cannot be posted to this server: {error}");
            state.writer.set(WriterState::Failed(error.to_string()));
        }
    }
}

/// Drops a writer let go to rest (freeing the lock) and starts following
/// the store from the state it leaves, which the catalog already shows.
fn resting_follower(data_dir: &Path, pipeline: Arc<Mutex<Pipeline>>) -> Option<Follower> {
    drop(pipeline);
    let store = SqliteStore::open_read_only(data_dir).inspect_err(|e| eprintln!("parallax: following the store: {e}"));
    let store = store.ok()?;
    let built_from = store.data_version().ok();
    Some(Follower { store, built_from })
}

fn open_writer(state: &AppState, mut pipeline: Pipeline, follower: Option<Follower>) {
    print_notes(&mut pipeline);
    let held_elsewhere = matches!(&*state.writer.lock(), WriterState::HeldElsewhere(_));
    if let Some(follower) = follower {
        // What another process wrote since the last look.
        let unchanged = follower.built_from.is_some() && follower.store.data_version().ok() == follower.built_from;
        if !unchanged {
            match pipeline.store().consistent(StoryCatalog::build) {
                Ok(catalog) => state.replace_whole_catalog(catalog),
                Err(error) => eprintln!("parallax: reading the store: {error}"),
            }
        }
    }
    if held_elsewhere {
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
