//! `parallax story ID` and `parallax storyline ID`: the story view (outlets
//! side by side, claims agreed and in conflict, context contradictions,
//! quote variants, single-outlet facts, framing, summary, timeline) from
//! the articles and analyses in the store, as text, markdown or JSON.

use super::count_of;
use crate::commands::articles::open_store;
use anyhow::bail;
use clap::{Args, ValueEnum};
use parallax_compare::{compare_story, SourceArticle, StoryComparison, Verdict};
use parallax_store::SqliteStore;
use std::io::{IsTerminal, Write};
use std::path::Path;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ViewFormat {
    Text,
    Markdown,
    Json,
    /// One self-contained page, every piece of article text escaped.
    Html,
}

/// Show one story side by side across its outlets.
#[derive(Args)]
pub struct StoryArgs {
    /// The story's id (as `parallax stories` lists it).
    id: u64,
    #[arg(long, value_enum, default_value = "text")]
    format: ViewFormat,
}

/// Show one storyline: its stories in order, and all its articles compared.
#[derive(Args)]
pub struct StorylineArgs {
    /// The storyline's id (as `parallax storylines` lists it).
    id: u64,
    #[arg(long, value_enum, default_value = "text")]
    format: ViewFormat,
}

/// One story's originals (copies folded under them) as the comparer takes them.
pub(crate) struct LoadedStory {
    pub story: u64,
    pub sources: Vec<SourceArticle>,
}

/// Every live story with the story view's input, loaded through the catalog.
pub(crate) fn load_stories(data: &Path) -> anyhow::Result<Vec<LoadedStory>> {
    let (store, catalog) = open_catalog(data)?;
    let mut stories = Vec::new();
    for story in catalog.stories.values() {
        let sources = parallax_pipeline::story_sources(&store, story)?;
        stories.push(LoadedStory { story: story.story, sources });
    }
    Ok(stories)
}

/// The catalog and the store, the catalog's stories loaded one at a time.
fn open_catalog(data: &Path) -> anyhow::Result<(SqliteStore, parallax_pipeline::StoryCatalog)> {
    let store = open_store(data)?;
    let catalog = parallax_pipeline::StoryCatalog::build(&store)?;
    Ok((store, catalog))
}

pub fn show_story(data: &Path, args: StoryArgs) -> anyhow::Result<()> {
    let (store, catalog) = open_catalog(data)?;
    let Some(story) = catalog.stories.get(&args.id) else {
        bail!("no story {} in {} (see `parallax stories`)", args.id, data.display());
    };
    let view = compare_story(&parallax_pipeline::story_sources(&store, story)?);
    let heading = format!("Story {} (storyline {})", story.story, story.storyline);
    print_view(&heading, &[], &view, args.format)
}

pub fn show_storyline(data: &Path, args: StorylineArgs) -> anyhow::Result<()> {
    let (store, catalog) = open_catalog(data)?;
    let members = catalog.storyline(args.id);
    if members.is_empty() {
        bail!("no storyline {} in {} (see `parallax storylines`)", args.id, data.display());
    }
    let mut chapters = Vec::new();
    let mut sources: Vec<SourceArticle> = Vec::new();
    for story in members {
        let own = parallax_pipeline::story_sources(&store, story)?;
        let date = story.first().map_or_else(|| "undated".into(), |d| d.to_string());
        let events: Vec<String> =
            parallax_compare::key_events(&own, KEY_EVENTS).iter().map(|e| format!("{} {}", e.date, e.text)).collect();
        let events = if events.is_empty() { String::new() } else { format!("; key events: {}", events.join("; ")) };
        chapters.push(format!(
            "{date}  story {}: {} ({}){events}",
            story.story,
            story.title(),
            count_of(own.len(), "article")
        ));
        sources.extend(own);
    }
    let view = compare_story(&sources);
    print_view(&format!("Storyline {}", args.id), &chapters, &view, args.format)
}

/// Key events shown per story of a storyline.
const KEY_EVENTS: usize = 2;

fn print_view(heading: &str, chapters: &[String], view: &StoryComparison, format: ViewFormat) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        ViewFormat::Json => {
            let object = serde_json::json!({"heading": heading, "stories": chapters, "view": view});
            writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
        }
        ViewFormat::Text => {
            let style = if std::io::stdout().is_terminal() { Style::Terminal } else { Style::Plain };
            write_view(&mut out, heading, chapters, view, &Markup { section: "", item: "  ", style })?
        }
        ViewFormat::Markdown => {
            write_view(&mut out, heading, chapters, view, &Markup { section: "## ", item: "- ", style: Style::Plain })?
        }
        ViewFormat::Html => out.write_all(parallax_server::html::render(heading, chapters, view).as_bytes())?,
    }
    Ok(())
}

/// Colour on a terminal, none elsewhere.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Terminal,
}

/// How headings and items are written: prefixes for plain text or
/// markdown, and whether headings and conflicts are coloured.
struct Markup {
    section: &'static str,
    item: &'static str,
    style: Style,
}

impl Markup {
    fn heading(&self, text: &str) -> String {
        match self.style {
            Style::Terminal => format!("\x1b[1m{}{text}\x1b[0m", self.section),
            Style::Plain => format!("{}{text}", self.section),
        }
    }

    fn alarm(&self, text: &str) -> String {
        match self.style {
            Style::Terminal => format!("\x1b[1;31m{text}\x1b[0m"),
            Style::Plain => text.to_string(),
        }
    }
}

/// The view as readable lines.
fn write_view(
    out: &mut impl Write,
    heading: &str,
    chapters: &[String],
    view: &StoryComparison,
    markup: &Markup,
) -> std::io::Result<()> {
    let item = markup.item;
    let dates = match (view.first, view.last) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => "dates unknown".into(),
    };
    writeln!(
        out,
        "{}",
        markup.heading(&format!("{heading}: {} outlets, {dates}", view.outlets.len())).replacen("##", "#", 1)
    )?;
    if !chapters.is_empty() {
        writeln!(out, "\n{}", markup.heading("Stories"))?;
        for chapter in chapters {
            writeln!(out, "{item}{chapter}")?;
        }
    }
    writeln!(out, "\n{}", markup.heading("Outlets"))?;
    for outlet in &view.outlets {
        let mut titles: Vec<String> = outlet.articles.iter().map(|a| a.title.clone()).collect();
        titles.extend(outlet.copies.iter().map(|c| format!("{} (syndicated copy)", c.title)));
        writeln!(out, "{item}{}: {}", outlet.outlet, titles.join(" | "))?;
    }
    writeln!(out, "\n{}", markup.heading("Summary"))?;
    for sentence in &view.summary {
        writeln!(out, "{item}{} [{}]", sentence.text, sentence.supported_by.join(", "))?;
    }
    writeln!(out, "\n{}", markup.heading("Claims"))?;
    for group in view.claims.iter().filter(|g| g.verdict != Verdict::SingleOutlet) {
        let label = match group.verdict {
            Verdict::Conflict => markup.alarm("CONFLICT"),
            _ => format!("agreed by {} of {} outlets", group.outlets, group.of),
        };
        writeln!(out, "{item}{} ({label})", group.counts)?;
        for entry in &group.entries {
            writeln!(out, "{item}    {}: {} — {}", entry.outlet, entry.text, entry.sentence)?;
        }
    }
    writeln!(out, "\n{}", markup.heading("Context contradictions"))?;
    for conflict in &view.context_conflicts {
        writeln!(
            out,
            "{item}{} ({}): {} — {}",
            conflict.subject,
            conflict.kind,
            conflict.claim.outlets.join(", "),
            conflict.claim.sentence
        )?;
        writeln!(out, "{item}    others ({}): {}", conflict.others.outlets.join(", "), conflict.others.sentence)?;
    }
    writeln!(out, "\n{}", markup.heading("Quotes"))?;
    for quote in &view.quotes {
        let only = if quote.single_outlet { " (one outlet only)" } else { "" };
        writeln!(out, "{item}{}{only}", quote.speaker_name)?;
        for variant in &quote.variants {
            writeln!(out, "{item}    “{}” [{}]", variant.text, variant.outlets.join(", "))?;
        }
    }
    writeln!(out, "\n{}", markup.heading("Only one outlet reports"))?;
    for facts in &view.single_outlet {
        let (shown, folded) = facts.shown();
        for sentence in shown {
            writeln!(out, "{item}{}: {sentence}", facts.outlet)?;
        }
        if folded > 0 {
            writeln!(out, "{item}{}: … and {folded} more (--format json lists all)", facts.outlet)?;
        }
    }
    writeln!(out, "\n{}", markup.heading("Framing (most editorialising first)"))?;
    for framing in &view.framing {
        writeln!(out, "{item}{} {:.2}: {}", framing.outlet, framing.score, framing.phrases.join(", "))?;
    }
    writeln!(out, "\n{}", markup.heading("Timeline"))?;
    for event in &view.timeline {
        writeln!(out, "{item}{} [{}] {}", event.date, event.sources.join(", "), event.text)?;
    }
    Ok(())
}
