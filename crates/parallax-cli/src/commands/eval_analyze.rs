//! `parallax eval analyze DIR`: the analyser against the hand annotations
//! of the sample corpus (testdata/gold/analysis.json): precision, recall
//! and F1 for entities, quotes with their speaker, scare quotes, claims
//! with value and counted thing, and resolved dates.

use anyhow::Context;
use clap::Args;
use parallax_eval::{score_analysis, AnalysisScore, GoldArticle};
use parallax_ingest::{read_sources, IngestConfig, SourceEvent};
use parallax_model::Article;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct EvalAnalyzeArgs {
    /// The corpus the gold file annotates (e.g. examples/corpus).
    dir: PathBuf,
    /// The annotations.
    #[arg(long, default_value = "testdata/gold/analysis.json")]
    gold: PathBuf,
    /// Print every missed and every wrong item.
    #[arg(long)]
    verbose: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
}

/// A heading, then precision, recall, F1 and counts per kind, then (when
/// given) every error.
pub(crate) fn write_scores(
    out: &mut impl Write,
    heading: &str,
    kinds: &[(&str, parallax_eval::Tally)],
    errors: Option<&[String]>,
) -> std::io::Result<()> {
    writeln!(out, "{heading}")?;
    writeln!(out, "{:<30} {:>9} {:>9} {:>9} {:>7} {:>7}", "kind", "precision", "recall", "F1", "gold", "found")?;
    for (name, tally) in kinds {
        writeln!(
            out,
            "{name:<30} {:>9.3} {:>9.3} {:>9.3} {:>7} {:>7}",
            tally.precision(),
            tally.recall(),
            tally.f1(),
            tally.gold,
            tally.predicted
        )?;
    }
    for error in errors.unwrap_or_default() {
        writeln!(out, "  {error}")?;
    }
    Ok(())
}

/// Every article the readers build from `dir` (rejections are skipped:
/// the gold file says which articles must be there).
pub(crate) fn corpus_articles(dir: &Path) -> anyhow::Result<Vec<Article>> {
    let mut articles = Vec::new();
    for event in read_sources(&[dir.to_path_buf()], &IngestConfig::default())? {
        if let SourceEvent::Record(record) = event {
            if let Ok(article) = record.build(chrono::Utc::now()) {
                articles.push(article);
            }
        }
    }
    Ok(articles)
}

/// The article a gold entry annotates: same outlet, and same title or a
/// body opening with its first words (the first such, the original).
fn annotated<'a>(gold: &GoldArticle, articles: &'a [Article]) -> Option<&'a Article> {
    articles.iter().find(|article| {
        let opens = article.body().next().is_some_and(|first| first.starts_with(&gold.first_words));
        article.outlet.as_deref() == Some(gold.outlet.as_str())
            && (gold.title.as_deref() == Some(article.title.as_str()) || opens)
    })
}

pub fn run(args: EvalAnalyzeArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let gold: Vec<GoldArticle> =
        serde_json::from_str(&text).with_context(|| format!("{}: not a gold analysis file", args.gold.display()))?;
    let articles = corpus_articles(&args.dir)?;
    let mut total = AnalysisScore::default();
    for entry in &gold {
        let article = annotated(entry, &articles).with_context(|| {
            format!(
                "{}: no article in {} for {} ({})",
                args.gold.display(),
                args.dir.display(),
                entry.key,
                entry.outlet
            )
        })?;
        total.add(score_analysis(entry, &parallax_extract::analyze_article(article)));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&total)?)?;
        return Ok(());
    }
    let heading = format!("analysis of {} annotated articles against {}", gold.len(), args.gold.display());
    write_scores(&mut out, &heading, &total.kinds(), args.verbose.then_some(total.errors.as_slice()))?;
    Ok(())
}
