//! `parallax duplicates`: syndication groups and copies in the store.

use crate::commands::articles::open_store;
use clap::Args;
use parallax_model::{Article, ArticleId};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// List groups of copies: each original with the articles that reprint it
/// (exact copies and near copies such as trimmed syndicated wire stories),
/// with outlets, dates and how much of the text they share. Copies stay
/// stored; every other view folds them under their original.
#[derive(Args)]
pub struct DuplicatesArgs {
    /// One JSON object per group.
    #[arg(long)]
    json: bool,
}

pub fn run(data: &Path, args: DuplicatesArgs) -> anyhow::Result<()> {
    let store = open_store(data)?;
    let links = store.duplicate_links()?;
    let mut groups: BTreeMap<String, Vec<&parallax_store::DuplicateLink>> = BTreeMap::new();
    for link in &links {
        groups.entry(link.original.to_string()).or_default().push(link);
    }
    let load = |id: &ArticleId| -> anyhow::Result<Article> {
        store.article(id.as_str())?.ok_or_else(|| anyhow::anyhow!("duplicate link to a missing article {id}"))
    };
    let mut out = std::io::stdout().lock();
    for copies in groups.values() {
        let mut members = vec![(load(&copies[0].original)?, None)];
        for link in copies {
            members.push((load(&link.article)?, Some(*link)));
        }
        // The earliest published member is the group's original; unknown dates go last.
        members.sort_by_key(|(article, _)| (article.published.sort_key().is_none(), article.published.sort_key()));
        let (original, root_link) = &members[0];
        // The former root, now a copy, relates to the new original by the new original's own link.
        let copies: Vec<(&Article, f64, &str)> = members[1..]
            .iter()
            .map(|(article, link)| {
                let link = link.or(*root_link).expect("a group has at least one link");
                (article, link.containment, link.kind.name())
            })
            .collect();
        if args.json {
            let summary = |a: &Article| serde_json::json!({"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title});
            let copies: Vec<serde_json::Value> = copies
                .iter()
                .map(|(a, containment, kind)| {
                    let mut value = summary(a);
                    value["kind"] = serde_json::json!(kind);
                    value["containment"] = serde_json::json!(containment);
                    value
                })
                .collect();
            writeln!(out, "{}", serde_json::json!({"original": summary(original), "copies": copies}))?;
            continue;
        }
        let outlet = |a: &Article| a.outlet.clone().unwrap_or_else(|| "-".into());
        writeln!(out, "{}  {}  {}  {}", original.id, original.published.display(), outlet(original), original.title)?;
        for (copy, containment, kind) in copies {
            writeln!(
                out,
                "  └ {}  {}  {}  {kind} copy, {:.0}% shared",
                copy.id,
                copy.published.display(),
                outlet(copy),
                containment * 100.0
            )?;
        }
    }
    if !args.json {
        writeln!(out, "{} groups, {} copies", groups.len(), links.len())?;
    }
    Ok(())
}
