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
    /// Dedup plus clustering throughput on a generated stream (sample corpus
    /// and ECB+ sentences recombined into stories, with planted copies):
    /// articles/s, peak memory, planted copies found.
    Cluster(BenchClusterArgs),
    /// Write the generated stream as JSON lines (id, title, text,
    /// published, copy_of) for other tools (bench/dedup_vs_datasketch.sh).
    Stream(BenchStreamArgs),
    /// Near-duplicate detection alone on a stream file: docs/s and the
    /// recall of planted copies.
    Dedup(BenchDedupArgs),
    /// Article analysis throughput (entities, quotes, claims, dates,
    /// framing) over the sample corpus replicated: articles/s on one core
    /// and on every core, medians over runs, and peak memory.
    Analyze(crate::commands::bench_analyze::BenchAnalyzeArgs),
    /// Story view build time for a story of N articles (default 50):
    /// median and slowest over runs.
    Story(crate::commands::bench_story::BenchStoryArgs),
    /// Following another process's writes: a store of N generated articles,
    /// then rounds of B more; per round, the story catalog rebuilt whole
    /// against caught up from the last position (as a resting server
    /// does): medians and the ratio.
    Follow(crate::commands::bench_follow::BenchFollowArgs),
}

/// The generated stream both `bench cluster` and `bench stream` use.
#[derive(Args)]
pub struct StreamArgs {
    /// Articles in the stream.
    #[arg(long, default_value_t = 200_000)]
    articles: usize,
    /// The sample corpus whose sentences are recombined.
    #[arg(long, default_value = "examples/corpus")]
    corpus: PathBuf,
    /// ECB+ documents to recombine as well, when the file exists.
    #[arg(long, default_value = "../shared/data/ecbplus/docs.jsonl")]
    ecbplus: PathBuf,
}

#[derive(Args)]
pub struct BenchClusterArgs {
    #[command(flatten)]
    stream: StreamArgs,
}

#[derive(Args)]
pub struct BenchStreamArgs {
    #[command(flatten)]
    stream: StreamArgs,
    /// Where to write the JSON lines.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct BenchDedupArgs {
    /// A stream written by `bench stream`.
    file: PathBuf,
    /// Runs; docs/s is their median.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
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
        BenchCommand::Cluster(args) => bench_cluster(args),
        BenchCommand::Stream(args) => bench_stream(args),
        BenchCommand::Dedup(args) => bench_dedup(args),
        BenchCommand::Analyze(args) => crate::commands::bench_analyze::run(args),
        BenchCommand::Story(args) => crate::commands::bench_story::run(args),
        BenchCommand::Follow(args) => crate::commands::bench_follow::run(args),
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

pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Peak resident memory of this process, from /proc (Linux).
pub(crate) fn peak_rss_mib() -> Option<f64> {
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

use crate::commands::bench_stream::{base_documents, StreamGenerator, StreamItem};

/// Seed of the benchmark stream.
pub(crate) const STREAM_SEED: u64 = 2025;

pub(crate) fn stream_base(corpus: &Path, ecbplus: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    let base = base_documents(corpus, Some(ecbplus))?;
    if base.is_empty() {
        bail!("no source documents under {}", corpus.display());
    }
    Ok(base)
}

/// Planted copies and how many of them were found pointing at the first
/// article of their copy chain.
#[derive(Default)]
struct CopyRecall {
    /// Arrival index -> first article of its copy chain.
    roots: Vec<u32>,
    planted: usize,
    found: usize,
}

impl CopyRecall {
    fn record(&mut self, copy_of: Option<usize>, verdict: &parallax_dedup::Verdict) {
        let index = self.roots.len();
        let root = copy_of.map_or(index as u32, |original| self.roots[original]);
        self.roots.push(root);
        if copy_of.is_none() {
            return;
        }
        self.planted += 1;
        let original = match verdict {
            parallax_dedup::Verdict::ExactDuplicateOf { original }
            | parallax_dedup::Verdict::NearDuplicateOf { original, .. } => original.as_str(),
            parallax_dedup::Verdict::Original => return,
        };
        self.found += usize::from(original == format!("a{root}"));
    }

    fn recall(&self) -> f64 {
        self.found as f64 / self.planted.max(1) as f64
    }
}

/// What one `bench cluster` run measured, besides its wall time.
struct ClusterRun {
    recall: CopyRecall,
    folded: usize,
    dedup_busy: std::time::Duration,
    cluster_busy: std::time::Duration,
    stats: parallax_cluster::ClusterStats,
    /// Stories the stream was designed with, and BCubed agreement of the
    /// stories found with them.
    designed: usize,
    agreement: parallax_eval::Prf,
}

/// Generates, dedups and tokenises on one thread, clusters the originals
/// on the other (as the pipeline tokenises in its parallel build stage).
fn bench_cluster(args: BenchClusterArgs) -> anyhow::Result<()> {
    let articles = args.stream.articles;
    let file = tempfile::NamedTempFile::new()?;
    write_stream(&args.stream, file.path())?;
    let start = Instant::now();
    let run = dedup_and_cluster(file.path())?;
    let seconds = start.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    writeln!(out, "stream: {articles} articles read from a JSON-lines file as they are processed")?;
    writeln!(
        out,
        "time in dedup {:.1} s, in placing articles (after tokenising) {:.1} s, of {seconds:.1} s",
        run.dedup_busy.as_secs_f64(),
        run.cluster_busy.as_secs_f64()
    )?;
    writeln!(
        out,
        "clusters: {} storylines, {} stories for {} designed; at most {} live stories in one storyline",
        run.stats.storylines, run.stats.stories, run.designed, run.stats.most_active_stories
    )?;
    writeln!(
        out,
        "stories against the design (originals only): BCubed precision {:.3}, recall {:.3}, F1 {:.3}",
        run.agreement.precision, run.agreement.recall, run.agreement.f1
    )?;
    writeln!(
        out,
        "bench cluster: dedup + clustering on 2 threads (one reads, dedups and tokenises; one places): {:.0} articles/s, peak memory {:.0} MiB; {} folded as copies, planted copies found {}/{} (recall {:.3})",
        articles as f64 / seconds,
        peak_rss_mib().unwrap_or(0.0),
        run.folded,
        run.recall.found,
        run.recall.planted,
        run.recall.recall()
    )?;
    Ok(())
}

/// Reads the stream file on one thread (parse, dedup, tokenise), places
/// the originals on the calling one.
fn dedup_and_cluster(file: &Path) -> anyhow::Result<ClusterRun> {
    let (sender, receiver) = crossbeam_channel::bounded::<(parallax_cluster::PreparedDoc, usize)>(1024);
    std::thread::scope(|scope| {
        let dedup = scope.spawn(|| -> anyhow::Result<_> {
            let mut deduper = parallax_dedup::DedupConfig::default().build();
            let (mut recall, mut folded) = (CopyRecall::default(), 0usize);
            let mut busy = std::time::Duration::ZERO;
            for line in std::io::BufRead::lines(std::io::BufReader::new(std::fs::File::open(file)?)) {
                let item: StreamItem = serde_json::from_str(&line?)?;
                let checking = Instant::now();
                let verdict = deduper.check(&item.id, &item.text);
                busy += checking.elapsed();
                recall.record(item.copy_of, &verdict);
                if verdict == parallax_dedup::Verdict::Original {
                    let doc = parallax_cluster::ClusterDoc {
                        title: Some(&item.title),
                        text: &item.text,
                        published: Some(item.published),
                        not_before: None,
                    };
                    sender
                        .send((parallax_cluster::PreparedDoc::new(&doc), item.story))
                        .expect("the clustering thread outlives the stream");
                } else {
                    folded += 1;
                }
            }
            drop(sender);
            Ok((recall, folded, busy))
        });
        let mut clusterer = parallax_cluster::ClusterConfig::default().build();
        let mut cluster_busy = std::time::Duration::ZERO;
        let mut placed = Vec::new();
        for (prepared, designed) in receiver {
            let assigning = Instant::now();
            placed.push((clusterer.assign_prepared(&prepared), designed));
            cluster_busy += assigning.elapsed();
        }
        let (designed, agreement) = designed_story_agreement(&clusterer, &placed);
        let (recall, folded, dedup_busy) = dedup.join().expect("dedup thread")?;
        Ok(ClusterRun { recall, folded, dedup_busy, cluster_busy, stats: clusterer.stats(), designed, agreement })
    })
}

/// How many stories the stream was designed with, and BCubed agreement of
/// the stories found with them.
fn designed_story_agreement(
    clusterer: &parallax_cluster::StoryClusterer,
    placed: &[(parallax_cluster::DocIndex, usize)],
) -> (usize, parallax_eval::Prf) {
    let found: Vec<usize> = placed.iter().map(|(doc, _)| clusterer.story_of(*doc).0).collect();
    let designed: Vec<usize> = placed.iter().map(|(_, story)| *story).collect();
    let count = designed.iter().collect::<std::collections::HashSet<_>>().len();
    (count, parallax_eval::bcubed(&found, &designed))
}

fn write_stream(args: &StreamArgs, path: &Path) -> anyhow::Result<()> {
    let base = stream_base(&args.corpus, &args.ecbplus)?;
    write_json_lines(path, StreamGenerator::new(&base, args.articles, STREAM_SEED))
}

/// Writes stream items to `path`, one JSON object a line.
pub(crate) fn write_json_lines(path: &Path, items: impl Iterator<Item = StreamItem>) -> anyhow::Result<()> {
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
    for item in items {
        serde_json::to_writer(&mut file, &item)?;
        file.write_all(b"\n")?;
    }
    file.flush()?;
    Ok(())
}

fn bench_stream(args: BenchStreamArgs) -> anyhow::Result<()> {
    write_stream(&args.stream, &args.out)
}

fn bench_dedup(args: BenchDedupArgs) -> anyhow::Result<()> {
    let file = std::fs::File::open(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let mut items: Vec<StreamItem> = Vec::new();
    for (number, line) in std::io::BufRead::lines(std::io::BufReader::new(file)).enumerate() {
        let item = serde_json::from_str(&line?)
            .with_context(|| format!("{} line {}: not a stream item", args.file.display(), number + 1))?;
        items.push(item);
    }
    let mut rates = Vec::new();
    let mut recall = CopyRecall::default();
    for _ in 0..args.runs.max(1) {
        let mut deduper = parallax_dedup::DedupConfig::default().build();
        let start = Instant::now();
        let verdicts: Vec<parallax_dedup::Verdict> =
            items.iter().map(|item| deduper.check(&item.id, &item.text)).collect();
        rates.push(items.len() as f64 / start.elapsed().as_secs_f64());
        recall = CopyRecall::default();
        for (item, verdict) in items.iter().zip(&verdicts) {
            recall.record(item.copy_of, verdict);
        }
    }
    let rate = median(rates);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"system": "parallax", "docs": items.len(), "docs_per_second": rate, "recall": recall.recall(), "planted": recall.planted, "peak_rss_mib": peak_rss_mib()})
        )?;
    } else {
        writeln!(
            out,
            "parallax dedup: {} docs, {rate:.0} docs/s (median of {} runs), recall {:.3} of {} planted copies",
            items.len(),
            args.runs.max(1),
            recall.recall(),
            recall.planted
        )?;
    }
    Ok(())
}
