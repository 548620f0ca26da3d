//! `parallax search QUERY` and `parallax reindex`: full-text search over
//! the stored articles, and rebuilding its index from the store.

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use parallax_search::{SearchIndex, SearchQuery};
use std::io::Write;
use std::path::Path;

/// Search the stored articles: words must all match, "quoted phrases",
/// -excluded words; filters by outlet and dates.
#[derive(Args)]
pub struct SearchArgs {
    query: String,
    /// Only this outlet's articles.
    #[arg(long)]
    outlet: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<NaiveDate>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON object with the total and the hits.
    #[arg(long)]
    json: bool,
}

/// Rebuild the search index from the stored articles.
#[derive(Args)]
pub struct ReindexArgs {}

pub fn search(data: &Path, args: SearchArgs) -> anyhow::Result<()> {
    crate::commands::articles::open_store(data)?;
    let index = SearchIndex::open(data)?;
    let query = SearchQuery {
        outlet: args.outlet,
        from: args.from,
        to: args.to,
        limit: args.limit,
        ..SearchQuery::text(&args.query)
    };
    let results = index.search(&query)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&results)?)?;
        return Ok(());
    }
    writeln!(out, "{} articles match {:?}", results.total, args.query)?;
    for hit in &results.hits {
        let date = hit.published.map_or_else(|| "undated".to_string(), |d| d.to_string());
        writeln!(out, "\n{}  {date}  {}  {}", hit.id, hit.outlet.as_deref().unwrap_or("-"), hit.title)?;
        writeln!(out, "  {}", plain_snippet(&hit.snippet))?;
    }
    Ok(())
}

/// The snippet for a terminal: highlights as *word*, entities decoded.
fn plain_snippet(html: &str) -> String {
    html.replace("<b>", "*")
        .replace("</b>", "*")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace('\n', " ")
}

pub fn reindex(data: &Path, _args: ReindexArgs) -> anyhow::Result<()> {
    crate::commands::articles::open_store(data)?;
    let mut pipeline = parallax_pipeline::PipelineConfig::new(data)
        .build()
        .with_context(|| format!("opening the store in {}", data.display()))?;
    let count = pipeline.reindex()?;
    writeln!(
        std::io::stdout().lock(),
        "indexed {count} articles in {}",
        data.join(parallax_search::SEARCH_DIR).display()
    )?;
    Ok(())
}
