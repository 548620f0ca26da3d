//! `parallax analyze FILE_OR_ID`: entities, quotes, numeric claims, dates
//! and framing of one article, read from a file (any format ingest reads; the
//! first article) or, by id, the analysis the pipeline stored.

use crate::commands::articles::open_store;
use anyhow::{bail, Context};
use clap::Args;
use parallax_extract::{analyze_article, Analysis, Framing, QuoteKind};
use parallax_model::Article;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Analyse one article: who is named, who said what, how many of what, when.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// A file (HTML, text, JSON, feed, WARC: its first article) or a stored
    /// article's id (or unique prefix).
    target: String,
    /// Print the analysis as one JSON object.
    #[arg(long)]
    json: bool,
}

fn article_from_file(path: &Path) -> anyhow::Result<Article> {
    let config = parallax_ingest::IngestConfig::default();
    for event in parallax_ingest::read_sources(&[PathBuf::from(path)], &config)? {
        match event {
            parallax_ingest::SourceEvent::Record(record) => {
                return record
                    .build(chrono::Utc::now())
                    .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()));
            }
            parallax_ingest::SourceEvent::Rejected(rejection) => bail!("{rejection}"),
            _ => {}
        }
    }
    bail!("{}: no article found", path.display())
}

pub fn run(data: &Path, args: AnalyzeArgs) -> anyhow::Result<()> {
    let path = Path::new(&args.target);
    let (article, analysis) = if path.exists() {
        let article = article_from_file(path)?;
        let analysis = analyze_article(&article);
        (article, analysis)
    } else {
        stored_analysis(data, &args.target)?
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let object = serde_json::json!({"id": article.id, "title": article.title, "analysis": analysis});
        writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
    } else {
        write_analysis(&mut out, &article, &analysis)?;
    }
    Ok(())
}

/// A stored article and the analysis the pipeline stored for it (made
/// afresh if the store has none).
fn stored_analysis(data: &Path, id: &str) -> anyhow::Result<(Article, Analysis)> {
    let store = open_store(data).with_context(|| format!("{id} is neither a file nor a stored id"))?;
    let article = store.article(id)?.with_context(|| format!("no article with id {id:?} in {}", data.display()))?;
    let analysis = match store.analysis_json(&article.id, parallax_extract::ANALYZER_VERSION)? {
        Some(json) => serde_json::from_str(&json)
            .with_context(|| format!("{}: the stored analysis of {} is unreadable", data.display(), article.id))?,
        None => analyze_article(&article),
    };
    Ok((article, analysis))
}

fn write_analysis(out: &mut impl Write, article: &Article, analysis: &Analysis) -> std::io::Result<()> {
    writeln!(out, "{}  [{}]", article.title, article.id)?;
    writeln!(out, "\nEntities")?;
    for entity in &analysis.entities {
        let roles = if entity.roles.is_empty() { String::new() } else { format!("  ({})", entity.roles.join("; ")) };
        writeln!(
            out,
            "  {:<12} {} x{}{roles}",
            format!("{:?}", entity.kind).to_lowercase(),
            entity.name,
            entity.mentions.len()
        )?;
    }
    writeln!(out, "\nQuotes")?;
    for quote in &analysis.quotes {
        let who = match quote.kind {
            QuoteKind::Scare => "scare quote, no speaker".to_string(),
            _ => format!("{} {}", quote.speaker_name.as_deref().unwrap_or("?"), quote.verb.as_deref().unwrap_or("")),
        };
        writeln!(out, "  [{:?}] “{}” — {who} (paragraph {})", quote.kind, quote.text, quote.paragraph + 1)?;
    }
    writeln!(out, "\nNumeric claims")?;
    for claim in &analysis.claims {
        let range = claim.upper.map(|u| format!("–{u}")).unwrap_or_default();
        let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "  {}{range}  hedge {}  unit {}  counts {}  time {}  speaker {}",
            claim.value,
            field(&claim.hedge),
            field(&claim.unit),
            field(&claim.counts),
            field(&claim.time),
            field(&claim.speaker)
        )?;
    }
    writeln!(out, "\nDates")?;
    for date in &analysis.dates {
        let resolved = date.date.map(|d| d.to_string()).unwrap_or_else(|| "unresolved".into());
        writeln!(
            out,
            "  {:<28} {resolved} ({:?}{})",
            date.text,
            date.precision,
            if date.relative { ", relative" } else { "" }
        )?;
    }
    if let Some(bound) = analysis.publication.not_before {
        writeln!(out, "\nPublication date unknown; inferred not before {bound}")?;
    }
    write_framing(out, &analysis.framing)
}

fn write_framing(out: &mut impl Write, framing: &Framing) -> std::io::Result<()> {
    writeln!(out, "\nFraming  score {:.2}  quoted {:.0}% of the text", framing.score, 100.0 * framing.quoted_share)?;
    for signal in &framing.signals {
        writeln!(
            out,
            "  {:<24} {}  (paragraph {})",
            format!("{:?}", signal.kind),
            signal.phrase,
            signal.paragraph + 1
        )?;
    }
    Ok(())
}
