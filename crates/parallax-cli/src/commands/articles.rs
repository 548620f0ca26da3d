//! `parallax articles` and `parallax article`: read the store.

use crate::table::Table;
use anyhow::{bail, Context};
use clap::Args;
use parallax_model::Article;
use parallax_store::{ArticleQuery, SqliteStore};
use std::io::Write;
use std::path::Path;

/// List stored articles in ingest order: id, date, outlet, language,
/// paragraphs and title. With --json, one JSON object per line holding
/// every field of the article.
#[derive(Args)]
pub struct ArticlesArgs {
    /// JSON lines with every field instead of a table.
    #[arg(long)]
    json: bool,
    /// Only articles from this outlet (exact name).
    #[arg(long)]
    outlet: Option<String>,
    /// At most this many articles.
    #[arg(long)]
    limit: Option<u64>,
    /// Skip this many articles first.
    #[arg(long, default_value_t = 0)]
    offset: u64,
}

/// Show one article: its metadata, standfirst, subheads and paragraphs,
/// and what was removed as page furniture. ID may be a unique prefix.
#[derive(Args)]
pub struct ArticleArgs {
    /// Article id (16 hex digits) or a unique prefix of at least 4.
    id: String,
    /// Print the article as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Opens the store in `data` for reading, or says how to create one.
pub fn open_store(data: &Path) -> anyhow::Result<SqliteStore> {
    if !data.join(parallax_store::DATABASE_FILE).exists() {
        bail!("no store in {} (run `parallax ingest PATH` first, or pass --data)", data.display());
    }
    SqliteStore::open_read_only(data).with_context(|| format!("opening the store in {}", data.display()))
}

pub fn list(data: &Path, args: ArticlesArgs) -> anyhow::Result<()> {
    let store = open_store(data)?;
    let query = ArticleQuery { outlet: args.outlet, limit: args.limit, offset: args.offset, after: None };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut result = Ok(());
        store.for_each_article(&query, |article| {
            if result.is_ok() {
                result = serde_json::to_string(&article)
                    .map_err(anyhow::Error::from)
                    .and_then(|line| Ok(writeln!(out, "{line}")?));
            }
        })?;
        return result;
    }
    let mut table =
        Table::new(&[("ID", 16), ("PUBLISHED", 20), ("OUTLET", 24), ("LANG", 4), ("PARAS", 5), ("TITLE", 80)]);
    store.for_each_article(&query, |article| table.push(summary_row(&article)))?;
    table.write(&mut out)?;
    Ok(())
}

fn summary_row(article: &Article) -> Vec<String> {
    let title = if article.title_inferred { format!("{} (inferred)", article.title) } else { article.title.clone() };
    vec![
        article.id.to_string(),
        article.published.display(),
        article.outlet.clone().unwrap_or_else(|| "-".into()),
        article.language.clone().unwrap_or_else(|| "-".into()),
        article.body().count().to_string(),
        title,
    ]
}

pub fn show(data: &Path, args: ArticleArgs) -> anyhow::Result<()> {
    let store = open_store(data)?;
    let Some(article) = store.article(&args.id)? else {
        bail!("no article with id {:?} in {}", args.id, data.display())
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&article)?)?;
    } else {
        write_article(&mut out, &article)?;
    }
    Ok(())
}

fn write_article(out: &mut impl Write, article: &Article) -> std::io::Result<()> {
    let inferred = if article.title_inferred { "  [title inferred]" } else { "" };
    writeln!(out, "{}{inferred}", article.title)?;
    writeln!(out, "{}", "=".repeat(article.title.chars().count().min(100)))?;
    let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
    writeln!(out, "id:        {}", article.id)?;
    writeln!(out, "outlet:    {}", field(&article.outlet))?;
    writeln!(out, "url:       {}", field(&article.url))?;
    writeln!(out, "published: {}", article.published.display())?;
    writeln!(out, "byline:    {}", field(&article.byline))?;
    writeln!(out, "language:  {}", field(&article.language))?;
    writeln!(out, "source:    {} ({})", article.provenance, article.provenance.format.name())?;
    for line in &article.standfirst {
        writeln!(out, "\n> {line}")?;
    }
    for paragraph in &article.paragraphs {
        match (paragraph.is_body(), &paragraph.label) {
            (false, _) => writeln!(out, "\n## {}", paragraph.text)?,
            (true, Some(label)) => writeln!(out, "\n[{label}] {}", paragraph.text)?,
            (true, None) => writeln!(out, "\n{}", paragraph.text)?,
        }
    }
    if !article.debris.is_empty() || article.repeats_removed > 0 {
        writeln!(
            out,
            "\n-- removed: {} repeated paragraph(s); furniture: {:?}",
            article.repeats_removed, article.debris
        )?;
    }
    Ok(())
}
