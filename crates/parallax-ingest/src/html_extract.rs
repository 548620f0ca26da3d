//! Main-content extraction from HTML: the document is walked once without
//! recursion (10,000-deep nesting is fine), text is cut into blocks at
//! block-level elements, blocks vote for the container that holds the most
//! prose, and the blocks inside the winner become paragraphs. Boilerplate
//! subtrees (navigation, comments, share bars, related lists, newsletter
//! boxes, captions) are skipped before they can vote.

use crate::article_draft::ArticleDraft;
use crate::body_tidy::tidy_body;
use crate::date_parse::parse_date_line;
use crate::html_decode::decode_html;
use crate::html_metadata::read_metadata;
use crate::line_shape::parse_byline;
use crate::reject_reason::RejectReason;
use ego_tree::{iter::Edge, NodeId, NodeRef};
use parallax_model::{normalize_text, word_count, DateSource, Paragraph};
use regex::Regex;
use scraper::{Html, Node};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Tags whose whole subtree is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "figcaption",
    "figure",
    "head",
    "menu",
    "dialog",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "label",
];

/// Tags that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "br",
    "body",
    "html",
    "center",
];

static BOILERPLATE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(comment|disqus|share|sharing|social|related|recommend|newsletter|subscribe|signup|sign-up|promo|advert|\bads?\b|ad-slot|sidebar|footer|\bnav\b|navbar|menu|breadcrumb|cookie|consent|popup|modal|widget|sponsor|\btags?\b|tag-list|author-bio|byline|outbrain|taboola|paywall|more-stories|read-more|readmore|jump-link|caption|credit|toolbar|masthead|skip-link|print-only)")
        .expect("boilerplate pattern")
});
static CONTENT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(article-?body|articlebody|story-?body|post-?body|entry-content|article-content|article__body|main-content|post-content)")
        .expect("content pattern")
});

/// Fewest words of body text a page needs to count as an article.
const MIN_ARTICLE_WORDS: usize = 25;

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    link_chars: usize,
    /// The nearest enclosing block element.
    holder: NodeId,
    holder_tag: &'static str,
}

/// Extracts an article from an HTML page.
pub fn extract_html(bytes: &[u8], url_hint: Option<&str>) -> Result<ArticleDraft, RejectReason> {
    let (text, _) = decode_html(bytes);
    let document = Html::parse_document(&text);
    let metadata = read_metadata(&document, url_hint);
    let blocks = collect_blocks(document.tree.root());
    let container =
        best_container(&document, &blocks).ok_or_else(|| RejectReason::NotAnArticle("no main text found".into()))?;
    let mut draft = ArticleDraft {
        outlet: metadata.outlet,
        url: metadata.url,
        title: metadata.title,
        byline: metadata.byline,
        published: metadata.published,
        modified: metadata.modified,
        language: metadata.language,
        ..ArticleDraft::default()
    };
    let paragraphs = container_paragraphs(&document, &blocks, container, &mut draft);
    let tidy = tidy_body(paragraphs, false);
    let standfirst = metadata.standfirst.filter(|s| Some(s) != draft.title.as_ref());
    draft.paragraphs = tidy.paragraphs.into_iter().filter(|p| Some(&p.text) != standfirst.as_ref()).collect();
    draft.standfirst.extend(standfirst);
    draft.debris = tidy.debris;
    draft.repeats_removed = tidy.repeats_removed;
    let words: usize = draft.paragraphs.iter().filter(|p| p.is_body()).map(|p| word_count(&p.text)).sum();
    if words < MIN_ARTICLE_WORDS {
        return Err(RejectReason::NotAnArticle(format!("only {words} words of main text")));
    }
    Ok(draft)
}

/// Paragraphs of an HTML fragment (a feed entry's content), every block kept.
pub fn fragment_paragraphs(html: &str) -> Vec<Paragraph> {
    let fragment = Html::parse_fragment(html);
    let blocks = collect_blocks(fragment.tree.root());
    blocks.into_iter().map(|b| block_paragraph(&b)).collect()
}

fn block_paragraph(block: &Block) -> Paragraph {
    let heading = matches!(block.holder_tag, "h2" | "h3" | "h4" | "h5" | "h6");
    if heading && word_count(&block.text) <= 20 {
        Paragraph::subhead(block.text.clone())
    } else {
        Paragraph::body(block.text.clone())
    }
}

fn is_skipped(node: NodeRef<'_, Node>) -> bool {
    let Some(element) = node.value().as_element() else {
        return false;
    };
    if SKIPPED_TAGS.contains(&element.name()) {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    let style = element.attr("style").unwrap_or("").replace(' ', "").to_ascii_lowercase();
    if style.contains("display:none") || style.contains("visibility:hidden") {
        return true;
    }
    let class_and_id = format!("{} {}", element.attr("class").unwrap_or(""), element.attr("id").unwrap_or(""));
    let role = element.attr("role").unwrap_or("");
    let boilerplate_role = matches!(role, "navigation" | "complementary" | "contentinfo" | "banner" | "dialog");
    boilerplate_role || (BOILERPLATE_CLASS.is_match(&class_and_id) && !CONTENT_CLASS.is_match(&class_and_id))
}

fn block_tag(node: NodeRef<'_, Node>) -> Option<&'static str> {
    let name = node.value().as_element()?.name();
    BLOCK_TAGS.iter().find(|tag| **tag == name).copied()
}

/// Walks the tree once, iteratively, cutting text into blocks.
fn collect_blocks(root: NodeRef<'_, Node>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut buffer = String::new();
    let mut link_chars = 0;
    let mut link_depth = 0usize;
    let mut holders: Vec<(NodeId, &'static str)> = vec![(root.id(), "body")];
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => {
                if is_skipped(node) {
                    skipping = Some(node.id());
                } else if let Some(tag) = block_tag(node) {
                    flush(&mut blocks, &mut buffer, &mut link_chars, holders.last());
                    if tag != "br" && tag != "hr" {
                        holders.push((node.id(), tag));
                    }
                } else if let Node::Text(text) = node.value() {
                    buffer.push_str(text);
                    if link_depth > 0 {
                        link_chars += text.trim().chars().count();
                    }
                } else if node.value().as_element().is_some_and(|e| e.name() == "a") {
                    link_depth += 1;
                }
            }
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if holders.last().is_some_and(|(id, _)| *id == node.id()) {
                        flush(&mut blocks, &mut buffer, &mut link_chars, holders.last());
                        holders.pop();
                    } else if node.value().as_element().is_some_and(|e| e.name() == "a") {
                        link_depth = link_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
    flush(&mut blocks, &mut buffer, &mut link_chars, holders.last());
    blocks
}

fn flush(
    blocks: &mut Vec<Block>,
    buffer: &mut String,
    link_chars: &mut usize,
    holder: Option<&(NodeId, &'static str)>,
) {
    let text = normalize_text(buffer);
    buffer.clear();
    if let (false, Some(&(holder, holder_tag))) = (text.is_empty(), holder) {
        blocks.push(Block { text, link_chars: *link_chars, holder, holder_tag });
    }
    *link_chars = 0;
}

fn link_density(block: &Block) -> f64 {
    block.link_chars as f64 / block.text.chars().count().max(1) as f64
}

/// Is this block prose: long enough, not mostly links?
fn is_prose(block: &Block) -> bool {
    block.text.chars().count() >= 25 && link_density(block) < 0.5 && !block.holder_tag.starts_with('h')
}

/// The element that holds the most prose: each prose block adds its score to
/// its holder's parent and half of it to the grandparent.
fn best_container(document: &Html, blocks: &[Block]) -> Option<NodeId> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for block in blocks.iter().filter(|b| is_prose(b)) {
        let commas = block.text.matches([',', '，']).count() as f64;
        let length_bonus = (block.text.chars().count() as f64 / 100.0).min(3.0);
        let score = 1.0 + commas + length_bonus;
        let holder = document.tree.get(block.holder)?;
        let parent =
            if block.holder_tag == "p" || block.holder_tag == "blockquote" { holder.parent() } else { Some(holder) };
        if let Some(parent) = parent {
            *scores.entry(parent.id()).or_default() += score;
            if let Some(grandparent) = parent.parent() {
                *scores.entry(grandparent.id()).or_default() += score / 2.0;
            }
        }
    }
    scores.into_iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))).map(|(id, _)| id)
}

/// Deepest nesting searched when asking whether a block lies inside the container.
const MAX_CONTAINER_DEPTH: usize = 512;

fn is_inside(document: &Html, node: NodeId, container: NodeId) -> bool {
    let Some(start) = document.tree.get(node) else {
        return false;
    };
    std::iter::successors(Some(start), |n| n.parent()).take(MAX_CONTAINER_DEPTH).any(|n| n.id() == container)
}

fn container_paragraphs(
    document: &Html,
    blocks: &[Block],
    container: NodeId,
    draft: &mut ArticleDraft,
) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    for block in blocks.iter().filter(|b| is_inside(document, b.holder, container)) {
        if block.holder_tag == "h1" || (link_density(block) > 0.6 && word_count(&block.text) < 30) {
            continue;
        }
        if word_count(&block.text) <= 8 && take_header_line(&block.text, draft) {
            continue;
        }
        if draft.title.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&block.text)) {
            continue;
        }
        paragraphs.push(block_paragraph(block));
    }
    paragraphs
}

/// A byline or date line left in the body is moved into the metadata.
fn take_header_line(text: &str, draft: &mut ArticleDraft) -> bool {
    if let Some((author, _)) = parse_byline(text, false) {
        draft.byline.get_or_insert(author);
        return true;
    }
    if let Some(parsed) = parse_date_line(text) {
        if !draft.published.is_known() {
            draft.published = parsed.into_published(DateSource::DateLine);
        }
        return true;
    }
    false
}
