//! The OpenAPI document, generated from the one list of routes the router
//! is checked against (a test requests every route listed here).

use crate::error::ERROR_CODES;
use serde_json::{json, Value};

/// (method, path, summary, parameters as (name, in, required, description)).
type Route = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str, bool, &'static str)]);

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    (
        "get",
        "/api/stories",
        "Stories, newest first: title, outlets, articles, first and last date",
        &[
            ("outlet", "query", false, "only stories this outlet covers"),
            ("entity", "query", false, "only stories naming this person, organisation or place"),
            ("from", "query", false, "YYYY-MM-DD: stories still running on or after this day"),
            ("to", "query", false, "YYYY-MM-DD: stories begun on or before this day"),
            ("q", "query", false, "full-text query over the stories' articles"),
            ("sort", "query", false, "newest (default), oldest or biggest"),
            ("limit", "query", false, "page size, 1 to 200 (default 20)"),
            ("offset", "query", false, "stories to skip"),
        ],
    ),
    ("get", "/api/stories/{id}", "One story side by side: the whole story view", &[("id", "path", true, "story id")]),
    (
        "get",
        "/api/storylines/{id}",
        "One storyline: its stories in order with key events, and all its articles compared",
        &[("id", "path", true, "storyline id")],
    ),
    (
        "get",
        "/api/articles/{id}",
        "One clean article with its analysis and story",
        &[("id", "path", true, "article id or a unique prefix of 4 or more hex digits")],
    ),
    (
        "post",
        "/api/articles",
        "Ingest one article (application/json record, text/html page or text/plain capture), or with ?name= a whole file of any format parallax ingest reads; answers with the first article's id and story, the counts stored and already stored, and each rejected record; Authorization: Bearer <token>",
        &[("name", "query", false, "the posted file's name, whose ending (.jsonl, .xml, .warc.gz, ...) says its format")],
    ),
    (
        "get",
        "/api/search",
        "Full-text search over articles: phrases in quotes, -excluded words, highlighted snippets",
        &[
            ("q", "query", true, "the query"),
            ("outlet", "query", false, "only this outlet"),
            ("from", "query", false, "YYYY-MM-DD"),
            ("to", "query", false, "YYYY-MM-DD"),
            ("limit", "query", false, "page size, 1 to 200 (default 20)"),
            ("offset", "query", false, "hits to skip"),
        ],
    ),
    ("get", "/api/outlets", "Outlets with their articles, stories and dates", &[]),
    ("get", "/api/openapi.json", "This document", &[]),
];

fn operation(summary: &str, parameters: &[(&str, &str, bool, &str)]) -> Value {
    let parameters: Vec<Value> = parameters
        .iter()
        .map(|(name, place, required, description)| {
            json!({"name": name, "in": place, "required": required, "description": description, "schema": {"type": "string"}})
        })
        .collect();
    let errors: serde_json::Map<String, Value> = ERROR_CODES
        .iter()
        .map(|(_, status, code)| {
            (status.to_string(), json!({"description": code, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}))
        })
        .collect();
    let mut responses = json!({"200": {"description": "OK", "content": {"application/json": {}}}});
    if let Some(map) = responses.as_object_mut() {
        map.extend(errors);
    }
    json!({"summary": summary, "parameters": parameters, "responses": responses})
}

/// The document served at /api/openapi.json.
pub fn openapi_document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, summary, parameters) in ROUTES {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        if let Some(methods) = entry.as_object_mut() {
            methods.insert(method.to_string(), operation(summary, parameters));
        }
    }
    let codes: Vec<&str> = ERROR_CODES.iter().map(|(_, _, code)| *code).collect();
    json!({
        "openapi": "3.1.0",
        "info": {"title": "parallax", "version": env!("CARGO_PKG_VERSION"), "description": "News coverage compared across outlets."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string", "enum": codes}, "message": {"type": "string"}},
            }},
        },
    })
}
