//! `parallax stories` and `parallax storylines`: the clustering in the store.

use crate::commands::articles::open_store;
use crate::table::Table;
use clap::Args;
use std::collections::BTreeSet;
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

fn view_of(story: &parallax_pipeline::CatalogStory) -> StoryView {
    StoryView {
        story: story.story,
        storyline: story.storyline,
        title: story.title().to_string(),
        outlets: story.outlets(),
        articles: story.originals.iter().map(|(a, _)| a.clone()).collect(),
        copies: story.originals.iter().map(|(_, copies)| copies.len()).sum(),
        first: story.first().map(|d| d.to_string()),
        last: story.last().map(|d| d.to_string()),
    }
}

fn catalog(data: &Path) -> anyhow::Result<parallax_pipeline::StoryCatalog> {
    Ok(parallax_pipeline::StoryCatalog::build(&open_store(data)?)?)
}

pub(crate) fn story_views(data: &Path) -> anyhow::Result<Vec<StoryView>> {
    let mut views: Vec<StoryView> = catalog(data)?.stories.values().map(|story| view_of(story)).collect();
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
    let catalog = catalog(data)?;
    let ids: BTreeSet<u64> = catalog.stories.values().map(|s| s.storyline).collect();
    let mut lines: Vec<(u64, Vec<StoryView>)> =
        ids.into_iter().map(|id| (id, catalog.storyline(id).into_iter().map(view_of).collect())).collect();
    let first_date = |stories: &[StoryView]| stories.iter().filter_map(|s| s.first.clone()).min();
    lines.sort_by_cached_key(|(id, stories)| {
        let first = first_date(stories);
        (first.is_none(), first, *id)
    });
    let mut out = std::io::stdout().lock();
    for (storyline, stories) in lines {
        if args.json {
            let stories: Vec<serde_json::Value> = stories.iter().map(view_json).collect();
            writeln!(out, "{}", serde_json::json!({"storyline": storyline, "stories": stories}))?;
            continue;
        }
        let articles: usize = stories.iter().map(|v| v.articles.len() + v.copies).sum();
        let (stories_count, articles_count) =
            (super::count_of(stories.len(), "story"), super::count_of(articles, "article"));
        writeln!(out, "storyline {storyline}: {stories_count}, {articles_count}")?;
        for view in stories {
            let dates = match (&view.first, &view.last) {
                (Some(first), Some(last)) => format!("{first} .. {last}"),
                _ => "undated".to_string(),
            };
            writeln!(out, "  story {:<5} {dates:<24} {}", view.story, view.title)?;
        }
    }
    Ok(())
}
