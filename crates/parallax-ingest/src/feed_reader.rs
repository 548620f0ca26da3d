//! RSS 0.9x/1.0/2.0 and Atom feeds (parsed by feed-rs): each entry becomes
//! an article draft, its content (else its summary) as the body, its link,
//! published (else updated) date and authors, the feed's title as outlet.

use crate::article_draft::ArticleDraft;
use crate::body_tidy::{tidy_body, Layout};
use crate::html_extract::fragment_paragraphs;
use crate::reject_reason::RejectReason;
use feed_rs::model::{Entry, Feed};
use parallax_model::{DateSource, Published};

/// Parses a feed document into one draft per entry.
pub fn feed_drafts(bytes: &[u8]) -> Result<Vec<ArticleDraft>, RejectReason> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| RejectReason::MalformedFeed(e.to_string()))?;
    Ok(feed.entries.iter().map(|entry| entry_draft(&feed, entry)).collect())
}

fn entry_draft(feed: &Feed, entry: &Entry) -> ArticleDraft {
    let body_html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    let tidy = tidy_body(fragment_paragraphs(&body_html), Layout::Marked);
    let authors: Vec<&str> = entry.authors.iter().map(|a| a.name.as_str()).filter(|n| !n.is_empty()).collect();
    let published = match entry.published.or(entry.updated) {
        Some(at) => Published::Instant { at, source: DateSource::Feed },
        None => Published::Unknown,
    };
    ArticleDraft {
        outlet: feed.title.as_ref().map(|t| t.content.clone()),
        url: entry.links.first().map(|l| l.href.clone()),
        title: entry.title.as_ref().map(|t| t.content.clone()),
        standfirst: Vec::new(),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        published,
        modified: Published::Unknown,
        language: entry.language.clone().or_else(|| feed.language.clone()),
        paragraphs: tidy.paragraphs,
        debris: tidy.debris,
        repeats_removed: tidy.repeats_removed,
        extraction_confidence: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_entries_become_drafts() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valecrest Daily</title>
            <item><title>Bridge Reopens</title><link>https://valecrest.example/bridge</link>
            <pubDate>Tue, 04 Mar 2025 08:00:00 +0000</pubDate><author>desk@valecrest.example (Ida Moor)</author>
            <description>&lt;p&gt;The bridge reopened on Tuesday after three weeks of repairs.&lt;/p&gt;&lt;p&gt;Share this article&lt;/p&gt;</description></item>
            </channel></rss>"#;
        let drafts = feed_drafts(rss).unwrap();
        assert_eq!(drafts.len(), 1);
        let draft = &drafts[0];
        assert_eq!(draft.outlet.as_deref(), Some("Valecrest Daily"));
        assert_eq!(draft.title.as_deref(), Some("Bridge Reopens"));
        assert_eq!(draft.paragraphs.len(), 1);
        assert_eq!(draft.debris, vec!["Share this article"]);
        assert_eq!(draft.published.display(), "2025-03-04T08:00:00Z");
    }

    #[test]
    fn broken_xml_is_a_malformed_feed() {
        assert!(matches!(feed_drafts(b"<rss><channel><item><title>x</ti"), Err(RejectReason::MalformedFeed(_))));
    }
}
