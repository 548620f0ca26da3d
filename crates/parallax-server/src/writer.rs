//! The server's writer: the data directory's one `Pipeline`, opened on a
//! background thread at start (replaying a large store takes a while;
//! reads are served meanwhile and posts wait for it).
//!
//! While another process holds the writer lock (a `parallax ingest` that
//! was running when the server started), the server follows the store
//! instead of going stale: it notices that process's commits
//! (`SqliteStore::data_version` on a connection it keeps open), brings its
//! catalog up to date with them (reading only what was written since its
//! last look, `StoryCatalog::catch_up`) and drops the cached views of the
//! stories they changed, answers posts with
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
    /// The writer, and when a handler last took it.
    Open {
        pipeline: Arc<Mutex<Pipeline>>,
        last_taken: Instant,
    },
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
}

impl Default for WriterSlot {
    fn default() -> Self {
        WriterSlot { state: Mutex::new(WriterState::Opening), changed: Condvar::new() }
    }
}

/// What the keeper thread does next (`WriterSlot::next_step`).
enum Step {
    /// The writer failed to open: nothing more to keep.
    Stop,
    /// Open the writer (a post asks, or another process held the lock).
    Open,
    /// The writer was idle: drop it, freeing the lock, and follow.
    Rest(Arc<Mutex<Pipeline>>),
    /// Resting: follow the store.
    Follow,
    /// Open and in use: nothing to do.
    Wait,
}

impl WriterSlot {
    fn lock(&self) -> MutexGuard<'_, WriterState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, state: WriterState) {
        *self.lock() = state;
        self.changed.notify_all();
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
                WriterState::Open { pipeline, .. } => {
                    let pipeline = pipeline.clone();
                    *state = WriterState::Open { pipeline: pipeline.clone(), last_taken: Instant::now() };
                    return Ok(pipeline);
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

    fn held_elsewhere(&self) -> bool {
        matches!(&*self.lock(), WriterState::HeldElsewhere(_))
    }

    /// What the keeper does next. An open writer that no handler has taken
    /// for `rest_after`, and none holds now, is taken out, leaving
    /// `Resting`: the keeper drops it, which frees the lock.
    fn next_step(&self, rest_after: Duration) -> Step {
        let mut state = self.lock();
        match &*state {
            WriterState::Failed(_) => Step::Stop,
            WriterState::Opening | WriterState::HeldElsewhere(_) => Step::Open,
            WriterState::Resting => Step::Follow,
            WriterState::Open { pipeline, last_taken }
                if last_taken.elapsed() >= rest_after && Arc::strong_count(pipeline) == 1 =>
            {
                let WriterState::Open { pipeline, .. } = std::mem::replace(&mut *state, WriterState::Resting) else {
                    unreachable!("matched as open just above")
                };
                Step::Rest(pipeline)
            }
            WriterState::Open { .. } => Step::Wait,
        }
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
        match state.writer.next_step(rest_after) {
            Step::Stop => return,
            Step::Open => try_open(&state, &data_dir, &mut follower),
            Step::Rest(pipeline) => {
                let through = pipeline.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).store().last_seq().ok();
                drop(pipeline);
                follower = Follower::from(&data_dir, through);
            }
            Step::Follow => follow(&state, &data_dir, &mut follower),
            Step::Wait => {}
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
            if !state.writer.held_elsewhere() {
                eprintln!("parallax: {reason}: following its writes; articles can be posted once it is done");
            }
            state.writer.set(WriterState::HeldElsewhere(reason));
            follow(state, data_dir, follower);
        }
        Err(error) => {
            eprintln!("parallax: articles cannot be posted to this server: {error}");
            state.writer.set(WriterState::Failed(error.to_string()));
        }
    }
}

fn open_writer(state: &AppState, mut pipeline: Pipeline, follower: Option<Follower>) {
    print_notes(&mut pipeline);
    let held_elsewhere = state.writer.held_elsewhere();
    if let Some(follower) = follower {
        // What another process wrote since the last look.
        if follower.changed_version().map_or(true, |changed| changed.is_some()) {
            if let Err(error) = bring_catalog_up_to_date(state, pipeline.store(), follower.through) {
                eprintln!("parallax: reading the store: {error}");
            }
        }
    }
    if held_elsewhere {
        eprintln!("parallax: the other writer is done; articles can be posted to this server again");
    }
    let _ = state.search.refresh();
    state.writer.set(WriterState::Open { pipeline: Arc::new(Mutex::new(pipeline)), last_taken: Instant::now() });
}

/// A read-only connection kept open to notice another process's commits;
/// the version of the database the catalog was last brought up to date
/// from, and the ingest position it shows the store through.
struct Follower {
    store: SqliteStore,
    built_from: Option<i64>,
    through: Option<i64>,
}

impl Follower {
    fn open(data_dir: &Path) -> Result<Follower, StoreError> {
        Ok(Follower { store: SqliteStore::open_read_only(data_dir)?, built_from: None, through: None })
    }

    /// A follower for a catalog that shows the store through ingest
    /// position `through` (the server's own writer has just been dropped;
    /// `None` when that could not be read: the catalog is rebuilt whole).
    /// Its first look catches up on whatever was written since, as a
    /// commit by another process may already have come.
    fn from(data_dir: &Path, through: Option<i64>) -> Option<Follower> {
        let mut follower =
            Follower::open(data_dir).inspect_err(|e| eprintln!("parallax: following the store: {e}")).ok()?;
        follower.through = through;
        Some(follower)
    }

    /// The store's version when another connection has committed since
    /// the catalog was last built (always, before the first build).
    fn changed_version(&self) -> Result<Option<i64>, StoreError> {
        let version = self.store.data_version()?;
        Ok((self.built_from != Some(version)).then_some(version))
    }
}

/// Brings the catalog up to date with the store: from ingest position
/// `through` when known, reading only what was written since and dropping
/// only the views of the stories that changed (`StoryCatalog::catch_up`);
/// else built whole. Returns the position it now shows the store through.
fn bring_catalog_up_to_date(state: &AppState, store: &SqliteStore, through: Option<i64>) -> Result<i64, StoreError> {
    match through {
        Some(through) => {
            let mut catalog = StoryCatalog::clone(&state.catalog());
            let (changed, through) = store.consistent(|store| catalog.catch_up(store, through))?;
            state.replace_catalog(catalog, &changed);
            Ok(through)
        }
        None => {
            let (catalog, through) = store.consistent(StoryCatalog::build_through)?;
            state.replace_whole_catalog(catalog);
            Ok(through)
        }
    }
}

/// Brings the catalog up to date when the store has changed since the
/// last look (and on the first: it may have changed since the server
/// started or its writer rested), and reloads the search index. Errors
/// are said on stderr: the next round tries again.
fn follow(state: &AppState, data_dir: &Path, follower: &mut Option<Follower>) {
    if let Err(error) = try_follow(state, data_dir, follower) {
        eprintln!("parallax: following the store: {error}");
    }
}

fn try_follow(state: &AppState, data_dir: &Path, follower: &mut Option<Follower>) -> Result<(), StoreError> {
    let follower = match follower {
        Some(follower) => follower,
        None => follower.insert(Follower::open(data_dir)?),
    };
    if let Some(version) = follower.changed_version()? {
        follower.through = Some(bring_catalog_up_to_date(state, &follower.store, follower.through)?);
        follower.built_from = Some(version);
    }
    // The other process commits its search index after its store (every
    // few seconds and at the end of a run), so the index is looked at on
    // every round, not only when the store has changed.
    let _ = state.search.refresh();
    Ok(())
}
