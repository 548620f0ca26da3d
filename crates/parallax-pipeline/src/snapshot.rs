//! Snapshots of the dedup and clustering state: opening a store restores
//! the latest snapshot and replays only the articles stored after it,
//! instead of replaying every stored article (about 17 s at 100,000).
//!
//! The file `state.snapshot` in the data directory holds a magic tag, a
//! header (the build and configuration it was made by, the ingest position
//! and id of the last article it covers, how many articles it covers, the
//! body's BLAKE3 hash) and the body (deduper, clusterer, arrival indices),
//! all in postcard. It is written to a temporary file and renamed over the
//! old one, so a crash leaves one or the other whole. The store stays the
//! truth and the snapshot a cache of it: a snapshot from another build or
//! configuration, one covering articles the store does not hold as it
//! says, or a damaged one is set aside with a note and the store replayed
//! whole, which gives the same state (the stages are deterministic, and
//! their sums do not depend on hash-map order: see `centroid.rs`).

use crate::{ClusterStage, PipelineConfig};
use parallax_dedup::Deduper;
use parallax_store::SqliteStore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The snapshot's file name in the data directory.
pub const SNAPSHOT_FILE: &str = "state.snapshot";
const MAGIC: &[u8; 8] = b"PLXSTAT1";

/// Default articles stored since the last snapshot that make a new one due:
/// opening a store then replays at most this many.
pub const DEFAULT_SNAPSHOT_EVERY: u64 = 2048;

#[derive(Serialize, Deserialize)]
struct Header {
    build: String,
    config: String,
    /// Ingest position and id of the last article covered.
    through_seq: i64,
    through_id: String,
    /// Articles covered (every stored article up to `through_seq`).
    articles: u64,
    body_hash: String,
}

/// State brought back from a snapshot.
pub(crate) struct Restored {
    pub deduper: Deduper,
    pub clustering: ClusterStage,
    /// Ingest position of the last article covered: replay what follows.
    pub through_seq: i64,
    pub articles: u64,
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(SNAPSHOT_FILE)
}

/// Which build made a snapshot: the executable's version, size and
/// modification time (any rebuild changes it; a snapshot is then replayed
/// from the store once and saved anew).
fn build_identity() -> String {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let metadata = std::env::current_exe().and_then(std::fs::metadata).ok();
            let modified = metadata
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {} {modified}", env!("CARGO_PKG_VERSION"), metadata.map_or(0, |m| m.len()))
        })
        .clone()
}

fn config_digest(config: &PipelineConfig) -> String {
    blake3::hash(format!("{:?}|{:?}", config.dedup, config.cluster).as_bytes()).to_hex().to_string()
}

/// Restores the snapshot in the data directory, if there is one that fits
/// this build, configuration and store; `Err` says why one was set aside.
pub(crate) fn load(config: &PipelineConfig, store: &SqliteStore) -> Result<Option<Restored>, String> {
    let file = path(&config.data_dir);
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: {error}", file.display())),
    };
    let set_aside = |reason: &str| format!("{}: {reason}; replaying the store instead", file.display());
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| set_aside("not a parallax snapshot"))?;
    let (header, body): (Header, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| set_aside(&format!("unreadable header ({e})")))?;
    if header.build != build_identity() {
        return Err(set_aside("made by another build of parallax"));
    }
    if header.config != config_digest(config) {
        return Err(set_aside("made under another dedup or clustering configuration"));
    }
    if blake3::hash(body).to_hex().as_str() != header.body_hash {
        return Err(set_aside("damaged (its hash does not match)"));
    }
    let (count, id) = store.articles_through(header.through_seq).map_err(|e| set_aside(&e.to_string()))?;
    if count != header.articles || id.as_deref() != Some(header.through_id.as_str()) {
        return Err(set_aside("it covers articles this store does not hold"));
    }
    let mut decoder = postcard::Deserializer::from_bytes(body);
    let restored = (|| -> Result<Restored, postcard::Error> {
        let deduper = config.dedup.clone().restore(&mut decoder)?;
        let clusterer = config.cluster.clone().restore(&mut decoder)?;
        let docs = HashMap::deserialize(&mut decoder)?;
        Ok(Restored {
            deduper,
            clustering: ClusterStage { clusterer, docs },
            through_seq: header.through_seq,
            articles: header.articles,
        })
    })()
    .map_err(|e| set_aside(&format!("unreadable body ({e})")))?;
    if restored.deduper.len() as u64 != header.articles {
        return Err(set_aside("its deduper does not cover the articles it says"));
    }
    Ok(Some(restored))
}

/// Saves the state as covering every stored article; returns how many.
/// Refuses (with the reason) when the state does not match the store,
/// e.g. another process stored articles meanwhile.
pub(crate) fn save(
    config: &PipelineConfig,
    store: &SqliteStore,
    deduper: &Deduper,
    clustering: &ClusterStage,
) -> Result<u64, String> {
    let file = path(&config.data_dir);
    let fail = |reason: String| format!("{}: not saved: {reason}", file.display());
    let articles = store.article_count().map_err(|e| fail(e.to_string()))?;
    if articles != deduper.len() as u64 {
        return Err(fail(format!("the store holds {articles} articles, this process has seen {}", deduper.len())));
    }
    let Some((through_seq, through_id)) = store.last_article().map_err(|e| fail(e.to_string()))? else {
        return Ok(0);
    };
    let body = postcard::to_stdvec(&(deduper, &clustering.clusterer, &clustering.docs))
        .map_err(|e| fail(format!("serialising: {e}")))?;
    let header = Header {
        build: build_identity(),
        config: config_digest(config),
        through_seq,
        through_id,
        articles,
        body_hash: blake3::hash(&body).to_hex().to_string(),
    };
    let header = postcard::to_stdvec(&header).map_err(|e| fail(format!("serialising: {e}")))?;
    let temporary = file.with_extension("snapshot.tmp");
    let written = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        out.write_all(MAGIC)?;
        out.write_all(&header)?;
        out.write_all(&body)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temporary, &file)
    })();
    written.map_err(|e| fail(e.to_string()))?;
    Ok(articles)
}
