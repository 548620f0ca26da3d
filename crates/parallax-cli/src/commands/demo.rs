//! `parallax demo`: the main job on the bundled sample corpus.

use crate::commands::ingest::{ingest, write_summary};
use anyhow::{bail, Context};
use clap::Args;
use parallax_store::{ArticleQuery, SqliteStore};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Ingest the bundled sample corpus (examples/corpus) into a fresh data
/// directory and print what parallax found: the run's summary, the outlets
/// and formats, and the articles with their dates and titles.
#[derive(Args)]
pub struct DemoArgs {
    /// The corpus to ingest.
    #[arg(long, default_value_os_t = default_corpus())]
    corpus: PathBuf,
    /// Data directory for the demo; emptied first if it holds a previous demo.
    #[arg(long, default_value = "parallax-demo-data")]
    demo_data: PathBuf,
}

/// The story whose outlets disagree most (then the widest), side by side in
/// brief: where the outlets conflict, and who frames it most.
fn write_widest_story(out: &mut impl Write, data: &Path) -> anyhow::Result<()> {
    let stories = crate::commands::story::load_stories(data)?;
    let views: Vec<_> = stories.iter().map(|s| (s, parallax_compare::compare_story(&s.sources))).collect();
    let disagreements = |view: &parallax_compare::StoryComparison| {
        view.context_conflicts.len()
            + view.claims.iter().filter(|g| g.verdict == parallax_compare::Verdict::Conflict).count()
    };
    let Some((widest, view)) =
        views.into_iter().max_by_key(|(s, view)| (disagreements(view), view.outlets.len(), std::cmp::Reverse(s.story)))
    else {
        return Ok(());
    };
    let title = widest.sources.first().map_or("", |a| a.title.as_str());
    writeln!(out, "\nstory {} side by side ({} outlets): {title}", widest.story, view.outlets.len())?;
    for group in view.claims.iter().filter(|g| g.verdict == parallax_compare::Verdict::Conflict) {
        let values: Vec<String> = group.entries.iter().map(|e| format!("{} says {}", e.outlet, e.text)).collect();
        writeln!(out, "  conflict over {}: {}", group.counts, values.join("; "))?;
    }
    for conflict in &view.context_conflicts {
        let outlets = conflict.claim.outlets.join(", ");
        writeln!(out, "  {outlets} stands apart ({}): {}", conflict.kind, conflict.subject)?;
    }
    if let Some(first) = view.framing.first() {
        writeln!(out, "  most editorialising: {} ({:.2}: {})", first.outlet, first.score, first.phrases.join(", "))?;
    }
    Ok(())
}

/// `examples/corpus` of the working directory, else of the source tree.
fn default_corpus() -> PathBuf {
    let local = PathBuf::from("examples/corpus");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn fresh_data_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let holds_store = dir.join(parallax_store::DATABASE_FILE).exists();
    let is_empty = std::fs::read_dir(dir)?.next().is_none();
    if !holds_store && !is_empty {
        bail!("{} exists and is not a parallax data directory; pass another --demo-data", dir.display());
    }
    std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    fresh_data_dir(&args.demo_data)?;
    let summary =
        ingest(&args.demo_data, std::slice::from_ref(&args.corpus), parallax_ingest::DEFAULT_MAX_FILE_BYTES, 64, None)?;
    let store = SqliteStore::open_read_only(&args.demo_data)?;
    let articles = store.articles(&ArticleQuery::default())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "parallax demo: {} -> {}", args.corpus.display(), args.demo_data.display())?;
    write_summary(&mut out, &summary)?;
    let mut by_outlet: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_format: BTreeMap<&str, usize> = BTreeMap::new();
    for article in &articles {
        *by_outlet.entry(article.outlet.clone().unwrap_or_else(|| "(unknown outlet)".into())).or_default() += 1;
        *by_format.entry(article.provenance.format.name()).or_default() += 1;
    }
    writeln!(out, "\n{} outlets:", by_outlet.len())?;
    for (outlet, count) in &by_outlet {
        writeln!(out, "  {count:>3}  {outlet}")?;
    }
    let formats: Vec<String> = by_format.iter().map(|(f, n)| format!("{f} {n}")).collect();
    writeln!(out, "formats: {}", formats.join(", "))?;
    let debris: usize = articles.iter().map(|a| a.debris.len()).sum();
    let repeats: usize = articles.iter().map(|a| a.repeats_removed).sum();
    let inferred = articles.iter().filter(|a| a.title_inferred).count();
    writeln!(
        out,
        "cleaning: {debris} furniture lines and {repeats} repeated paragraphs removed, {inferred} titles inferred"
    )?;
    let stories = crate::commands::stories::story_views(&args.demo_data)?;
    let storylines: std::collections::BTreeSet<u64> = stories.iter().map(|s| s.storyline).collect();
    writeln!(
        out,
        "\n{} stories in {} storylines ({} syndicated copies folded):",
        stories.len(),
        storylines.len(),
        summary.duplicates
    )?;
    for story in &stories {
        let dates = format!("{} .. {}", story.first.as_deref().unwrap_or("?"), story.last.as_deref().unwrap_or("?"));
        writeln!(
            out,
            "  storyline {:<3} {dates:<24} {:>2} outlets  {}",
            story.storyline,
            story.outlets.len(),
            story.title
        )?;
    }
    write_widest_story(&mut out, &args.demo_data)?;
    let mut sorted: Vec<_> = articles.iter().collect();
    sorted.sort_by_key(|a| (a.published.sort_key(), a.outlet.clone()));
    writeln!(out, "\narticles by date:")?;
    for article in sorted {
        let outlet = article.outlet.as_deref().unwrap_or("-");
        writeln!(out, "  {}  {:<20}  {:<24}  {}", article.id, article.published.display(), outlet, article.title)?;
    }
    let data = args.demo_data.display();
    writeln!(out, "\nexplore (one command a line):")?;
    for command in [
        "stories",
        "story ID --format html > story.html",
        "storyline ID",
        "articles",
        "article ID",
        "serve   # then open http://127.0.0.1:8080/ (web UI) or /api/stories",
    ] {
        writeln!(out, "  parallax --data {data} {command}")?;
    }
    Ok(())
}
