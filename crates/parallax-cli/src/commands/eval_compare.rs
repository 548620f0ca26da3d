//! `parallax eval compare DIR`: the story view against hand annotations of
//! the corpus's stories (testdata/gold/compare.json): the corpus is
//! ingested through the real pipeline into a scratch store, each of the
//! system's stories is matched to the annotated story most of its articles
//! belong to, and conflicts, agreements and quote variants are scored.

use crate::commands::eval_analyze::write_scores;
use crate::commands::story::{load_stories, LoadedStory};
use anyhow::Context;
use clap::Args;
use parallax_compare::{compare_story, SourceArticle};
use parallax_eval::{score_comparison, CompareScore, GoldStory};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct EvalCompareArgs {
    /// The corpus the gold file annotates (e.g. examples/corpus).
    dir: PathBuf,
    /// The annotations.
    #[arg(long, default_value = "testdata/gold/compare.json")]
    gold: PathBuf,
    /// Print every missed and every wrong item.
    #[arg(long)]
    verbose: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
}

fn annotates(gold: &GoldStory, article: &SourceArticle) -> bool {
    gold.articles.iter().any(|a| {
        let opens = article.paragraphs.first().is_some_and(|p| p.starts_with(&a.first_words));
        a.outlet == article.outlet && (a.title.as_deref() == Some(article.title.as_str()) || opens)
    })
}

/// The system's story most of whose articles the annotated story holds.
fn matching_story<'s>(gold: &GoldStory, stories: &'s [LoadedStory]) -> Option<&'s LoadedStory> {
    stories
        .iter()
        .map(|story| (story.sources.iter().filter(|a| annotates(gold, a)).count(), story))
        .filter(|(shared, story)| *shared * 2 > story.sources.len())
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, story)| story)
}

fn ingest_into(scratch: &Path, dir: &Path) -> anyhow::Result<()> {
    let mut pipeline = parallax_pipeline::PipelineConfig::new(scratch).build()?;
    pipeline.ingest(&[dir.to_path_buf()], &mut |_| {})?;
    Ok(())
}

pub fn run(args: EvalCompareArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let gold: Vec<GoldStory> =
        serde_json::from_str(&text).with_context(|| format!("{}: not a gold comparison file", args.gold.display()))?;
    let scratch = tempfile::tempdir().context("creating a scratch store")?;
    ingest_into(scratch.path(), &args.dir)?;
    let stories = load_stories(scratch.path())?;
    let mut total = CompareScore::default();
    for entry in &gold {
        let story = matching_story(entry, &stories).with_context(|| {
            format!("{}: no story of {} matches {}", args.gold.display(), args.dir.display(), entry.story)
        })?;
        total.add(score_comparison(entry, &compare_story(&story.sources)));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&total)?)?;
        return Ok(());
    }
    let heading = format!("story views of {} annotated stories against {}", gold.len(), args.gold.display());
    write_scores(&mut out, &heading, &total.kinds(), args.verbose.then_some(total.errors.as_slice()))?;
    Ok(())
}
