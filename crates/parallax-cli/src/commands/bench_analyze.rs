//! `parallax bench analyze`: analysis throughput (entities, quotes, claims,
//! dates, framing) over the sample corpus's articles replicated to N, on
//! one core and on every core; medians over runs, and peak memory.

use crate::commands::bench::{median, peak_rss_mib};
use crate::commands::eval_analyze::corpus_articles;
use anyhow::bail;
use clap::Args;
use parallax_model::Article;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct BenchAnalyzeArgs {
    /// The corpus whose articles are replicated.
    #[arg(long, default_value = "examples/corpus")]
    corpus: PathBuf,
    /// Articles analysed per run (the corpus cycled).
    #[arg(long, default_value_t = 20_000)]
    articles: usize,
    /// Runs; rates are medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Articles per second analysing `count` articles cycled from `articles`.
fn rate(articles: &[Article], count: usize, parallel: bool) -> f64 {
    let start = Instant::now();
    if parallel {
        (0..count).into_par_iter().for_each(|i| {
            std::hint::black_box(parallax_extract::analyze_article(&articles[i % articles.len()]));
        });
    } else {
        for i in 0..count {
            std::hint::black_box(parallax_extract::analyze_article(&articles[i % articles.len()]));
        }
    }
    count as f64 / start.elapsed().as_secs_f64()
}

pub fn run(args: BenchAnalyzeArgs) -> anyhow::Result<()> {
    let articles = corpus_articles(&args.corpus)?;
    if articles.is_empty() {
        bail!("no articles under {}", args.corpus.display());
    }
    let runs = args.runs.max(1);
    let one_core = median((0..runs).map(|_| rate(&articles, args.articles, false)).collect());
    let all_cores = median((0..runs).map(|_| rate(&articles, args.articles, true)).collect());
    let threads = rayon::current_num_threads();
    let words: usize = articles.iter().flat_map(|a| a.body()).map(|p| p.split_whitespace().count()).sum();
    let peak = peak_rss_mib().unwrap_or(0.0);
    let mut out = std::io::stdout().lock();
    if args.json {
        let object = serde_json::json!({
            "articles": args.articles, "distinct_articles": articles.len(),
            "words_per_article": words / articles.len(),
            "articles_per_second_one_core": one_core, "articles_per_second_all_cores": all_cores,
            "threads": threads, "peak_rss_mib": peak,
        });
        writeln!(out, "{object}")?;
    } else {
        writeln!(
            out,
            "analysis of {} articles ({} distinct, {} words each on average), medians of {runs} runs:",
            args.articles,
            articles.len(),
            words / articles.len()
        )?;
        writeln!(out, "  one core:      {one_core:.0} articles/s")?;
        writeln!(
            out,
            "  {threads} threads:     {all_cores:.0} articles/s ({:.0} per thread)",
            all_cores / threads as f64
        )?;
        writeln!(out, "  peak memory:   {peak:.0} MiB")?;
    }
    Ok(())
}
