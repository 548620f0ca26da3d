//! Main-content extraction from HTML: the document is walked once without
//! recursion (10,000-deep nesting is fine), text is cut into blocks at
//! block-level elements, blocks vote for the container that holds the most
//! prose, and the blocks inside the winner become paragraphs. Boilerplate
//! subtrees (navigation, comments, share bars, related lists, newsletter
//! boxes, captions) are skipped before they can vote.

use crate::article_draft::ArticleDraft;
use crate::body_tidy::{tidy_body, Layout};
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

/// Class or id words that mark boilerplate wherever they appear.
static STRONG_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(comment|disqus|share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|promo|advert|^ads?$|^ad-|-ad$|-ads$|ad-slot|adslot|sponsor|outbrain|taboola|cookie|consent|gdpr|gprd|popup|popover|tooltip|hovercard|rollover|news-?ticker|breaking-news|modal|breadcrumb|byline|caption|credit|^tags?$|tag-?list|author-bio|more-stories|read-?more|jump-link|skip-link|print-only|^(hidden|visually-hidden|sr-only|screen-reader-text|element-invisible|element-hidden|d-none)$)")
        .expect("boilerplate pattern")
});
/// Class or id words that mark boilerplate unless the element also looks like content.
static WEAK_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(sidebar|nav|navbar|navigation|menu|footer|header|widget|toolbar|masthead|banner|pagination|pager|site-header|site-footer|top-bar)(s|-?wrap(per)?|-?container|-?area|-?inner)?$|[-_](sidebar|nav|navigation|menu|footer|header|widget|banner)s?$")
        .expect("weak boilerplate pattern")
});
/// Class or id words of an article body: never boilerplate.
static CONTENT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(article-?body|article_body|articlebody|story-?body|post-?body|entry-content|article-content|article__body|main-content|post-content|story-content)")
        .expect("content pattern")
});
/// Class or id words that make a weak boilerplate word doubtful.
static CONTENT_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(article|body|content|main|story|post|entry|text|column)").expect("content-like pattern")
});

/// Tags never skipped for their class or id: they hold whole pages.
const STRUCTURAL_TAGS: &[&str] = &["html", "body", "main", "article"];

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
    /// The block's first words are link text (a headline teaser).
    starts_with_link: bool,
}

/// Bytes of HTML considered: pages beyond it are cut (the largest page of
/// the extraction benchmark is 1.5 MB), so a huge page costs bounded time.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// Extracts an article from an HTML page.
pub fn extract_html(bytes: &[u8], url_hint: Option<&str>) -> Result<ArticleDraft, RejectReason> {
    let (mut text, _) = decode_html(&bytes[..bytes.len().min(MAX_HTML_BYTES)]);
    truncate_at_char_boundary(&mut text, MAX_HTML_BYTES);
    let document = Html::parse_document(&text);
    let metadata = read_metadata(&document, url_hint);
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
    let (mut paragraphs, mut found) = main_text(&document, Skipping::TagsAndClasses, &mut draft);
    if body_words(&paragraphs) < MIN_ARTICLE_WORDS {
        (paragraphs, found) = main_text(&document, Skipping::TagsOnly, &mut draft);
    }
    let has_json_ld_body = metadata.json_ld_body.is_some();
    if let Some(json_ld_body) =
        metadata.json_ld_body.filter(|b| word_count(b) > 2 * body_words(&paragraphs).max(MIN_ARTICLE_WORDS))
    {
        paragraphs = json_ld_body.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(Paragraph::body).collect();
    }
    let tidy = tidy_body(paragraphs, Layout::Marked);
    let standfirst = metadata.standfirst.filter(|s| Some(s) != draft.title.as_ref());
    draft.paragraphs = tidy.paragraphs.into_iter().filter(|p| Some(&p.text) != standfirst.as_ref()).collect();
    draft.standfirst.extend(standfirst);
    draft.debris = tidy.debris;
    draft.repeats_removed = tidy.repeats_removed;
    let words = body_words(&draft.paragraphs);
    if words < MIN_ARTICLE_WORDS {
        return Err(RejectReason::NotAnArticle(format!("only {words} words of main text")));
    }
    found.marked |= has_json_ld_body;
    draft.extraction_confidence = Some(found.confidence(words));
    Ok(draft)
}

fn truncate_at_char_boundary(text: &mut String, max: usize) {
    if text.len() > max {
        let cut = (0..=max).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.truncate(cut);
    }
}

/// What the main-text search found, for the confidence score.
#[derive(Default)]
struct Found {
    /// Share of the page's prose that lies in the chosen containers.
    prose_share: f64,
    /// The page marks its article body (itemprop, article-body class, JSON-LD articleBody).
    marked: bool,
}

/// Body words at which length stops adding confidence.
const CONFIDENT_WORDS: f64 = 300.0;

impl Found {
    /// A score in [0, 1]: how much of the page's prose the article holds
    /// (0.5), how long it is (0.3), whether the page marks its body (0.2).
    fn confidence(&self, words: usize) -> f32 {
        let length = (words as f64 / CONFIDENT_WORDS).min(1.0);
        let marked = if self.marked { 1.0 } else { 0.0 };
        (0.5 * self.prose_share + 0.3 * length + 0.2 * marked) as f32
    }
}

/// Why the extractor chose what it chose: each text block of the first pass
/// with its holder element, length, link density and whether it lies in the
/// chosen containers. For `parallax extract --explain`.
pub fn explain_html(bytes: &[u8]) -> Vec<String> {
    let (text, _) = decode_html(bytes);
    let document = Html::parse_document(&text);
    let blocks = collect_blocks(document.tree.root(), Skipping::TagsAndClasses);
    let containers = best_containers(&document, &blocks).unwrap_or_default();
    let describe = |id: NodeId| {
        let Some(node) = document.tree.get(id) else { return String::from("?") };
        let Some(element) = node.value().as_element() else { return String::from("#document") };
        format!(
            "<{} class={:?} id={:?}>",
            element.name(),
            element.attr("class").unwrap_or(""),
            element.attr("id").unwrap_or("")
        )
    };
    let mut lines: Vec<String> = containers.iter().map(|id| format!("container {}", describe(*id))).collect();
    for block in &blocks {
        let inside = if is_inside(&document, block.holder, &containers) { '+' } else { ' ' };
        let preview: String = block.text.chars().take(70).collect();
        lines.push(format!(
            "{inside} {:<10} {:>5} chars {:>3.0}% links  {preview}",
            block.holder_tag,
            block.text.chars().count(),
            link_density(block) * 100.0
        ));
    }
    lines
}

fn body_words(paragraphs: &[Paragraph]) -> usize {
    paragraphs.iter().filter(|p| p.is_body()).map(|p| word_count(&p.text)).sum()
}

/// The paragraphs of the page's main container, skipping boilerplate as `skipping` says.
fn main_text(document: &Html, skipping: Skipping, draft: &mut ArticleDraft) -> (Vec<Paragraph>, Found) {
    let blocks = collect_blocks(document.tree.root(), skipping);
    let Some(containers) = best_containers(document, &blocks) else { return (Vec::new(), Found::default()) };
    let prose_chars = |inside: bool| -> usize {
        blocks
            .iter()
            .filter(|b| is_prose(b) && is_inside(document, b.holder, &containers) == inside)
            .map(|b| b.text.len())
            .sum()
    };
    let (inside, outside) = (prose_chars(true), prose_chars(false));
    let marked = !marked_bodies(document).is_empty()
        || containers.iter().any(|id| document.tree.get(*id).is_some_and(is_body_marker));
    let found = Found { prose_share: inside as f64 / (inside + outside).max(1) as f64, marked };
    (container_paragraphs(document, &blocks, &containers, draft), found)
}

/// Paragraphs of an HTML fragment (a feed entry's content), every block kept.
pub fn fragment_paragraphs(html: &str) -> Vec<Paragraph> {
    let fragment = Html::parse_fragment(html);
    let blocks = collect_blocks(fragment.tree.root(), Skipping::TagsAndClasses);
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

/// How strictly boilerplate is recognised: by tags only, or by class and id words too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Skipping {
    TagsOnly,
    TagsAndClasses,
}

fn is_skipped(node: NodeRef<'_, Node>, skipping: Skipping) -> bool {
    let Some(element) = node.value().as_element() else { return false };
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
    let role = element.attr("role").unwrap_or("");
    if matches!(role, "navigation" | "complementary" | "contentinfo" | "banner" | "dialog") {
        return true;
    }
    skipping == Skipping::TagsAndClasses && !STRUCTURAL_TAGS.contains(&element.name()) && has_boilerplate_name(element)
}

/// Judges the element's class and id words.
fn has_boilerplate_name(element: &scraper::node::Element) -> bool {
    let words: Vec<&str> = element.attr("class").unwrap_or("").split_whitespace().chain(element.attr("id")).collect();
    if words.iter().any(|w| CONTENT_CLASS.is_match(w)) {
        return false;
    }
    let strong = words.iter().any(|w| STRONG_BOILERPLATE.is_match(w));
    let weak = words.iter().any(|w| WEAK_BOILERPLATE.is_match(w)) && !words.iter().any(|w| CONTENT_LIKE.is_match(w));
    strong || weak
}

fn block_tag(node: NodeRef<'_, Node>) -> Option<&'static str> {
    let name = node.value().as_element()?.name();
    BLOCK_TAGS.iter().find(|tag| **tag == name).copied()
}

/// Walks the tree once, iteratively, cutting text into blocks.
fn collect_blocks(root: NodeRef<'_, Node>, skipping_rule: Skipping) -> Vec<Block> {
    let mut walk = BlockWalk { blocks: Vec::new(), buffer: String::new(), link_chars: 0, starts_with_link: None };
    let mut link_depth = 0usize;
    let mut holders: Vec<(NodeId, &'static str)> = vec![(root.id(), "body")];
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => {
                if is_skipped(node, skipping_rule) {
                    skipping = Some(node.id());
                } else if let Some(tag) = block_tag(node) {
                    walk.flush(holders.last());
                    if tag != "br" && tag != "hr" {
                        holders.push((node.id(), tag));
                    }
                } else if let Node::Text(text) = node.value() {
                    walk.push_text(text, link_depth > 0);
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
                        walk.flush(holders.last());
                        holders.pop();
                    } else if node.value().as_element().is_some_and(|e| e.name() == "a") {
                        link_depth = link_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
    walk.flush(holders.last());
    walk.blocks
}

/// The text gathered since the last block boundary.
struct BlockWalk {
    blocks: Vec<Block>,
    buffer: String,
    link_chars: usize,
    /// Whether the first non-blank text of the block was link text.
    starts_with_link: Option<bool>,
}

impl BlockWalk {
    fn push_text(&mut self, text: &str, in_link: bool) {
        let visible = text.trim().chars().count();
        if visible > 0 && self.starts_with_link.is_none() {
            self.starts_with_link = Some(in_link);
        }
        if in_link {
            self.link_chars += visible;
        }
        self.buffer.push_str(text);
    }

    fn flush(&mut self, holder: Option<&(NodeId, &'static str)>) {
        let text = normalize_text(&self.buffer);
        self.buffer.clear();
        if let (false, Some(&(holder, holder_tag))) = (text.is_empty(), holder) {
            let starts_with_link = self.starts_with_link.unwrap_or(false);
            self.blocks.push(Block { text, link_chars: self.link_chars, holder, holder_tag, starts_with_link });
        }
        self.link_chars = 0;
        self.starts_with_link = None;
    }
}

fn link_density(block: &Block) -> f64 {
    block.link_chars as f64 / block.text.chars().count().max(1) as f64
}

/// Is this block prose: long enough, not mostly links?
fn is_prose(block: &Block) -> bool {
    block.text.chars().count() >= 25 && link_density(block) < 0.5 && !block.holder_tag.starts_with('h')
}

/// Prose scores of elements: each prose block adds its score to its
/// holder's parent (the holder itself when it is not a paragraph) and half
/// of it to the grandparent.
fn container_scores(document: &Html, blocks: &[Block]) -> HashMap<NodeId, f64> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for block in blocks.iter().filter(|b| is_prose(b)) {
        let commas = block.text.matches([',', '，', '、']).count() as f64;
        let length_bonus = (block.text.chars().count() as f64 / 100.0).min(3.0);
        let score = 1.0 + commas + length_bonus;
        let Some(holder) = document.tree.get(block.holder) else { continue };
        let paragraph_like = matches!(block.holder_tag, "p" | "blockquote" | "pre" | "li" | "dd");
        let parent = if paragraph_like { holder.parent() } else { Some(holder) };
        if let Some(parent) = parent {
            *scores.entry(parent.id()).or_default() += score;
            if let Some(grandparent) = parent.parent() {
                *scores.entry(grandparent.id()).or_default() += score / 2.0;
            }
        }
    }
    scores
}

/// Least score of a sibling joining the best container (a few real paragraphs).
const SIBLING_MIN_SCORE: f64 = 10.0;
/// Least score of a sibling with the best container's own class (a body cut into like components).
const SAME_CLASS_SIBLING_MIN_SCORE: f64 = 3.0;

/// An element's class attribute, trimmed, when it has a non-empty one.
fn class_of<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().and_then(|e| e.attr("class")).map(str::trim).filter(|c| !c.is_empty())
}

/// Levels climbed from the best-scoring element to a semantic body marker.
const MAX_CLIMB: usize = 6;

/// Is this element marked as the article body (`itemprop="articleBody"`, an
/// article-body class or id)? `html` and `body` never are.
fn is_body_marker(node: NodeRef<'_, Node>) -> bool {
    let Some(element) = node.value().as_element() else { return false };
    if matches!(element.name(), "html" | "body") {
        return false;
    }
    let words = element.attr("class").unwrap_or("").split_whitespace().chain(element.attr("id"));
    element.attr("itemprop") == Some("articleBody") || words.into_iter().any(|w| CONTENT_CLASS.is_match(w))
}

/// The element to extract from: the best-scoring one, raised to a body
/// marker a few levels up, or to the lowest ancestor holding most of the
/// other strong candidates (a body split into nested columns).
fn raise_container(document: &Html, scores: &HashMap<NodeId, f64>, best: NodeId, best_score: f64) -> NodeId {
    let Some(node) = document.tree.get(best) else { return best };
    let ancestors: Vec<NodeRef<'_, Node>> = node.ancestors().take(MAX_CLIMB).collect();
    if let Some(marker) = ancestors.iter().find(|a| is_body_marker(**a)) {
        return marker.id();
    }
    let strong: Vec<NodeId> = scores
        .iter()
        .filter(|(id, score)| **id != best && **score >= best_score * 0.75)
        .map(|(id, _)| *id)
        .take(5)
        .collect();
    for ancestor in &ancestors {
        let holds = strong.iter().filter(|id| is_inside(document, **id, &[ancestor.id()])).count();
        if holds >= 2 && !matches!(ancestor.value().as_element().map(|e| e.name()), Some("html" | "body")) {
            return ancestor.id();
        }
    }
    best
}

/// The best container and the siblings that carry on its prose (a body
/// split into several sibling sections): siblings scoring at least a fifth
/// of the best join it.
fn best_containers(document: &Html, blocks: &[Block]) -> Option<Vec<NodeId>> {
    let scores = container_scores(document, blocks);
    let (best, best_score) =
        scores.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0))).map(|(id, score)| (*id, *score))?;
    let best = raise_container(document, &scores, best, best_score);
    let best_score = scores.get(&best).copied().unwrap_or(best_score).max(best_score);
    let threshold = (best_score * 0.2).max(SIBLING_MIN_SCORE);
    let node = document.tree.get(best)?;
    let Some(parent) = node.parent() else { return Some(vec![best]) };
    let best_class = class_of(node);
    let containers = parent
        .children()
        .filter(|sibling| {
            let score = scores.get(&sibling.id()).copied().unwrap_or(0.0);
            let same_class = best_class.is_some() && class_of(*sibling) == best_class;
            sibling.id() == best || score >= threshold || (same_class && score >= SAME_CLASS_SIBLING_MIN_SCORE)
        })
        .map(|sibling| sibling.id())
        .collect();
    Some(containers)
}

/// Deepest nesting searched when asking whether a block lies inside the container.
const MAX_CONTAINER_DEPTH: usize = 512;

fn is_inside(document: &Html, node: NodeId, containers: &[NodeId]) -> bool {
    let Some(start) = document.tree.get(node) else {
        return false;
    };
    std::iter::successors(Some(start), |n| n.parent()).take(MAX_CONTAINER_DEPTH).any(|n| containers.contains(&n.id()))
}

fn container_paragraphs(
    document: &Html,
    blocks: &[Block],
    containers: &[NodeId],
    draft: &mut ArticleDraft,
) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let teaser_lists = teaser_lists(document, blocks);
    let marked_bodies = marked_bodies(document);
    let kept = |b: &&Block| is_inside(document, b.holder, containers) || is_inside(document, b.holder, &marked_bodies);
    for block in blocks.iter().filter(kept) {
        if block.holder_tag == "li" && list_of(document, block).is_some_and(|list| teaser_lists.contains(&list)) {
            continue;
        }
        let navigation_links =
            link_density(block) > 0.6 && word_count(&block.text) < 30 && !is_printed_url(&block.text);
        if block.holder_tag == "h1" || navigation_links {
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

/// Elements the page itself marks as the article body (`itemprop="articleBody"`):
/// their text always belongs to the article, wherever the best container is.
fn marked_bodies(document: &Html) -> Vec<NodeId> {
    document
        .tree
        .nodes()
        .filter(|node| node.value().as_element().is_some_and(|e| e.attr("itemprop") == Some("articleBody")))
        .filter(|node| !matches!(node.value().as_element().map(|e| e.name()), Some("html" | "body")))
        .map(|node| node.id())
        .collect()
}

/// A block whose text is a URL printed in the article (a cited link), not navigation.
fn is_printed_url(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www.")) && !text.contains(' ')
}

/// Items in a list before it can be a list of teasers.
const TEASER_LIST_MIN_ITEMS: usize = 3;

fn list_of(document: &Html, block: &Block) -> Option<NodeId> {
    document.tree.get(block.holder)?.parent().map(|list| list.id())
}

/// Lists of teasers: items that open with a link (the headline) and end
/// truncated ("..."): other pages' summaries, not this page's body.
fn teaser_lists(document: &Html, blocks: &[Block]) -> Vec<NodeId> {
    let mut items: HashMap<NodeId, (usize, usize, usize)> = HashMap::new();
    for block in blocks.iter().filter(|b| b.holder_tag == "li") {
        if let Some(list) = list_of(document, block) {
            let entry = items.entry(list).or_default();
            entry.0 += 1;
            entry.1 += usize::from(block.starts_with_link);
            entry.2 += usize::from(block.text.ends_with("...") || block.text.ends_with('…'));
        }
    }
    items
        .into_iter()
        .filter(|(_, (total, linked, truncated))| {
            *total >= TEASER_LIST_MIN_ITEMS && *linked * 5 >= *total * 4 && *truncated * 2 >= *total
        })
        .map(|(list, _)| list)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "Dockworkers at the Port of Calder walked off the job on Monday, halting cargo at the busiest harbour in the north.";
    const P2: &str =
        "The union wants a nine percent rise, while the harbour board has offered four percent spread over two years.";
    const P3: &str =
        "Ships queued outside the breakwater for a second night as neither side called for new talks, officials said.";

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>"
        )
    }

    fn article_body(inner: &str) -> String {
        format!("<article><h1>Calder Strike Begins</h1><div class=\"article-body\"><p>{P1}</p><p>{P2}</p>{inner}<p>{P3}</p></div></article>")
    }

    /// Extracts `html` and checks the body is exactly `expect` (in order).
    fn check(html: &str, expect: &[&str]) -> ArticleDraft {
        let draft = extract_html(html.as_bytes(), None).expect("an article");
        let got: Vec<&str> = draft.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(got, expect);
        draft
    }

    #[test]
    fn comment_sections_are_not_body() {
        let comments = "<section id=\"comments\"><h3>2 comments</h3><div class=\"comment\"><p>“This strike is a disgrace and everyone knows it,” wrote a reader who lives near the port.</p></div></section><div id=\"respond\" class=\"comment-respond\"><h3>Leave a Reply</h3><form><p>Your email will never be published.</p><textarea></textarea></form></div>";
        check(&page("", &format!("{}{comments}", article_body(""))), &[P1, P2, P3]);
    }

    #[test]
    fn related_and_recommended_blocks_are_not_body() {
        let related = "<aside class=\"related\"><h3>Related stories</h3><ul><li><a href=\"/a\">Harbour board names a new chief engineer for the container terminal</a></li></ul></aside><div class=\"recommended-for-you\"><p>Tram fares in Northfield will rise by ten percent in June, the transport authority said.</p></div>";
        check(&page("", &article_body(related)), &[P1, P2, P3]);
    }

    #[test]
    fn newsletter_and_share_furniture_are_not_body() {
        let inner = "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a></div><div class=\"newsletter-signup\"><p>Get the Morning Tide delivered to your inbox every day, free of charge.</p></div><p>Sign up for our morning newsletter to get the day's news in your inbox.</p><p>Advertisement</p>";
        check(&page("", &article_body(inner)), &[P1, P2, P3]);
    }

    #[test]
    fn bylines_dates_and_captions_leave_the_body() {
        let inner = "<p>By Rhea Tamsin</p><p>Published: March 3, 2025</p><figure><img src=\"x.jpg\"><figcaption>Photo: cranes idle at the north quay on Monday afternoon.</figcaption></figure>";
        let draft = check(&page("", &article_body(inner)), &[P1, P2, P3]);
        assert_eq!(draft.byline.as_deref(), Some("Rhea Tamsin"));
        assert_eq!(draft.published.display(), "2025-03-03");
    }

    #[test]
    fn teaser_lists_go_and_printed_links_stay() {
        let teasers = "<ul><li><a href=\"/1\">Ferry fares rise</a> Fares on the island ferry will rise in June, the operator said on...</li><li><a href=\"/2\">Bridge reopens</a> The Tessaly bridge reopened after three weeks of repairs to its...</li><li><a href=\"/3\">Tram strike off</a> Tram drivers called off their strike after the authority offered...</li></ul>";
        let inner = format!("{teasers}<p><a href=\"https://harbourgazette.example/report\">https://harbourgazette.example/report</a></p>");
        check(&page("", &article_body(&inner)), &[P1, P2, "https://harbourgazette.example/report", P3]);
    }

    #[test]
    fn body_split_over_sibling_sections_is_joined() {
        let body = format!("<main><div class=\"story-part\"><p>{P1}</p><p>{P2}</p></div><div class=\"promo\"><p>Subscribe today.</p></div><div class=\"story-part\"><p>{P3}</p><p>{P1} Again, in other words.</p></div></main>");
        check(&page("", &body), &[P1, P2, P3, &format!("{P1} Again, in other words.")]);
    }

    #[test]
    fn metadata_prefers_json_ld_and_keeps_modified_apart() {
        let head = r#"<link rel="canonical" href="https://harbourgazette.example/2020/01/01/strike"><meta property="og:site_name" content="The Harbour Gazette"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Calder Strike Begins","datePublished":"2025-03-03T16:40:00+01:00","dateModified":"2025-03-04T09:00:00+01:00","author":{"name":"Rhea Tamsin"}}</script>"#;
        let draft = check(&page(head, &article_body("")), &[P1, P2, P3]);
        assert_eq!(draft.published.display(), "2025-03-03T15:40:00Z");
        assert_eq!(draft.modified.display(), "2025-03-04T08:00:00Z");
        assert_eq!(draft.url.as_deref(), Some("https://harbourgazette.example/2020/01/01/strike"));
        assert_eq!(draft.outlet.as_deref(), Some("The Harbour Gazette"));
        assert_eq!(draft.title.as_deref(), Some("Calder Strike Begins"));
        assert!(draft.extraction_confidence.is_some_and(|c| c > 0.5));
    }

    #[test]
    fn http_equiv_charset_is_honoured() {
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><article><p>".to_vec();
        bytes.extend_from_slice(P1.as_bytes());
        bytes.extend_from_slice(b" Caf\xe9 owners on the quay said trade had halved since the ships stopped coming in.</p></article></body></html>");
        let draft = extract_html(&bytes, None).unwrap();
        assert!(draft.paragraphs[0].text.contains("Café owners"));
    }

    #[test]
    fn malformed_html_still_gives_its_text() {
        let html = format!(
            "<html><body><div class=\"story\"><p>{P1}<p>{P2}<div><b>unclosed <i>tags<p>{P3}</div></span></table>"
        );
        let draft = extract_html(html.as_bytes(), None).unwrap();
        let text: Vec<&str> = draft.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert!(text.contains(&P1) && text.contains(&P2) && text.contains(&P3), "{text:?}");
    }

    #[test]
    fn pages_that_are_not_articles_say_why() {
        let nav_only = page("", "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav><footer>© 2025 The Harbour Gazette</footer>");
        let reason = extract_html(nav_only.as_bytes(), None).unwrap_err();
        assert!(matches!(reason, RejectReason::NotAnArticle(_)), "{reason}");
        let listing = page("", "<div class=\"index\"><a href=\"/1\">Ferry fares rise</a><a href=\"/2\">Bridge reopens</a><a href=\"/3\">Tram strike off</a></div>");
        assert!(matches!(extract_html(listing.as_bytes(), None), Err(RejectReason::NotAnArticle(_))));
    }

    #[test]
    fn huge_pages_are_capped() {
        let mut html = page("", &article_body("")).replace("</body></html>", "");
        html.push_str("<!-- ");
        html.push_str(&"padding ".repeat(50 * 1024 * 1024 / 8));
        html.push_str(" --></body></html>");
        assert!(html.len() > 50 * 1024 * 1024);
        check(&html, &[P1, P2, P3]);
    }
}
