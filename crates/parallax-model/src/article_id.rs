//! Article identity: a hash of the canonical URL when one is known, else of
//! the outlet and the normalised text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable article id: 16 lowercase hex digits (64 bits of BLAKE3).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// The id of an article whose canonical URL is known.
    pub fn from_url(url: &str) -> ArticleId {
        let canonical = canonical_url(url).unwrap_or_else(|| url.trim().to_string());
        ArticleId::hash(&["url", &canonical])
    }

    /// The id of an article without a URL: its outlet (when known) and its
    /// text, case-folded with whitespace collapsed. The outlet is part of the
    /// key so that two outlets printing the same wire copy stay two articles
    /// (the dedup stage groups them); the same capture ingested twice is one.
    pub fn from_text(outlet: Option<&str>, text: &str) -> ArticleId {
        let folded: String =
            text.split_whitespace().flat_map(|word| word.chars().flat_map(char::to_lowercase).chain([' '])).collect();
        ArticleId::hash(&["text", outlet.unwrap_or(""), folded.trim_end()])
    }

    /// Wraps an id read back from storage or typed by a user.
    pub fn parse(text: &str) -> Option<ArticleId> {
        let ok = text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| ArticleId(text.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn hash(parts: &[&str]) -> ArticleId {
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(part.as_bytes());
            hasher.update(&[0]);
        }
        let hex = hasher.finalize().to_hex();
        ArticleId(hex[..16].to_string())
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Tracking query parameters that never change which page a URL names.
const TRACKING_PARAMS: &[&str] = &["fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "smid"];

/// The canonical form of a URL: lowercase scheme and host, no fragment, no
/// default port, no tracking parameters, no trailing slash on the path.
/// `None` when `raw` is not an absolute http(s) URL.
pub fn canonical_url(raw: &str) -> Option<String> {
    let mut url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !key.starts_with("utm_") && !TRACKING_PARAMS.contains(&key.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(if path.is_empty() { "/" } else { &path });
    let mut text = url.to_string();
    if url.path() == "/" && url.query().is_none() {
        text = text.trim_end_matches('/').to_string();
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls_drop_tracking_and_fragments() {
        let check = |raw: &str, expect: Option<&str>| assert_eq!(canonical_url(raw).as_deref(), expect);
        check("HTTPS://News.Example.org:443/a/b/?utm_source=x&id=3#c", Some("https://news.example.org/a/b?id=3"));
        check("http://example.org/", Some("http://example.org"));
        check("ftp://example.org/x", None);
        check("not a url", None);
    }

    #[test]
    fn text_ids_ignore_case_and_spacing_but_not_outlet() {
        let a = ArticleId::from_text(Some("Gazette"), "Hello  World\n");
        assert_eq!(a, ArticleId::from_text(Some("Gazette"), "hello world"));
        assert_ne!(a, ArticleId::from_text(Some("Courier"), "hello world"));
        assert_eq!(a.as_str().len(), 16);
        assert_eq!(ArticleId::parse(a.as_str()), Some(a));
        assert_eq!(ArticleId::parse("xyz"), None);
    }
}
