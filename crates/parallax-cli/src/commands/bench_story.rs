//! `parallax bench story`: how long building the story view takes for a
//! story of N articles (the sample corpus's articles analysed, each given
//! its own outlet, cycled to N); median and slowest of the runs.

use crate::commands::bench::median;
use crate::commands::eval_analyze::corpus_articles;
use anyhow::bail;
use clap::Args;
use parallax_compare::{compare_story, SourceArticle};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct BenchStoryArgs {
    /// The corpus whose articles make the story.
    #[arg(long, default_value = "examples/corpus")]
    corpus: PathBuf,
    /// Articles in the story.
    #[arg(long, default_value_t = 50)]
    articles: usize,
    /// Runs; the median and the slowest are printed.
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: BenchStoryArgs) -> anyhow::Result<()> {
    let articles = corpus_articles(&args.corpus)?;
    if articles.is_empty() {
        bail!("no articles under {}", args.corpus.display());
    }
    let sources: Vec<SourceArticle> = (0..args.articles)
        .map(|i| {
            let article = &articles[i % articles.len()];
            SourceArticle {
                id: format!("{}-{i}", article.id),
                outlet: format!("{} {}", article.outlet.as_deref().unwrap_or("outlet"), i / articles.len()),
                title: article.title.clone(),
                published: article.published.date(),
                paragraphs: article.body().map(str::to_string).collect(),
                analysis: parallax_extract::analyze_article(article),
                copies: Vec::new(),
            }
        })
        .collect();
    let mut times_ms = Vec::new();
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        std::hint::black_box(compare_story(&sources));
        times_ms.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let slowest = times_ms.iter().copied().fold(0.0, f64::max);
    let median_ms = median(times_ms);
    let mut out = std::io::stdout().lock();
    if args.json {
        let object = serde_json::json!({"articles": args.articles, "median_ms": median_ms, "slowest_ms": slowest});
        writeln!(out, "{object}")?;
    } else {
        writeln!(
            out,
            "story view of {} articles: median {median_ms:.1} ms, slowest {slowest:.1} ms over {} runs",
            args.articles,
            args.runs.max(1)
        )?;
    }
    Ok(())
}
