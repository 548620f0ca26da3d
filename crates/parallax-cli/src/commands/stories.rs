//! `parallax stories` and `parallax storylines`: the clustering in the store.

use crate::commands::articles::open_store;
use crate::table::Table;
use clap::Args;
use parallax_model::{Article, ArticleId};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
    pub outlets: BTreeSet<String>,
    pub articles: Vec<Article>,
    pub copies: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

pub(crate) fn story_views(data: &Path) -> anyhow::Result<Vec<StoryView>> {
    let store = open_store(data)?;
    let mut by_id: HashMap<ArticleId, Article> = HashMap::new();
    store.for_each_article(&parallax_store::ArticleQuery::default(), |a| {
        by_id.insert(a.id.clone(), a);
    })?;
    let copies = folded_copies(&store.duplicate_links()?, &by_id);
    let mut views = Vec::new();
    for group in store.story_groups()? {
        let members: Vec<Article> = group.articles.iter().filter_map(|id| by_id.get(id).cloned()).collect();
        let (originals, folded): (Vec<Article>, Vec<Article>) =
            members.into_iter().partition(|a| !copies.contains(&a.id));
        let mut dates: Vec<String> = originals.iter().chain(&folded).filter_map(|a| a.published.sort_key()).collect();
        dates.sort();
        let earliest = originals.iter().min_by_key(|a| (a.published.sort_key().is_none(), a.published.sort_key()));
        let title = earliest.map(|a| a.title.clone()).unwrap_or_default();
        let outlets = originals.iter().chain(&folded).filter_map(|a| a.outlet.clone()).collect();
        let day = |d: &String| d.chars().take(10).collect::<String>();
        views.push(StoryView {
            story: group.story,
            storyline: group.storyline,
            title,
            outlets,
            copies: folded.len(),
            first: dates.first().map(day),
            last: dates.last().map(day),
            articles: originals,
        });
    }
    views.sort_by(|a, b| (a.first.is_none(), &a.first, a.story).cmp(&(b.first.is_none(), &b.first, b.story)));
    Ok(views)
}

/// The members of each duplicate group other than its earliest published
/// one: the articles every view folds under their original.
pub fn folded_copies(
    links: &[parallax_store::DuplicateLink],
    articles: &HashMap<ArticleId, Article>,
) -> HashSet<ArticleId> {
    let mut groups: HashMap<&ArticleId, Vec<&ArticleId>> = HashMap::new();
    for link in links {
        groups.entry(&link.original).or_insert_with(|| vec![&link.original]).push(&link.article);
    }
    let mut copies = HashSet::new();
    for members in groups.values() {
        let key =
            |id: &&ArticleId| articles.get(*id).map(|a| (a.published.sort_key().is_none(), a.published.sort_key()));
        let original = members.iter().min_by_key(|id| key(id));
        copies.extend(members.iter().filter(|id| Some(*id) != original).map(|id| (*id).clone()));
    }
    copies
}

fn view_json(view: &StoryView) -> serde_json::Value {
    let articles: Vec<serde_json::Value> = view
        .articles
        .iter()
        .map(|a| serde_json::json!({"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published.date()}))
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
            view.outlets.iter().cloned().collect::<Vec<_>>().join(", "),
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
