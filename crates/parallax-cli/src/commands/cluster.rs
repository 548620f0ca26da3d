//! `parallax cluster`: stories and storylines of a JSON-lines file, without
//! the store; and the reading of such files shared with `eval cluster`.

use anyhow::{bail, Context};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use parallax_cluster::{ClusterConfig, ClusterDoc, DocIndex, StoryClusterer};
use parallax_pipeline::{earliest_possible, noon};
use serde_json::Value;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Cluster a JSON-lines file as a stream, in its order: each line an object
/// with `id` and `text`, optionally `title`, `url`, `outlet`, `published`.
/// Texts are read like plain-text captures, so a headline line and a date
/// line at the top become the title and the publication date. Prints
/// `id<TAB>story<TAB>storyline` per article. Label fields are never read.
#[derive(Args)]
pub struct ClusterArgs {
    /// The JSON-lines file.
    file: PathBuf,
    #[command(flatten)]
    tuning: ClusterTuning,
}

/// Clustering parameters; each defaults to parallax's built-in value.
#[derive(Args, Clone, Debug, Default)]
pub struct ClusterTuning {
    /// Least topic similarity for an article to join a storyline.
    #[arg(long)]
    storyline_threshold: Option<f32>,
    /// Least average lead similarity of two storylines' stories (pairs weighted by their article counts) to link them.
    #[arg(long)]
    storyline_link: Option<f32>,
    /// Least event similarity for an article to join a story.
    #[arg(long)]
    story_threshold: Option<f32>,
    /// Least similarity of two stories of a storyline to merge them.
    #[arg(long)]
    story_merge: Option<f32>,
    /// Least similarity of the names alone of two stories of a storyline more than a story window apart for them to merge (as one event's reports; they need --story-merge too, and the later must name a year or month of the earlier).
    #[arg(long)]
    far_merge_names: Option<f32>,
    /// Added to the story join and merge thresholds when the leads name different days.
    #[arg(long)]
    day_conflict_margin: Option<f32>,
    /// Taken from them when the leads name the same day.
    #[arg(long)]
    day_match_margin: Option<f32>,
    /// Added to them when one side is dated and the other, undated, names no year within two years before it.
    #[arg(long)]
    year_conflict_margin: Option<f32>,
    /// Longest gap in days between an article and a story it joins.
    #[arg(long)]
    story_window_days: Option<i64>,
    /// Gap in days past which a storyline needs more similarity to take an article or link to another (scaled by window / gap).
    #[arg(long)]
    storyline_window_days: Option<i64>,
}

impl ClusterTuning {
    pub fn config(&self) -> ClusterConfig {
        let default = ClusterConfig::default();
        ClusterConfig {
            storyline_threshold: self.storyline_threshold.unwrap_or(default.storyline_threshold),
            storyline_link_threshold: self.storyline_link.unwrap_or(default.storyline_link_threshold),
            story_threshold: self.story_threshold.unwrap_or(default.story_threshold),
            story_merge_threshold: self.story_merge.unwrap_or(default.story_merge_threshold),
            far_merge_names_threshold: self.far_merge_names.unwrap_or(default.far_merge_names_threshold),
            day_conflict_margin: self.day_conflict_margin.unwrap_or(default.day_conflict_margin),
            day_match_margin: self.day_match_margin.unwrap_or(default.day_match_margin),
            year_conflict_margin: self.year_conflict_margin.unwrap_or(default.year_conflict_margin),
            story_window_days: self.story_window_days.unwrap_or(default.story_window_days),
            storyline_window_days: self.storyline_window_days.unwrap_or(default.storyline_window_days),
        }
    }
}

/// An article of a clustering file.
pub struct StreamArticle {
    pub id: String,
    pub title: Option<String>,
    pub body: String,
    pub published: Option<DateTime<Utc>>,
}

pub(crate) fn string_field(object: &Value, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().and_then(noon))
}

/// Reads one line's article: only `id`, `text`, `title`, `published` and
/// `url` (whose path may name the day, as `/2013/09/18/` does).
fn stream_article(value: &Value, line: usize, file: &Path) -> anyhow::Result<StreamArticle> {
    let id = string_field(value, "id").with_context(|| format!("{}: line {line}: no `id`", file.display()))?;
    let text = string_field(value, "text").with_context(|| format!("{}: line {line}: no `text`", file.display()))?;
    let mut capture = parallax_ingest::parse_capture(&text);
    capture.url = string_field(value, "url");
    let published = string_field(value, "published")
        .and_then(|p| parse_date(&p))
        .or_else(|| capture.publication().date().and_then(noon));
    let title = string_field(value, "title").or(capture.title);
    let body: Vec<String> = capture.paragraphs.into_iter().map(|p| p.text).collect();
    let body = if body.is_empty() { text } else { body.join("\n") };
    Ok(StreamArticle { id, title, body, published })
}

/// Reads the file: articles and, for evaluation, the raw objects.
pub fn read_stream(file: &Path) -> anyhow::Result<Vec<(StreamArticle, Value)>> {
    let reader =
        std::io::BufReader::new(std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?);
    let mut articles = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", file.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(&line).with_context(|| format!("{}: line {}: not JSON", file.display(), index + 1))?;
        articles.push((stream_article(&value, index + 1, file)?, value));
    }
    if articles.is_empty() {
        bail!("{}: no articles", file.display());
    }
    Ok(articles)
}

/// Clusters the articles in order; returns (story, storyline) per article.
pub fn cluster_stream<'a>(
    articles: impl Iterator<Item = &'a StreamArticle>,
    config: ClusterConfig,
) -> Vec<(usize, usize)> {
    let mut clusterer: StoryClusterer = config.build();
    let indices: Vec<DocIndex> = articles
        .map(|a| {
            clusterer.assign(&ClusterDoc {
                title: a.title.as_deref(),
                text: &a.body,
                published: a.published,
                not_before: earliest_possible(a.published, a.body.lines()),
            })
        })
        .collect();
    indices.into_iter().map(|i| (clusterer.story_of(i).0, clusterer.storyline_of(i).0)).collect()
}

pub fn run(args: ClusterArgs) -> anyhow::Result<()> {
    let articles = read_stream(&args.file)?;
    let assignments = cluster_stream(articles.iter().map(|(a, _)| a), args.tuning.config());
    let mut out = std::io::stdout().lock();
    for ((article, _), (story, storyline)) in articles.iter().zip(assignments) {
        writeln!(out, "{}\tS{story}\tL{storyline}", article.id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> StreamArticle {
        stream_article(&serde_json::from_str(line).unwrap(), 1, Path::new("docs.jsonl")).unwrap()
    }

    #[test]
    fn an_article_is_dated_by_its_field_then_its_date_line_then_its_url() {
        let url = "https://harbourgazette.example/2025/03/12/strike-ends";
        let text = "Calder dockworkers end their strike\nThe union voted to go back to work.";
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 3, d).and_then(noon);
        let by_url = read(&serde_json::json!({"id": "a", "url": url, "text": text}).to_string());
        assert_eq!(by_url.published, day(12));
        let dated_text = "Calder dockworkers end their strike\nMarch 11, 2025\nThe union voted to go back to work.";
        let by_line = read(&serde_json::json!({"id": "b", "url": url, "text": dated_text}).to_string());
        assert_eq!(by_line.published, day(11));
        let by_field = read(
            &serde_json::json!({"id": "c", "url": url, "text": dated_text, "published": "2025-03-10"}).to_string(),
        );
        assert_eq!(by_field.published, day(10));
        let undated =
            read(&serde_json::json!({"id": "d", "url": "https://x.example/strike", "text": text}).to_string());
        assert_eq!(undated.published, None);
    }
}
