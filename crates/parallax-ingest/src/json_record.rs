//! One JSON object as an article. Accepts parallax's own fields as well as
//! those of trafilatura's and news-please's JSON output.

use crate::article_draft::ArticleDraft;
use crate::body_tidy::{tidy_body, Layout};
use crate::date_parse::{parse_date_line, parse_machine_date};
use crate::reject_reason::RejectReason;
use parallax_model::{DateSource, Paragraph, Published};

use serde_json::{Map, Value};

const TITLE_FIELDS: &[&str] = &["title", "headline", "title_page", "title_rss"];
const TEXT_FIELDS: &[&str] = &["text", "maintext", "body", "articleBody", "content", "raw_text"];
const URL_FIELDS: &[&str] = &["url", "link", "source_url"];
const DATE_FIELDS: &[&str] = &["published", "date_publish", "date", "datePublished", "pubDate", "published_at"];
const AUTHOR_FIELDS: &[&str] = &["byline", "author", "authors"];
const OUTLET_FIELDS: &[&str] = &["outlet", "sitename", "source_domain", "source", "publisher", "hostname"];
const LANGUAGE_FIELDS: &[&str] = &["language", "lang"];
const STANDFIRST_FIELDS: &[&str] = &["standfirst", "description", "excerpt", "dek"];

/// Reads one JSON value as an article draft.
pub fn draft_from_json(value: &Value) -> Result<ArticleDraft, RejectReason> {
    let Value::Object(object) = value else {
        return Err(RejectReason::WrongShape(format!("expected an object, found {}", kind_of(value))));
    };
    let mut draft = ArticleDraft {
        title: string_field(object, TITLE_FIELDS)?,
        url: string_field(object, URL_FIELDS)?,
        outlet: outlet_field(object)?,
        byline: author_field(object)?,
        language: string_field(object, LANGUAGE_FIELDS)?,
        standfirst: standfirst_field(object)?,
        published: published_field(object)?,
        ..ArticleDraft::default()
    };
    let tidy = tidy_body(read_paragraphs(object)?, Layout::Unmarked);
    draft.paragraphs = tidy.paragraphs;
    draft.debris = tidy.debris;
    draft.repeats_removed = tidy.repeats_removed;
    Ok(draft)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn first_present<'v>(object: &'v Map<String, Value>, names: &[&'static str]) -> Option<(&'static str, &'v Value)> {
    names.iter().find_map(|name| match object.get(*name) {
        None | Some(Value::Null) => None,
        Some(value) => Some((*name, value)),
    })
}

fn wrong_type(field: &str, expected: &str, found: &Value) -> RejectReason {
    RejectReason::WrongShape(format!("field `{field}` is {}, expected {expected}", kind_of(found)))
}

fn string_field(object: &Map<String, Value>, names: &[&'static str]) -> Result<Option<String>, RejectReason> {
    match first_present(object, names) {
        None => Ok(None),
        Some((_, Value::String(s))) => Ok(Some(s.clone()).filter(|s| !s.trim().is_empty())),
        Some((name, other)) => Err(wrong_type(name, "a string", other)),
    }
}

fn outlet_field(object: &Map<String, Value>) -> Result<Option<String>, RejectReason> {
    match first_present(object, OUTLET_FIELDS) {
        Some((_, Value::Object(publisher))) => Ok(publisher.get("name").and_then(Value::as_str).map(str::to_string)),
        _ => string_field(object, OUTLET_FIELDS),
    }
}

fn author_field(object: &Map<String, Value>) -> Result<Option<String>, RejectReason> {
    match first_present(object, AUTHOR_FIELDS) {
        Some((name, Value::Array(items))) => {
            let names: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            let names = names.ok_or_else(|| RejectReason::WrongShape(format!("field `{name}` must hold strings")))?;
            Ok(Some(names.join(", ")).filter(|n| !n.is_empty()))
        }
        _ => string_field(object, AUTHOR_FIELDS),
    }
}

fn standfirst_field(object: &Map<String, Value>) -> Result<Vec<String>, RejectReason> {
    match first_present(object, STANDFIRST_FIELDS) {
        Some((name, Value::Array(items))) => {
            items.iter().map(|i| i.as_str().map(str::to_string).ok_or_else(|| wrong_type(name, "strings", i))).collect()
        }
        _ => Ok(string_field(object, STANDFIRST_FIELDS)?.into_iter().collect()),
    }
}

fn published_field(object: &Map<String, Value>) -> Result<Published, RejectReason> {
    let Some((name, value)) = first_present(object, DATE_FIELDS) else {
        return Ok(Published::Unknown);
    };
    if let Value::Object(_) = value {
        return serde_json::from_value(value.clone())
            .map_err(|e| RejectReason::WrongShape(format!("field `{name}` is not a parallax date: {e}")));
    }
    let Value::String(text) = value else {
        return Err(wrong_type(name, "a date string", value));
    };
    let parsed = parse_machine_date(text).or_else(|| parse_date_line(text));
    Ok(parsed.map_or(Published::Unknown, |p| p.into_published(DateSource::JsonField)))
}

/// The body: parallax's `paragraphs` (strings or `{kind, text}` objects), or
/// a text field split at blank lines (at line breaks when it has none).
fn read_paragraphs(object: &Map<String, Value>) -> Result<Vec<Paragraph>, RejectReason> {
    if let Some(Value::Array(items)) = object.get("paragraphs") {
        return items.iter().map(paragraph_from_json).collect();
    }
    let text = string_field(object, TEXT_FIELDS)?
        .ok_or_else(|| RejectReason::WrongShape("no text field (text, maintext, body, articleBody, content)".into()))?;
    Ok(split_text(&text).into_iter().map(Paragraph::body).collect())
}

fn paragraph_from_json(item: &Value) -> Result<Paragraph, RejectReason> {
    match item {
        Value::String(text) => Ok(Paragraph::body(text.as_str())),
        Value::Object(_) => serde_json::from_value(item.clone())
            .map_err(|e| RejectReason::WrongShape(format!("a paragraph is not {{kind, text}}: {e}"))),
        other => Err(wrong_type("paragraphs", "strings or objects", other)),
    }
}

fn split_text(text: &str) -> Vec<&str> {
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    text.split(separator).map(str::trim).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn news_please_fields() {
        let value = json!({
            "title": "Strike Ends", "maintext": "The strike at the port ended on Thursday after nine days.\nShips began moving again within hours of the vote.",
            "date_publish": "2025-03-12 09:30:00", "authors": ["Rhea Tamsin", "Omar Vell"], "source_domain": "harbourgazette.example",
            "language": "en", "url": "https://harbourgazette.example/strike-ends"
        });
        let draft = draft_from_json(&value).unwrap();
        assert_eq!(draft.byline.as_deref(), Some("Rhea Tamsin, Omar Vell"));
        assert_eq!(draft.outlet.as_deref(), Some("harbourgazette.example"));
        assert_eq!(draft.paragraphs.len(), 2);
        assert_eq!(draft.published.display(), "2025-03-12T09:30:00Z");
    }

    #[test]
    fn wrong_shapes_are_explained() {
        let check = |value: Value, expect: &str| {
            let reason = draft_from_json(&value).unwrap_err().to_string();
            assert!(reason.contains(expect), "{reason}");
        };
        check(json!([1, 2]), "expected an object, found an array");
        check(json!({"title": 5, "text": "x"}), "field `title` is a number");
        check(json!({"title": "x"}), "no text field");
        check(json!({"text": "x", "authors": [1]}), "field `authors` must hold strings");
    }
}
