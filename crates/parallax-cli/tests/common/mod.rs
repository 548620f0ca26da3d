//! What the CLI's end-to-end test files share: running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary over a data directory, with no data directory from the environment.
pub fn parallax(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.arg("--data").arg(data).env_remove("PARALLAX_DATA");
    command
}

/// Runs the command, which must succeed.
#[allow(dead_code)] // not every test file runs commands to completion
pub fn run(command: &mut Command) -> Output {
    let output = command.output().expect("parallax runs");
    assert!(
        output.status.success(),
        "parallax failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `../shared/RELATIVE` (beside the project), if `marker` exists inside it
/// (`""`: the path itself); otherwise says on stderr that `what` was
/// skipped and gives none. CI always has `../shared`; a user's clone may not.
#[allow(dead_code)] // not every test file reads ../shared
pub fn shared(relative: &str, marker: &str, what: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(relative);
    let probe = if marker.is_empty() { path.clone() } else { path.join(marker) };
    if probe.exists() {
        return Some(path);
    }
    eprintln!("SKIPPED: ../shared/{relative} is absent; {what}");
    None
}
