//! `parallax bench`: throughput benchmarks on the sample corpus replicated.
//! Reports medians over several runs and the peak resident memory; never a
//! pass/fail verdict.

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use parallax_pipeline::PipelineConfig;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ingest throughput: plain-text articles/s and HTML pages/s over the
    /// sample corpus replicated to N documents, building articles on one
    /// core in memory and ingesting end to end (parallel build + store).
    Ingest(BenchIngestArgs),
    /// Main-text extraction speed on a benchmark directory (html/*.html.gz):
    /// pages are decompressed into memory first, then extracted on one
    /// core; pages/s and ms/page as medians over runs, and peak memory.
    Extract(BenchExtractArgs),
}

#[derive(Args)]
pub struct BenchExtractArgs {
    /// Directory with html/<id>.html.gz pages (e.g. ../shared/data/extraction).
    dir: PathBuf,
    /// Runs over all pages; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct BenchIngestArgs {
    /// Documents per format.
    #[arg(long, default_value_t = 10_000)]
    documents: usize,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// The corpus to replicate.
    #[arg(long, default_value = "examples/corpus")]
    corpus: PathBuf,
}

pub fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Ingest(args) => bench_ingest(args),
        BenchCommand::Extract(args) => bench_extract(args),
    }
}

/// Files of the corpus with one of `extensions`, read into memory.
fn corpus_files(corpus: &Path, extensions: &[&str]) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut files = Vec::new();
    let mut stack = vec![corpus.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)) {
                files.push(std::fs::read(&path)?);
            }
        }
    }
    if files.is_empty() {
        bail!("no {:?} files under {}", extensions, corpus.display());
    }
    Ok(files)
}

/// Replicates `files` to `count` documents, each made a distinct article the
/// way real ones differ: HTML pages get their own canonical URL, plain-text
/// captures a paragraph of their own near the top.
fn replicate(files: &[Vec<u8>], count: usize, html: bool) -> Vec<Vec<u8>> {
    (0..count)
        .map(|index| {
            let doc = &files[index % files.len()];
            if html {
                let link = format!("<link rel=\"canonical\" href=\"https://bench.example/replica/{index}\">");
                insert_after(doc, b"<head>", link.as_bytes())
            } else {
                let paragraph = format!(
                    "\nThis is replica number {index} of the sample article, made for the throughput benchmark.\n"
                );
                insert_after(doc, b"\n\n", paragraph.as_bytes())
            }
        })
        .collect()
}

/// `doc` with `insertion` after the first `marker` (at the end when absent).
fn insert_after(doc: &[u8], marker: &[u8], insertion: &[u8]) -> Vec<u8> {
    let at = doc.windows(marker.len()).position(|w| w == marker).map_or(doc.len(), |i| i + marker.len());
    [&doc[..at], insertion, &doc[at..]].concat()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn bench_ingest(args: BenchIngestArgs) -> anyhow::Result<()> {
    let runs = args.runs.max(1);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "bench ingest: {} documents per format, median of {runs} runs, {} threads",
        args.documents,
        rayon_threads()
    )?;
    for (label, extensions, html) in [("plain text", &["txt"][..], false), ("HTML", &["html", "htm"][..], true)] {
        let docs = replicate(&corpus_files(&args.corpus, extensions)?, args.documents, html);
        let build = median((0..runs).map(|_| build_in_memory(&docs, html)).collect());
        let end_to_end = median((0..runs).map(|_| ingest_end_to_end(&docs, html)).collect::<anyhow::Result<Vec<_>>>()?);
        writeln!(out, "{label:<10}  build, 1 core, in memory: {build:>9.0} docs/s   ingest end to end (parallel build + SQLite): {end_to_end:>9.0} docs/s")?;
    }
    if let Some(peak) = peak_rss_mib() {
        writeln!(out, "peak resident memory: {peak:.0} MiB")?;
    }
    Ok(())
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn build_in_memory(docs: &[Vec<u8>], html: bool) -> f64 {
    use parallax_ingest::{RawPayload, RawRecord};
    use parallax_model::{Provenance, RecordLocator, SourceFormat};
    let now = chrono::Utc::now();
    let start = Instant::now();
    let mut built = 0usize;
    for doc in docs {
        let provenance = Provenance { file: "bench".into(), record: RecordLocator::Whole, format: SourceFormat::Text };
        let payload = if html {
            RawPayload::Html { bytes: doc.clone(), url: None }
        } else {
            RawPayload::Text(String::from_utf8_lossy(doc).into_owned())
        };
        built += usize::from(RawRecord { provenance, payload }.build(now).is_ok());
    }
    std::hint::black_box(built);
    docs.len() as f64 / start.elapsed().as_secs_f64()
}

fn ingest_end_to_end(docs: &[Vec<u8>], html: bool) -> anyhow::Result<f64> {
    let input = tempfile::tempdir()?;
    let data = tempfile::tempdir()?;
    let extension = if html { "html" } else { "txt" };
    for (index, doc) in docs.iter().enumerate() {
        let dir = input.path().join(format!("{:03}", index / 1000));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{index}.{extension}")), doc)?;
    }
    let mut pipeline = PipelineConfig::new(data.path()).build()?;
    let start = Instant::now();
    let summary = pipeline.ingest(&[input.path().to_path_buf()], &mut |_| {})?;
    let seconds = start.elapsed().as_secs_f64();
    if summary.stored as usize != docs.len() {
        bail!("bench corpus: stored {} of {} documents ({:?})", summary.stored, docs.len(), summary.rejected_by_reason);
    }
    Ok(docs.len() as f64 / seconds)
}

fn read_gzipped_pages(dir: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    use std::io::Read;
    let html_dir = dir.join("html");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&html_dir)
        .with_context(|| format!("reading {}", html_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let mut bytes = Vec::new();
            flate2::read::MultiGzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut bytes)?;
            Ok(bytes)
        })
        .collect()
}

fn bench_extract(args: BenchExtractArgs) -> anyhow::Result<()> {
    let pages = read_gzipped_pages(&args.dir)?;
    if pages.is_empty() {
        bail!("no html/*.html.gz pages under {}", args.dir.display());
    }
    let mut pages_per_second = Vec::new();
    let mut per_page_ms = Vec::new();
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        for page in &pages {
            let page_start = Instant::now();
            std::hint::black_box(parallax_ingest::extract_html(page, None).ok());
            per_page_ms.push(page_start.elapsed().as_secs_f64() * 1e3);
        }
        pages_per_second.push(pages.len() as f64 / start.elapsed().as_secs_f64());
    }
    let (rate, median_ms, peak) = (median(pages_per_second), median(per_page_ms), peak_rss_mib().unwrap_or(0.0));
    let mut out = std::io::stdout().lock();
    if args.json {
        let object = serde_json::json!({"system": "parallax", "pages": pages.len(), "pages_per_second": rate, "median_ms_per_page": median_ms, "peak_rss_mib": peak});
        writeln!(out, "{object}")?;
    } else {
        writeln!(out, "parallax: {} pages, {rate:.0} pages/s on one core, median {median_ms:.2} ms/page, peak memory {peak:.0} MiB", pages.len())?;
    }
    Ok(())
}
