//! One writer per data directory. A pipeline keeps its dedup and
//! clustering state in memory and numbers new stories from it; a second
//! process writing the same store would number its own and the two would
//! disagree. So building a pipeline takes an exclusive lock on
//! `writer.lock` in the data directory (an OS file lock: it is released
//! when the process ends, also when it is killed, and never goes stale),
//! and a second writer is refused at once, told which process holds it.
//! Readers (`parallax stories`, the server's views) take no lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file's name inside the data directory.
pub const WRITER_LOCK_FILE: &str = "writer.lock";

/// Why the writer lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another parallax process is writing to this data directory ({holder}); \
         wait for it to finish (`parallax ingest --wait SECONDS` does), or send articles to it \
         (`parallax serve` takes them by POST /api/articles)"
    )]
    Busy { data_dir: PathBuf, holder: String },
    #[error("cannot lock {path}: {message}")]
    Io { path: PathBuf, message: String },
}

/// The held lock; dropping it lets the next writer in.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock of `data_dir` (creating the directory if needed) and
    /// records this process in it, or says who holds it.
    pub fn acquire(data_dir: &Path) -> Result<WriterLock, LockError> {
        let path = data_dir.join(WRITER_LOCK_FILE);
        let io = |error: std::io::Error| LockError::Io { path: path.clone(), message: error.to_string() };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Busy { data_dir: data_dir.to_path_buf(), holder: holder_of(&mut file) })
            }
            Err(TryLockError::Error(error)) => return Err(io(error)),
        }
        file.set_len(0).map_err(io)?;
        file.write_all(this_process().as_bytes()).map_err(io)?;
        Ok(WriterLock { _file: file })
    }
}

/// How a lock holder describes itself: its process id and command line.
fn this_process() -> String {
    let command: Vec<String> = std::env::args().collect();
    format!("process {}: {}", std::process::id(), command.join(" "))
}

/// What the holder wrote into the lock file, or a plain word if nothing
/// can be read.
fn holder_of(file: &mut File) -> String {
    let mut text = String::new();
    let read = file.seek(SeekFrom::Start(0)).and_then(|_| file.read_to_string(&mut text));
    match read {
        Ok(_) if !text.trim().is_empty() => text.trim().to_string(),
        _ => "process unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let data = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(data.path()).unwrap();
        let refused = WriterLock::acquire(data.path()).unwrap_err();
        let message = refused.to_string();
        assert!(matches!(&refused, LockError::Busy { data_dir, .. } if data_dir == data.path()), "{message}");
        assert!(message.contains(&format!("process {}", std::process::id())), "names the holder: {message}");
        assert!(!message.contains(&data.path().display().to_string()), "callers name the directory: {message}");
        drop(first);
        WriterLock::acquire(data.path()).expect("free once the first writer is gone");
    }

    #[test]
    fn the_lock_creates_its_directory() {
        let data = tempfile::tempdir().unwrap();
        let nested = data.path().join("new").join("store");
        WriterLock::acquire(&nested).unwrap();
        assert!(nested.join(WRITER_LOCK_FILE).exists());
    }
}
