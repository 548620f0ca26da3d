//! `parallax eval`: quality on public labeled data, with the metrics the
//! literature uses, side by side with the published systems.

use crate::commands::cluster::StreamArticle;
use crate::commands::eval_stream::{recombine, Labelled};
use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use flate2::read::MultiGzDecoder;
use parallax_eval::{score_page, summarize, PageScore, Summary};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction on a directory laid out like the article
    /// extraction benchmark (html/<id>.html.gz, ground-truth.json,
    /// reference-outputs/<system>.json): precision, recall, F1 (mean and
    /// bootstrap standard deviation over 1,000 resamples) and accuracy, with
    /// the benchmark's shingle metric, for parallax and every reference
    /// system, plus parallax's pages per second.
    Extract(EvalExtractArgs),
    /// Story and storyline clustering on a JSON-lines file with `story` and
    /// `storyline` labels (ECB+ layout): clusters the file as a stream
    /// without looking at the labels, then prints pairwise and BCubed
    /// precision, recall and F1 for both levels, and how the story recall
    /// lost divides by the time between the pieces of each split event
    /// (beyond the story window, beside an undated story, within it).
    /// With `--recombine N`, the
    /// file's documents are first recombined into a labelled stream of N
    /// articles in which every event recurs (see `--recombine`).
    Cluster(EvalClusterArgs),
    /// Article analysis against hand annotations of a corpus (default
    /// testdata/gold/analysis.json for examples/corpus): precision, recall
    /// and F1 for entities, quotes with speaker, scare quotes, claims and
    /// resolved dates.
    Analyze(crate::commands::eval_analyze::EvalAnalyzeArgs),
    /// The story view against hand annotations of a corpus's stories
    /// (default testdata/gold/compare.json for examples/corpus): precision,
    /// recall and F1 for conflicts, agreements and quote variants.
    Compare(crate::commands::eval_compare::EvalCompareArgs),
}

#[derive(Args)]
pub struct EvalClusterArgs {
    /// The labelled JSON-lines file (e.g. ../shared/data/ecbplus/docs.jsonl).
    file: PathBuf,
    /// Evaluate on a stream of this many articles recombined from the
    /// file instead: slots spread over `--days`, each picking an event and
    /// writing 8 articles from random lines of its documents (labels kept),
    /// so that every event recurs beside others of its kind, as in a real
    /// stream. Deterministic.
    #[arg(long, value_name = "ARTICLES")]
    recombine: Option<usize>,
    /// Days the recombined stream spans.
    #[arg(long, default_value_t = 30, requires = "recombine")]
    days: i64,
    /// Print one JSON object instead of the table, the figures unrounded:
    /// `articles`, `articles_per_second`, `story` and `storyline` (each
    /// with `pairwise` and `bcubed`, each with `precision`, `recall`,
    /// `f1`), and `story_recall_lost` (`apart_in_time`, `undated`,
    /// `within_window`, `window_days`).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    tuning: crate::commands::cluster::ClusterTuning,
}

/// Seed of the recombined stream.
const RECOMBINE_SEED: u64 = 2026;

#[derive(Args)]
pub struct EvalExtractArgs {
    /// The benchmark directory (e.g. ../shared/data/extraction).
    dir: PathBuf,
    /// Bootstrap resamples for the standard deviations.
    #[arg(long, default_value_t = 1_000)]
    resamples: usize,
    /// Also list parallax's worst pages (lowest F1), this many.
    #[arg(long, default_value_t = 0)]
    worst: usize,
}

pub fn run(command: EvalCommand) -> anyhow::Result<()> {
    match command {
        EvalCommand::Extract(args) => eval_extract(args),
        EvalCommand::Cluster(args) => eval_cluster(args),
        EvalCommand::Analyze(args) => crate::commands::eval_analyze::run(args),
        EvalCommand::Compare(args) => crate::commands::eval_compare::run(args),
    }
}

/// Largest decompressed benchmark page read.
const MAX_PAGE_BYTES: u64 = 50 * 1024 * 1024;

/// `{id: {"articleBody": ...}}`, also when wrapped as `{"output": {...}}`.
fn read_bodies(path: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let pages = value.get("output").unwrap_or(&value);
    let Some(pages) = pages.as_object() else { bail!("{}: expected an object of pages", path.display()) };
    Ok(pages
        .iter()
        .map(|(id, page)| (id.clone(), page.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string()))
        .collect())
}

fn read_page(dir: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let file = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let mut bytes = Vec::new();
    MultiGzDecoder::new(file)
        .take(MAX_PAGE_BYTES)
        .read_to_end(&mut bytes)
        .with_context(|| format!("decompressing {}", path.display()))?;
    Ok(bytes)
}

/// The text parallax extracts from a page: subheads and body paragraphs,
/// separated by blank lines.
pub fn extracted_text(html: &[u8], url: Option<&str>) -> String {
    match parallax_ingest::extract_html(html, url) {
        Ok(draft) => draft.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n"),
        Err(_) => String::new(),
    }
}

struct Run {
    scores: Vec<(String, PageScore)>,
    seconds_per_page: Vec<f64>,
}

fn run_parallax(dir: &Path, truth: &BTreeMap<String, (String, Option<String>)>) -> anyhow::Result<Run> {
    let mut run = Run { scores: Vec::new(), seconds_per_page: Vec::new() };
    for (id, (body, url)) in truth {
        let html = read_page(dir, id)?;
        let start = Instant::now();
        let text = extracted_text(&html, url.as_deref());
        run.seconds_per_page.push(start.elapsed().as_secs_f64());
        run.scores.push((id.clone(), score_page(body, &text)));
    }
    Ok(run)
}

fn ground_truth(dir: &Path) -> anyhow::Result<BTreeMap<String, (String, Option<String>)>> {
    let path = dir.join("ground-truth.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let Some(pages) = value.as_object() else { bail!("{}: expected an object of pages", path.display()) };
    Ok(pages
        .iter()
        .map(|(id, page)| {
            let body = page.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string();
            (id.clone(), (body, page.get("url").and_then(Value::as_str).map(str::to_string)))
        })
        .collect())
}

fn format_row(out: &mut impl Write, system: &str, summary: &Summary) -> std::io::Result<()> {
    let cell = |e: parallax_eval::Estimate| format!("{:.3} ± {:.3}", e.mean, e.std_dev);
    writeln!(
        out,
        "{system:<18} {:<15} {:<15} {:<15} {}",
        cell(summary.f1),
        cell(summary.precision),
        cell(summary.recall),
        cell(summary.accuracy)
    )
}

fn eval_extract(args: EvalExtractArgs) -> anyhow::Result<()> {
    let truth = ground_truth(&args.dir)?;
    let ours = run_parallax(&args.dir, &truth)?;
    let mut rows: Vec<(String, Summary)> = Vec::new();
    let our_scores: Vec<PageScore> = ours.scores.iter().map(|(_, s)| *s).collect();
    rows.push(("parallax".into(), summarize(&our_scores, args.resamples, 42)));
    let references = args.dir.join("reference-outputs");
    let mut reference_files: Vec<PathBuf> = std::fs::read_dir(&references)
        .with_context(|| format!("reading {}", references.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    reference_files.sort();
    for path in reference_files {
        let predicted = read_bodies(&path)?;
        let scores: Vec<PageScore> = truth
            .iter()
            .map(|(id, (body, _))| score_page(body, predicted.get(id).map_or("", String::as_str)))
            .collect();
        let system = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        rows.push((system, summarize(&scores, args.resamples, 42)));
    }
    rows[1..].sort_by(|a, b| b.1.f1.mean.total_cmp(&a.1.f1.mean));
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "extraction benchmark: {} pages, shingle metric, bootstrap over {} resamples",
        truth.len(),
        args.resamples
    )?;
    writeln!(out, "{:<18} {:<15} {:<15} {:<15} accuracy", "system", "F1", "precision", "recall")?;
    for (system, summary) in &rows {
        format_row(&mut out, system, summary)?;
    }
    let mut times = ours.seconds_per_page.clone();
    times.sort_by(f64::total_cmp);
    let total: f64 = times.iter().sum();
    writeln!(
        out,
        "parallax speed: {:.0} pages/s on one core, median {:.2} ms/page, p90 {:.2} ms/page",
        times.len() as f64 / total,
        times[times.len() / 2] * 1e3,
        times[times.len() * 9 / 10] * 1e3
    )?;
    if args.worst > 0 {
        let mut worst = ours.scores.clone();
        let f1 = |s: &PageScore| {
            if s.precision + s.recall == 0.0 {
                0.0
            } else {
                2.0 * s.precision * s.recall / (s.precision + s.recall)
            }
        };
        worst.sort_by(|a, b| f1(&a.1).total_cmp(&f1(&b.1)));
        writeln!(out, "\nworst pages:")?;
        for (id, score) in worst.iter().take(args.worst) {
            let url = truth[id].1.as_deref().unwrap_or("");
            writeln!(out, "  {:.3} P {:.3} R {:.3}  {id}  {url}", f1(score), score.precision, score.recall)?;
        }
    }
    Ok(())
}

fn eval_cluster(args: EvalClusterArgs) -> anyhow::Result<()> {
    let (articles, labels) = labelled_stream(&args)?;
    let start = Instant::now();
    let config = args.tuning.config();
    let window = config.story_window_days;
    let assignments = crate::commands::cluster::cluster_stream(articles.iter(), config);
    let per_second = articles.len() as f64 / start.elapsed().as_secs_f64();
    let scores = |pick: fn(&(usize, usize)) -> usize, gold: Vec<&str>| {
        let predicted: Vec<usize> = assignments.iter().map(pick).collect();
        (parallax_eval::pairwise(&predicted, &gold), parallax_eval::bcubed(&predicted, &gold))
    };
    let story_gold: Vec<&str> = labels.iter().map(|(story, _)| story.as_str()).collect();
    let stories: Vec<usize> = assignments.iter().map(|a| a.0).collect();
    let losses = story_recall_losses(&articles, &stories, &story_gold, window);
    let story = scores(|a| a.0, story_gold);
    let storyline = scores(|a| a.1, labels.iter().map(|(_, line)| line.as_str()).collect());
    let lost = |split| losses.get(&split).copied().unwrap_or(0.0);
    let mut out = std::io::stdout().lock();
    if args.json {
        let prf = |prf: parallax_eval::Prf| serde_json::json!({"precision": prf.precision, "recall": prf.recall, "f1": prf.f1});
        let level = |(pairwise, bcubed)| serde_json::json!({"pairwise": prf(pairwise), "bcubed": prf(bcubed)});
        let report = serde_json::json!({
            "articles": articles.len(),
            "articles_per_second": per_second,
            "story": level(story),
            "storyline": level(storyline),
            "story_recall_lost": {
                "apart_in_time": lost(Split::ApartInTime),
                "undated": lost(Split::Undated),
                "within_window": lost(Split::WithinWindow),
                "window_days": window,
            },
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    writeln!(out, "clustering {} articles as a stream ({per_second:.0} articles/s)", articles.len())?;
    writeln!(out, "{:<10} {:<9} {:>9} {:>9} {:>9}", "level", "metric", "precision", "recall", "F1")?;
    for (level, (pairwise, bcubed)) in [("story", story), ("storyline", storyline)] {
        for (metric, prf) in [("pairwise", pairwise), ("BCubed", bcubed)] {
            writeln!(out, "{level:<10} {metric:<9} {:>9.3} {:>9.3} {:>9.3}", prf.precision, prf.recall, prf.f1)?;
        }
    }
    writeln!(
        out,
        "story BCubed recall lost to events split into stories: {:.3} more than {window} days apart (the story window), \
         {:.3} beside an undated story, {:.3} within the window",
        lost(Split::ApartInTime),
        lost(Split::Undated),
        lost(Split::WithinWindow),
    )?;
    Ok(())
}

/// How two stories that split one labelled event lie in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Split {
    /// Both dated, more than the story window apart: no article could have
    /// joined across.
    ApartInTime,
    /// One has no dated article.
    Undated,
    WithinWindow,
}

/// BCubed story recall lost, by how the pieces of each split event lie in
/// time (each story's span: its articles' earliest and latest dates).
fn story_recall_losses(
    articles: &[StreamArticle],
    stories: &[usize],
    gold: &[&str],
    window_days: i64,
) -> BTreeMap<Split, f64> {
    let mut spans: HashMap<usize, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    for (article, &story) in articles.iter().zip(stories) {
        if let Some(date) = article.published {
            let span = spans.entry(story).or_insert((date, date));
            *span = (span.0.min(date), span.1.max(date));
        }
    }
    parallax_eval::bcubed_recall_loss(stories, gold, |a, b| match (spans.get(a), spans.get(b)) {
        (Some(a), Some(b)) if (a.0 - b.1).num_days().max((b.0 - a.1).num_days()) > window_days => Split::ApartInTime,
        (Some(_), Some(_)) => Split::WithinWindow,
        _ => Split::Undated,
    })
}

/// Each article's (story, storyline) labels.
type Labels = Vec<(String, String)>;

/// The articles to cluster and their labels: the file as it is, or
/// recombined into a longer stream.
fn labelled_stream(args: &EvalClusterArgs) -> anyhow::Result<(Vec<StreamArticle>, Labels)> {
    let mut articles = Vec::new();
    let mut labels = Vec::new();
    for (article, value) in crate::commands::cluster::read_stream(&args.file)? {
        let label = |name: &str| {
            crate::commands::cluster::string_field(&value, name)
                .with_context(|| format!("{}: article {} has no `{name}` label", args.file.display(), article.id))
        };
        labels.push((label("story")?, label("storyline")?));
        articles.push(article);
    }
    let Some(count) = args.recombine else { return Ok((articles, labels)) };
    let documents: Vec<Labelled> = articles
        .into_iter()
        .zip(labels)
        .map(|(article, (story, storyline))| Labelled {
            lines: article.title.into_iter().chain(article.body.lines().map(str::to_string)).collect(),
            story,
            storyline,
        })
        .collect();
    let stream = recombine(&documents, count, args.days, RECOMBINE_SEED);
    Ok(stream.into_iter().map(|item| (item.article, (item.story, item.storyline))).unzip())
}
