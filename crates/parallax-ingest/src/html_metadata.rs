//! Article metadata from an HTML document: JSON-LD first, then Open Graph
//! and other meta tags, then `<time>`, `<h1>`, `<title>` and the URL.

use crate::date_parse::parse_machine_date;
use parallax_model::{DateSource, Published};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector parses")
}

static JSON_LD: LazyLock<Selector> = LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector(r#"link[rel="canonical"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static HTML_TAG: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static BYLINE_ELEMENT: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"[rel="author"], [itemprop="author"], .byline, .author-name, .author"#));
static DEK_ELEMENT: LazyLock<Selector> = LazyLock::new(|| {
    selector(".standfirst, .dek, .article-dek, .subheadline, .sub-headline, .article-summary, .lede-summary")
});

/// What the page says about itself.
#[derive(Debug, Default)]
pub struct PageMetadata {
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Published,
    pub modified: Published,
    pub byline: Option<String>,
    pub language: Option<String>,
    pub standfirst: Option<String>,
    /// The article text as JSON-LD gives it, when it does.
    pub json_ld_body: Option<String>,
}

#[derive(Debug, Default)]
struct JsonLdArticle {
    article_body: Option<String>,
    headline: Option<String>,
    date_published: Option<String>,
    date_modified: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

pub fn element_text(element: ElementRef<'_>) -> String {
    parallax_model::normalize_text(&element.text().collect::<String>())
}

/// Reads the metadata of `document`; `url_hint` is where the page was fetched from.
pub fn read_metadata(document: &Html, url_hint: Option<&str>) -> PageMetadata {
    let json_ld = read_json_ld(document);
    let meta = MetaTags::read(document);
    let url = document
        .select(&CANONICAL)
        .find_map(|e| e.value().attr("href"))
        .filter(|href| href.starts_with("http"))
        .map(str::to_string)
        .or_else(|| json_ld.url.clone())
        .or_else(|| meta.get(&["og:url"]))
        .or_else(|| url_hint.map(str::to_string));
    let title = json_ld
        .headline
        .clone()
        .or_else(|| meta.get(&["og:title", "twitter:title"]))
        .or_else(|| document.select(&H1).map(element_text).find(|t| !t.is_empty()))
        .or_else(|| document.select(&TITLE).next().map(element_text).map(|t| strip_site_suffix(&t)));
    let outlet = meta
        .get(&["og:site_name", "application-name"])
        .or_else(|| json_ld.publisher.clone())
        .or_else(|| url.as_deref().and_then(host_of));
    let published = read_published(document, &json_ld, &meta);
    let modified = json_ld
        .date_modified
        .as_deref()
        .or(meta.get(&["article:modified_time", "og:updated_time"]).as_deref())
        .and_then(parse_machine_date)
        .map_or(Published::Unknown, |parsed| parsed.into_published(DateSource::MetaTag));
    let byline = if json_ld.authors.is_empty() { None } else { Some(json_ld.authors.join(", ")) }
        .or_else(|| meta.get(&["author", "article:author", "byl", "parsely-author"]).filter(|a| !a.starts_with("http")))
        .or_else(|| document.select(&BYLINE_ELEMENT).map(element_text).find(|t| !t.is_empty() && t.len() < 100))
        .map(|b| strip_by(&b));
    let language = document
        .select(&HTML_TAG)
        .next()
        .and_then(|html| html.value().attr("lang"))
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .or_else(|| json_ld.language.clone())
        .or_else(|| meta.get(&["content-language", "og:locale", "language"]));
    let standfirst = document.select(&DEK_ELEMENT).map(element_text).find(|t| t.split_whitespace().count() >= 4);
    let json_ld_body = json_ld.article_body;
    PageMetadata { title, url, outlet, published, modified, byline, language, standfirst, json_ld_body }
}

fn read_published(document: &Html, json_ld: &JsonLdArticle, meta: &MetaTags) -> Published {
    if let Some(parsed) = json_ld.date_published.as_deref().and_then(parse_machine_date) {
        return parsed.into_published(DateSource::JsonLd);
    }
    let meta_names = [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "sailthru.date",
        "parsely-pub-date",
    ];
    if let Some(parsed) = meta.get(&meta_names).as_deref().and_then(parse_machine_date) {
        return parsed.into_published(DateSource::MetaTag);
    }
    let time_element = document.select(&TIME).find_map(|t| t.value().attr("datetime").and_then(parse_machine_date));
    if let Some(parsed) = time_element {
        return parsed.into_published(DateSource::TimeElement);
    }
    Published::Unknown
}

/// `<meta>` tags by lower-cased `property`, `name`, `itemprop` or `http-equiv`.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(document: &Html) -> MetaTags {
        let pairs = document
            .select(&META)
            .filter_map(|m| {
                let attrs = m.value();
                let key = attrs
                    .attr("property")
                    .or(attrs.attr("name"))
                    .or(attrs.attr("itemprop"))
                    .or(attrs.attr("http-equiv"))?;
                let content = attrs.attr("content")?.trim();
                (!content.is_empty()).then(|| (key.to_ascii_lowercase(), content.to_string()))
            })
            .collect();
        MetaTags(pairs)
    }

    /// The first non-empty value among `keys`, in the order of `keys`.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }
}

fn read_json_ld(document: &Html) -> JsonLdArticle {
    let mut found = JsonLdArticle::default();
    for script in document.select(&JSON_LD) {
        let Ok(value) = serde_json::from_str::<Value>(&script.text().collect::<String>()) else {
            continue;
        };
        let mut candidates = Vec::new();
        collect_articles(&value, &mut candidates, 0);
        if let Some(article) = candidates.into_iter().next() {
            found = json_ld_article(article);
            break;
        }
    }
    found
}

fn is_article_type(value: &Value) -> bool {
    let types: Vec<&str> = match value.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    types.iter().any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "LiveBlogPosting" || *t == "Report")
}

fn collect_articles<'v>(value: &'v Value, out: &mut Vec<&'v Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_articles(item, out, depth + 1)),
        Value::Object(map) => {
            if is_article_type(value) {
                out.push(value);
            }
            if let Some(graph) = map.get("@graph") {
                collect_articles(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn json_string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(map) => json_string(map.get("name").or(map.get("@id"))),
        Value::Array(items) => items.iter().find_map(|i| json_string(Some(i))),
        _ => None,
    }
}

fn json_ld_article(value: &Value) -> JsonLdArticle {
    let authors = match value.get("author") {
        Some(Value::Array(items)) => items.iter().filter_map(|a| json_string(Some(a))).collect(),
        other => json_string(other).into_iter().collect(),
    };
    JsonLdArticle {
        article_body: json_string(value.get("articleBody")),
        headline: json_string(value.get("headline")).or_else(|| json_string(value.get("name"))),
        date_published: json_string(value.get("datePublished")),
        date_modified: json_string(value.get("dateModified")),
        authors,
        publisher: value.get("publisher").and_then(|p| json_string(p.get("name"))),
        language: json_string(value.get("inLanguage")),
        url: json_string(value.get("url")).filter(|u| u.starts_with("http")),
    }
}

/// `Strike ends | The Harbour Gazette` -> `Strike ends`.
fn strip_site_suffix(title: &str) -> String {
    for separator in [" | ", " - ", " — ", " – ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.split_whitespace().count() <= 5 && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn strip_by(byline: &str) -> String {
    let trimmed = byline.trim();
    let lower = trimmed.to_lowercase();
    if lower.starts_with("by ") {
        trimmed[3..].trim().to_string()
    } else {
        trimmed.to_string()
    }
}

/// `https://www.harbourgazette.example/x` -> `harbourgazette.example`.
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}
