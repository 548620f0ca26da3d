//! `parallax stories` and `parallax storylines`: the clustering in the store.

use crate::commands::articles::open_store;
use crate::table::Table;
use clap::Args;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// List stories (articles about one event): title, outlets, articles
/// (syndicated copies folded under their original and counted apart), first
/// and last publication date; earliest first.
#[derive(Args)]
pub struct StoriesArgs {
    /// One JSON object per story.
    #[arg(long)]
    json: bool,
}

/// List storylines (one thread over weeks): their stories in order, with dates.
#[derive(Args)]
pub struct StorylinesArgs {
    /// One JSON object per storyline.
    #[arg(long)]
    json: bool,
}

/// A story ready to show.
pub(crate) struct StoryView {
    pub story: u64,
    pub storyline: u64,
    pub title: String,
    pub outlets: Vec<String>,
    /// Originals (copies folded), in ingest order.
    pub articles: Vec<parallax_compare::ArticleRef>,
    pub copies: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

pub(crate) fn story_views(data: &Path) -> anyhow::Result<Vec<StoryView>> {
    let store = open_store(data)?;
    let catalog = parallax_pipeline::StoryCatalog::build(&store)?;
    let mut views: Vec<StoryView> = catalog
        .stories
        .values()
        .map(|story| StoryView {
            story: story.story,
            storyline: story.storyline,
            title: story.title().to_string(),
            outlets: story.outlets(),
            articles: story.originals.iter().map(|(a, _)| a.clone()).collect(),
            copies: story.originals.iter().map(|(_, copies)| copies.len()).sum(),
            first: story.first().map(|d| d.to_string()),
            last: story.last().map(|d| d.to_string()),
        })
        .collect();
    views.sort_by(|a, b| (a.first.is_none(), &a.first, a.story).cmp(&(b.first.is_none(), &b.first, b.story)));
    Ok(views)
}

fn view_json(view: &StoryView) -> serde_json::Value {
    let articles: Vec<serde_json::Value> = view
        .articles
        .iter()
        .map(|a| serde_json::json!({"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published}))
        .collect();
    serde_json::json!({
        "story": view.story, "storyline": view.storyline, "title": view.title, "outlets": view.outlets,
        "articles": articles, "copies_folded": view.copies, "first": view.first, "last": view.last,
    })
}

pub fn list_stories(data: &Path, args: StoriesArgs) -> anyhow::Result<()> {
    let views = story_views(data)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for view in &views {
            writeln!(out, "{}", view_json(view))?;
        }
        return Ok(());
    }
    let mut table = Table::new(&[
        ("STORY", 6),
        ("LINE", 5),
        ("FIRST", 10),
        ("LAST", 10),
        ("ART", 4),
        ("OUTLETS", 40),
        ("TITLE", 70),
    ]);
    for view in &views {
        let count = if view.copies > 0 {
            format!("{}+{}", view.articles.len(), view.copies)
        } else {
            view.articles.len().to_string()
        };
        let dash = || "-".to_string();
        table.push(vec![
            view.story.to_string(),
            view.storyline.to_string(),
            view.first.clone().unwrap_or_else(dash),
            view.last.clone().unwrap_or_else(dash),
            count,
            view.outlets.join(", "),
            view.title.clone(),
        ]);
    }
    table.write(&mut out)?;
    Ok(())
}

pub fn list_storylines(data: &Path, args: StorylinesArgs) -> anyhow::Result<()> {
    let views = story_views(data)?;
    let mut lines: BTreeMap<u64, Vec<&StoryView>> = BTreeMap::new();
    for view in &views {
        lines.entry(view.storyline).or_default().push(view);
    }
    let mut ordered: Vec<(u64, Vec<&StoryView>)> = lines.into_iter().collect();
    ordered.sort_by(|a, b| (a.1[0].first.is_none(), &a.1[0].first).cmp(&(b.1[0].first.is_none(), &b.1[0].first)));
    let mut out = std::io::stdout().lock();
    for (storyline, stories) in ordered {
        if args.json {
            let stories: Vec<serde_json::Value> = stories.iter().map(|v| view_json(v)).collect();
            writeln!(out, "{}", serde_json::json!({"storyline": storyline, "stories": stories}))?;
            continue;
        }
        let articles: usize = stories.iter().map(|v| v.articles.len() + v.copies).sum();
        writeln!(out, "storyline {storyline}: {} stories, {articles} articles", stories.len())?;
        for view in stories {
            let dates = format!("{} .. {}", view.first.as_deref().unwrap_or("?"), view.last.as_deref().unwrap_or("?"));
            writeln!(out, "  story {:<5} {dates:<24} {}", view.story, view.title)?;
        }
    }
    Ok(())
}
