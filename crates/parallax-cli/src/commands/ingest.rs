//! `parallax ingest`: read files, folders or stdin into the store.

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use parallax_pipeline::{IngestSummary, LockError, Pipeline, PipelineConfig, PipelineError, Progress};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Read raw articles into the store: plain-text captures, HTML (also
/// gzipped), JSON and JSON lines (parallax, trafilatura or news-please
/// fields), RSS/Atom feeds and WARC (also gzipped). Folders are read
/// recursively; `-` reads stdin. Formats are detected from content.
///
/// Each bad file or record is reported on stderr with its reason and the run
/// goes on. Ingest is idempotent: articles already stored are counted, not
/// written again. The exit status is non-zero only when the store or a path
/// given here cannot be used (with `--server`, also when the server cannot
/// be reached or refuses the token).
#[derive(Args)]
pub struct IngestArgs {
    /// Files, folders, or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Largest file read whole, in bytes (after decompression).
    #[arg(long, default_value_t = parallax_ingest::DEFAULT_MAX_FILE_BYTES)]
    max_file_bytes: u64,
    /// Articles written per transaction.
    #[arg(long, default_value_t = parallax_pipeline::DEFAULT_BATCH_SIZE)]
    batch_size: usize,
    /// While another process writes to the data directory (an ingest, or a
    /// server taking posts: it frees the directory after a quiet spell),
    /// wait up to this many seconds for it instead of failing at once.
    #[arg(long, value_name = "SECONDS")]
    wait: Option<u64>,
    /// Post the files (folders walked) to a running `parallax serve` at
    /// this URL (`http://host:port`) instead of writing the store here:
    /// for a server taking posts nonstop, or on another machine. `--wait`
    /// then waits while its writer is busy; the server's own limits stand
    /// in for `--max-file-bytes` and `--batch-size`; `-` cannot be sent.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// The server's bearer token (with --server).
    #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

pub fn run(data: &Path, args: IngestArgs) -> anyhow::Result<()> {
    let wait = args.wait.map(Duration::from_secs);
    let summary = match args.server {
        Some(server) => {
            let remote = crate::commands::ingest_remote::Remote { server, token: args.token, wait };
            crate::commands::ingest_remote::ingest_remote(&remote, &args.paths)?
        }
        None => ingest(data, &args.paths, args.max_file_bytes, args.batch_size, wait)?,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&summary)?)?;
    } else {
        write_summary(&mut out, &summary)?;
    }
    Ok(())
}

/// Opens the pipeline; while another process holds the writer lock, tries
/// again twice a second until `wait` has passed, saying once on stderr
/// whom it waits for.
fn open_waiting(config: PipelineConfig, wait: Option<Duration>) -> Result<Pipeline, PipelineError> {
    let deadline = wait.map(|wait| Instant::now() + wait);
    let mut waiting = false;
    loop {
        match config.clone().build() {
            Err(PipelineError::Lock(LockError::Busy { holder, .. }))
                if deadline.is_some_and(|deadline| Instant::now() < deadline) =>
            {
                if !std::mem::replace(&mut waiting, true) {
                    eprintln!("parallax: waiting for another process to finish writing ({holder})");
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            opened => return opened,
        }
    }
}

/// Runs an ingest with progress on stderr; shared with `demo`.
pub fn ingest(
    data: &Path,
    paths: &[PathBuf],
    max_file_bytes: u64,
    batch_size: usize,
    wait: Option<Duration>,
) -> anyhow::Result<IngestSummary> {
    let mut config = PipelineConfig::new(data);
    config.ingest.max_file_bytes = max_file_bytes;
    config.ingest.max_record_bytes = max_file_bytes;
    config.batch_size = batch_size;
    let mut pipeline =
        open_waiting(config, wait).with_context(|| format!("opening the store in {}", data.display()))?;
    let mut reporter = Reporter::new();
    let summary = pipeline.ingest(paths, &mut |progress| reporter.report(progress))?;
    reporter.finish();
    for note in pipeline.take_notes() {
        eprintln!("note: {note}");
    }
    Ok(summary)
}

pub fn write_summary(out: &mut impl Write, summary: &IngestSummary) -> std::io::Result<()> {
    writeln!(
        out,
        "read {}, stored {}, already stored {}, rejected {}{}",
        summary.read,
        summary.stored,
        summary.already_stored,
        summary.rejected,
        if summary.skipped > 0 { format!(", skipped {} (not articles)", summary.skipped) } else { String::new() }
    )?;
    for (reason, count) in &summary.rejected_by_reason {
        writeln!(out, "  rejected {count}: {reason}")?;
    }
    if summary.duplicates > 0 {
        writeln!(out, "  copies of earlier articles: {} (see `parallax duplicates`)", summary.duplicates)?;
    }
    if summary.warnings > 0 {
        writeln!(out, "  warnings: {}", summary.warnings)?;
    }
    Ok(())
}

/// Shows progress: a bar on a terminal, a plain line every so often otherwise.
struct Reporter {
    bar: Option<ProgressBar>,
    next_plain_line: u64,
}

/// Records between two plain progress lines.
const PLAIN_PROGRESS_EVERY: u64 = 10_000;

impl Reporter {
    fn new() -> Reporter {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("static template"));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Reporter { bar, next_plain_line: PLAIN_PROGRESS_EVERY }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn report(&mut self, progress: Progress) {
        match progress {
            Progress::Rejected(rejection) => self.line(format!("rejected: {rejection}")),
            Progress::Warning { provenance, message } => self.line(format!("warning: {provenance}: {message}")),
            Progress::Accepted { .. } => {}
            Progress::Written(summary) => {
                let status = format!(
                    "read {}  stored {}  already {}  rejected {}",
                    summary.read, summary.stored, summary.already_stored, summary.rejected
                );
                match &self.bar {
                    Some(bar) => bar.set_message(status),
                    None if summary.read >= self.next_plain_line => {
                        eprintln!("progress: {status}");
                        self.next_plain_line = summary.read + PLAIN_PROGRESS_EVERY;
                    }
                    None => {}
                }
            }
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
