//! `parallax extract`: one HTML page (or plain-text capture) to its
//! article, without the store.

use anyhow::Context;
use clap::Args;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Extract the article from one HTML page (gzipped or not) and print it:
/// title, metadata and the main text. A plain-text capture is read as
/// `ingest` reads one (headline, date line, byline, debris). Nothing is
/// stored. With --json the
/// object holds title, text (paragraphs joined by blank lines), published,
/// modified, byline, outlet, url, language, standfirst and paragraphs.
#[derive(Args)]
pub struct ExtractArgs {
    /// The HTML file (or plain-text capture), or `-` for stdin.
    file: PathBuf,
    /// The URL the page was fetched from (used for the outlet, dates in the path, and the id).
    #[arg(long)]
    url: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Show how the main text was chosen: for a page, every text block, its
    /// element, length and link density, `+` for blocks inside the chosen
    /// containers; for a plain-text capture, every line and the role it was
    /// read in (title, date, byline, standfirst, body, subhead, debris,
    /// repeat), `+` for those kept.
    #[arg(long)]
    explain: bool,
}

/// Largest page read.
const MAX_PAGE_BYTES: u64 = 50 * 1024 * 1024;

fn read_input(file: &PathBuf) -> anyhow::Result<Vec<u8>> {
    let mut raw = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin().take(MAX_PAGE_BYTES).read_to_end(&mut raw)?;
    } else {
        let handle = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        handle.take(MAX_PAGE_BYTES).read_to_end(&mut raw).with_context(|| format!("reading {}", file.display()))?;
    }
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut decoded = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(MAX_PAGE_BYTES)
            .read_to_end(&mut decoded)
            .with_context(|| format!("decompressing {}", file.display()))?;
        return Ok(decoded);
    }
    Ok(raw)
}

/// Whether the content is a plain-text capture, as `ingest` detects one.
fn is_capture(content: &[u8], args: &ExtractArgs) -> bool {
    parallax_ingest::detect_content_format(content, &args.file) == Ok(parallax_ingest::DetectedFormat::Text)
}

/// The page's draft: a plain-text capture's layout when the content is
/// plain text, else the HTML extractor's.
fn draft_of(
    content: &[u8],
    args: &ExtractArgs,
) -> anyhow::Result<(parallax_ingest::ArticleDraft, parallax_model::SourceFormat)> {
    if is_capture(content, args) {
        let mut draft = parallax_ingest::parse_capture(&String::from_utf8_lossy(content));
        draft.url = args.url.clone().or(draft.url);
        return Ok((draft, parallax_model::SourceFormat::Text));
    }
    let draft = parallax_ingest::extract_html(content, args.url.as_deref())
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.file.display()))?;
    Ok((draft, parallax_model::SourceFormat::Html))
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    let content = read_input(&args.file)?;
    if args.explain {
        let lines = if is_capture(&content, &args) {
            parallax_ingest::explain_capture(&String::from_utf8_lossy(&content))
        } else {
            parallax_ingest::explain_html(&content)
        };
        let mut out = std::io::stdout().lock();
        for line in lines {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    let (draft, format) = draft_of(&content, &args)?;
    let provenance = parallax_model::Provenance {
        file: args.file.display().to_string(),
        record: parallax_model::RecordLocator::Whole,
        format,
    };
    let article = draft
        .finish(provenance, chrono::Utc::now())
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.file.display()))?;
    let text = article.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n");
    let mut out = std::io::stdout().lock();
    if args.json {
        let object = serde_json::json!({
            "title": article.title,
            "text": text,
            "published": article.published.date().map(|_| article.published.display()),
            "published_detail": article.published,
            "modified": article.modified.date().map(|_| article.modified.display()),
            "byline": article.byline,
            "outlet": article.outlet,
            "url": article.url,
            "language": article.language,
            "standfirst": article.standfirst,
            "paragraphs": article.paragraphs,
            "confidence": article.extraction_confidence,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
    } else {
        writeln!(out, "{}\n", article.title)?;
        let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "outlet: {}  published: {}  byline: {}  language: {}",
            field(&article.outlet),
            article.published.display(),
            field(&article.byline),
            field(&article.language)
        )?;
        writeln!(out, "url: {}\n", field(&article.url))?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}
