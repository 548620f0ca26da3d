//! What the CLI's end-to-end test files share: running the binary.

use std::path::Path;
use std::process::{Command, Output};

/// The binary over a data directory, with no data directory from the environment.
pub fn parallax(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.arg("--data").arg(data).env_remove("PARALLAX_DATA");
    command
}

/// Runs the command, which must succeed.
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
