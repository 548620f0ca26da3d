//! `parallax bench follow`: what a server resting beside a `parallax
//! ingest` pays to show each of that process's commits. A store of N
//! generated articles (the bench stream) is written by one pipeline; then,
//! round after round, B more are ingested and a reader on its own
//! connection brings its story catalog up to date twice: rebuilt whole
//! (`StoryCatalog::build`, what the server did before) and caught up from
//! the last position (`StoryCatalog::catch_up`). Both must give the same
//! catalog; the medians and their ratio are printed. Last, the writer is
//! dropped and opened again, as a resting server's next post opens it
//! (snapshot restored, the articles after it replayed), and timed.

use crate::commands::bench::{median, peak_rss_mib, stream_base, write_json_lines, STREAM_SEED};
use crate::commands::bench_stream::StreamGenerator;
use anyhow::{bail, Context};
use clap::Args;
use parallax_pipeline::{PipelineConfig, StoryCatalog};
use parallax_store::SqliteStore;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub struct BenchFollowArgs {
    /// Articles in the store before the rounds.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Articles ingested in each round (one commit of the other process).
    #[arg(long, default_value_t = 100)]
    batch: usize,
    /// Rounds; medians are printed.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// The sample corpus whose sentences are recombined.
    #[arg(long, default_value = "examples/corpus")]
    corpus: PathBuf,
    /// ECB+ documents to recombine as well, when the file exists.
    #[arg(long, default_value = "../shared/data/ecbplus/docs.jsonl")]
    ecbplus: PathBuf,
}

pub fn run(args: BenchFollowArgs) -> anyhow::Result<()> {
    let rounds = args.rounds.max(1);
    let work = tempfile::tempdir().context("creating a scratch directory")?;
    let files = write_stream_files(&args, work.path())?;
    let data = work.path().join("data");
    let mut pipeline = PipelineConfig::new(&data).build().context("opening the bench store")?;
    pipeline.ingest(&files[..1], &mut |_| {}).context("ingesting the first articles")?;
    let reader = SqliteStore::open_read_only(&data)?;
    let (mut followed, mut through) = reader.consistent(StoryCatalog::build_through)?;
    let (mut rebuilt_ms, mut caught_up_ms) = (Vec::new(), Vec::new());
    for round in &files[1..] {
        pipeline.ingest(std::slice::from_ref(round), &mut |_| {})?;
        let start = Instant::now();
        let (built, _) = reader.consistent(StoryCatalog::build_through)?;
        rebuilt_ms.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        through = reader.consistent(|store| followed.catch_up(store, through))?.1;
        caught_up_ms.push(start.elapsed().as_secs_f64() * 1e3);
        if followed != built {
            bail!("the caught-up catalog differs from the one rebuilt after {}", round.display());
        }
    }
    drop(pipeline);
    let start = Instant::now();
    let reopened = PipelineConfig::new(&data).build().context("opening the writer again")?;
    let reopen_ms = start.elapsed().as_secs_f64() * 1e3;
    let opened = reopened.opened();
    let (rebuilt, caught_up) = (median(rebuilt_ms), median(caught_up_ms));
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "bench follow: a store of {} articles, then {rounds} commits of {} by another pipeline; {} stories",
        args.articles,
        args.batch,
        followed.stories.len()
    )?;
    writeln!(
        out,
        "  catalog rebuilt whole: median {rebuilt:.1} ms; caught up: median {caught_up:.1} ms; {:.0}x faster",
        rebuilt / caught_up.max(1e-3)
    )?;
    writeln!(
        out,
        "  writer reopened in {reopen_ms:.0} ms ({} articles restored from the snapshot, {} replayed)",
        opened.restored, opened.replayed
    )?;
    if let Some(peak) = peak_rss_mib() {
        writeln!(out, "  peak memory {peak:.0} MiB")?;
    }
    Ok(())
}

/// The stream as JSON-lines files: the first `articles`, then one file of
/// `batch` per round.
fn write_stream_files(args: &BenchFollowArgs, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let base = stream_base(&args.corpus, &args.ecbplus)?;
    let total = args.articles + args.batch * args.rounds.max(1);
    let mut items = StreamGenerator::new(&base, total, STREAM_SEED);
    let sizes = std::iter::once(args.articles).chain(std::iter::repeat_n(args.batch, args.rounds.max(1)));
    let mut files = Vec::new();
    for (number, size) in sizes.enumerate() {
        let path = dir.join(format!("part-{number}.jsonl"));
        write_json_lines(&path, items.by_ref().take(size))?;
        files.push(path);
    }
    Ok(files)
}
