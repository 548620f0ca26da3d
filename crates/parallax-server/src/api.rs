//! The JSON API's handlers.

use crate::error::{ApiError, ErrorCode};
use crate::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use parallax_compare::compare_story;
use parallax_pipeline::{story_sources, CatalogStory, StoryCatalog};
use parallax_search::SearchQuery;
use parallax_store::SqliteStore;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// Largest article body `POST /api/articles` accepts.
pub const MAX_POST_BYTES: usize = 10 * 1024 * 1024;
/// Key events shown per story of a storyline.
const KEY_EVENTS: usize = 2;
/// Largest page of stories or search hits.
const MAX_PAGE: usize = 200;

pub(crate) type Shared = State<Arc<AppState>>;

/// Runs blocking store and search work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?
}

pub(crate) fn open_store(state: &AppState) -> Result<SqliteStore, ApiError> {
    Ok(SqliteStore::open_read_only(&state.data_dir)?)
}

/// A query string axum could not read, as our JSON error.
pub(crate) fn query<T>(parsed: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    parsed.map(|Query(value)| value).map_err(|rejection| ApiError::new(ErrorCode::BadRequest, rejection.body_text()))
}

/// A numeric id from the path, or a JSON error.
pub(crate) fn numeric_id(parsed: Result<Path<String>, PathRejection>) -> Result<u64, ApiError> {
    let Path(text) = parsed.map_err(|rejection| ApiError::new(ErrorCode::BadRequest, rejection.body_text()))?;
    text.parse().map_err(|_| ApiError::new(ErrorCode::BadRequest, format!("{text:?} is not a numeric id")))
}

/// A story as lists show it.
#[derive(Serialize)]
pub struct StorySummary {
    pub id: u64,
    pub storyline: u64,
    pub title: String,
    pub outlets: Vec<String>,
    /// Original articles (copies folded).
    pub articles: usize,
    pub copies: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

pub(crate) fn summary(story: &CatalogStory) -> StorySummary {
    StorySummary {
        id: story.story,
        storyline: story.storyline,
        title: story.title().to_string(),
        outlets: story.outlets(),
        articles: story.originals.len(),
        copies: story.originals.iter().map(|(_, copies)| copies.len()).sum(),
        first: story.first(),
        last: story.last(),
    }
}

#[derive(Deserialize, Default)]
pub struct StoryFilter {
    pub(crate) outlet: Option<String>,
    /// A person, organisation or place, as named in the articles.
    pub(crate) entity: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) to: Option<NaiveDate>,
    /// Full-text query over the stories' articles.
    pub(crate) q: Option<String>,
    /// "newest" (default), "oldest" or "biggest".
    pub(crate) sort: Option<String>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: Option<usize>,
}

/// A date parameter; an empty one (a form's blank field) is none.
fn optional_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(day) => {
            day.parse().map(Some).map_err(|_| serde::de::Error::custom(format!("{day:?} is not a YYYY-MM-DD date")))
        }
    }
}

/// Stories with an article the search index finds for `text`.
fn stories_matching(state: &AppState, catalog: &StoryCatalog, text: &str) -> Result<HashSet<u64>, ApiError> {
    let query = SearchQuery { limit: 10_000, ..SearchQuery::text(text) };
    let hits = state.search.search(&query)?;
    Ok(hits.hits.iter().filter_map(|hit| catalog.story_of(&hit.id)).map(|s| s.story).collect())
}

/// The stories a filter selects, sorted, and one page of them with the total.
pub(crate) fn filtered_stories(state: &AppState, filter: &StoryFilter) -> Result<(usize, Vec<StorySummary>), ApiError> {
    let catalog = state.catalog();
    let mut wanted: Option<HashSet<u64>> = None;
    if let Some(text) = filter.q.as_deref().filter(|t| !t.trim().is_empty()) {
        wanted = Some(stories_matching(state, &catalog, text)?);
    }
    if let Some(entity) = filter.entity.as_deref().filter(|t| !t.trim().is_empty()) {
        let phrase = format!("\"{}\"", entity.replace('"', ""));
        let named = stories_matching(state, &catalog, &phrase)?;
        wanted = Some(wanted.map_or(named.clone(), |w| w.intersection(&named).copied().collect()));
    }
    let outlet = filter.outlet.as_deref().filter(|o| !o.is_empty());
    let mut stories: Vec<&CatalogStory> = catalog
        .stories
        .values()
        .map(std::sync::Arc::as_ref)
        .filter(|s| wanted.as_ref().is_none_or(|w| w.contains(&s.story)))
        .filter(|s| outlet.is_none_or(|o| s.articles().any(|article| article.outlet == o)))
        .filter(|s| filter.from.is_none_or(|from| s.last().is_some_and(|last| last >= from)))
        .filter(|s| filter.to.is_none_or(|to| s.first().is_some_and(|first| first <= to)))
        .collect();
    match filter.sort.as_deref().filter(|s| !s.is_empty()).unwrap_or("newest") {
        // Dates walk a story's articles: computed once per story.
        "newest" => stories.sort_by_cached_key(|s| (std::cmp::Reverse(s.last()), s.story)),
        "oldest" => stories.sort_by_cached_key(|s| (s.first().is_none(), s.first(), s.story)),
        "biggest" => stories.sort_by_key(|s| (std::cmp::Reverse(s.originals.len()), s.story)),
        other => {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("sort must be newest, oldest or biggest, not {other:?}"),
            ))
        }
    }
    let total = stories.len();
    let page = stories
        .into_iter()
        .skip(filter.offset.unwrap_or(0))
        .take(filter.limit.unwrap_or(20).clamp(1, MAX_PAGE))
        .map(summary)
        .collect();
    Ok((total, page))
}

pub async fn list_stories(
    State(state): Shared,
    filter: Result<Query<StoryFilter>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = query(filter)?;
    blocking(move || {
        let (total, stories) = filtered_stories(&state, &filter)?;
        Ok(Json(serde_json::json!({"total": total, "stories": stories})))
    })
    .await
}

/// A JSON body as a response.
fn json_body(body: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub async fn story(State(state): Shared, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = numeric_id(id)?;
    let key = crate::story_view_key(id);
    if let Some(body) = state.cached(&key) {
        return Ok(json_body(body));
    }
    let body = blocking(move || {
        let catalog = state.catalog();
        let story = catalog.stories.get(&id).ok_or_else(|| ApiError::not_found(format!("story {id}")))?;
        state.build_cached(key, &catalog, || {
            let view = compare_story(&story_sources(&open_store(&state)?, story)?);
            serde_json::to_string(&serde_json::json!({"story": summary(story), "view": view}))
                .map_err(ApiError::internal)
        })
    })
    .await?;
    Ok(json_body(body))
}

pub async fn storyline(State(state): Shared, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = numeric_id(id)?;
    let key = crate::storyline_view_key(id);
    if let Some(body) = state.cached(&key) {
        return Ok(json_body(body));
    }
    let body = blocking(move || {
        let catalog = state.catalog();
        let members = catalog.storyline(id);
        if members.is_empty() {
            return Err(ApiError::not_found(format!("storyline {id}")));
        }
        state.build_cached(key, &catalog, || {
            let store = open_store(&state)?;
            let mut all = Vec::new();
            let mut stories = Vec::new();
            for story in members {
                let sources = story_sources(&store, story)?;
                let events = parallax_compare::key_events(&sources, KEY_EVENTS);
                stories.push(serde_json::json!({"story": summary(story), "key_events": events}));
                all.extend(sources);
            }
            let body = serde_json::json!({"storyline": id, "stories": stories, "view": compare_story(&all)});
            serde_json::to_string(&body).map_err(ApiError::internal)
        })
    })
    .await?;
    Ok(json_body(body))
}

/// A stored article, as the story view reads it (outlet name, analysis),
/// with its live story and storyline.
pub(crate) struct StoredArticle {
    pub article: parallax_model::Article,
    pub source: parallax_compare::SourceArticle,
    pub story: Option<(u64, u64)>,
}

/// The stored article with this id or unique prefix.
pub(crate) fn stored_article(state: &AppState, id: &str) -> Result<StoredArticle, ApiError> {
    let store = open_store(state)?;
    let article = store.article(id)?.ok_or_else(|| ApiError::not_found(format!("article {id}")))?;
    let source = parallax_pipeline::source_article(&store, &article, Vec::new())?;
    let story = state.catalog().story_of(article.id.as_str()).map(|s| (s.story, s.storyline));
    Ok(StoredArticle { article, source, story })
}

pub async fn article(State(state): Shared, Path(id): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    blocking(move || {
        let StoredArticle { article, source, story } = stored_article(&state, &id)?;
        Ok(Json(serde_json::json!({
            "article": article,
            "analysis": source.analysis,
            "story": story.map(|s| s.0),
            "storyline": story.map(|s| s.1),
        })))
    })
    .await
}

#[derive(Deserialize, Default)]
pub struct SearchParams {
    pub(crate) q: Option<String>,
    pub(crate) outlet: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) to: Option<NaiveDate>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: Option<usize>,
}

impl SearchParams {
    /// The search these parameters ask for; none without a query.
    pub(crate) fn to_query(&self) -> Option<SearchQuery> {
        let text = self.q.as_deref().filter(|q| !q.trim().is_empty())?;
        Some(SearchQuery {
            text: text.to_string(),
            outlet: self.outlet.clone().filter(|o| !o.is_empty()),
            from: self.from,
            to: self.to,
            limit: self.limit.unwrap_or(20).clamp(1, MAX_PAGE),
            offset: self.offset.unwrap_or(0),
        })
    }
}

pub async fn search(
    State(state): Shared,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let params = query(params)?;
    let search = params.to_query().ok_or_else(|| ApiError::new(ErrorCode::BadQuery, "q is required"))?;
    blocking(move || {
        let results = state.search.search(&search)?;
        Ok(Json(serde_json::to_value(results).map_err(ApiError::internal)?))
    })
    .await
}

#[derive(Serialize, Default)]
struct OutletSummary {
    outlet: String,
    articles: usize,
    stories: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

pub async fn outlets(State(state): Shared) -> Json<serde_json::Value> {
    let catalog = state.catalog();
    let mut outlets: BTreeMap<String, OutletSummary> = BTreeMap::new();
    for story in catalog.stories.values() {
        let mut counted = HashSet::new();
        for article in story.articles() {
            let entry = outlets
                .entry(article.outlet.clone())
                .or_insert_with(|| OutletSummary { outlet: article.outlet.clone(), ..OutletSummary::default() });
            entry.articles += 1;
            if counted.insert(article.outlet.clone()) {
                entry.stories += 1;
            }
            entry.first = [entry.first, article.published].into_iter().flatten().min();
            entry.last = entry.last.max(article.published);
        }
    }
    Json(serde_json::json!({"outlets": outlets.into_values().collect::<Vec<_>>()}))
}

pub async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::openapi_document())
}

pub async fn no_route() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such route (see /api/openapi.json)")
}

/// The bearer token check of writes.
fn authorised(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "ingest is disabled: no token is configured (PARALLAX_TOKEN)",
        ));
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if given.trim() == token => Ok(()),
        Some(_) => Err(ApiError::new(ErrorCode::Unauthorized, "wrong bearer token")),
        None => Err(ApiError::new(ErrorCode::Unauthorized, "Authorization: Bearer <token> is required")),
    }
}

/// The file extension that makes ingest read a body of this content type.
fn extension_for(headers: &HeaderMap) -> Result<&'static str, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => Ok("json"),
        "text/html" | "application/xhtml+xml" => Ok("html"),
        "text/plain" => Ok("txt"),
        other => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("send application/json, text/html or text/plain, not {other:?}"),
        )),
    }
}

/// `POST /api/articles` parameters.
#[derive(Deserialize)]
pub struct PostParams {
    /// The posted file's name: its ending says its format, so any file
    /// `parallax ingest` reads (JSON lines, feeds, WARC, gzip) can be
    /// posted whole; without it the Content-Type says.
    name: Option<String>,
}

/// Ingests a posted article (or, named, a posted file of any format)
/// through the pipeline: 201 when something was stored, 200 when all of it
/// was already there, 422 with the reason when nothing was accepted.
pub async fn post_article(
    State(state): Shared,
    headers: HeaderMap,
    params: Result<Query<PostParams>, QueryRejection>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    authorised(&state, &headers)?;
    let name = match query(params)?.name {
        Some(name) => posted_name(&name)?,
        None => format!("post.{}", extension_for(&headers)?),
    };
    blocking(move || ingest_posted(&state, &name, &body)).await
}

/// A posted file's name made safe to write under `incoming/`: its last
/// path component, with anything but letters, digits, '.', '-' and '_'
/// replaced, and at most 100 characters; refused without an ending.
fn posted_name(name: &str) -> Result<String, ApiError> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let safe: String =
        last.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let safe = safe.trim_start_matches('.');
    let safe = &safe[safe.len().saturating_sub(100)..];
    if !safe.contains('.') {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("the name {name:?} has no ending (.jsonl, .xml, .warc.gz, ...) to tell its format by"),
        ));
    }
    Ok(safe.to_string())
}

fn ingest_posted(state: &AppState, name: &str, body: &[u8]) -> Result<Response, ApiError> {
    let incoming = state.data_dir.join("incoming");
    std::fs::create_dir_all(&incoming).map_err(ApiError::internal)?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = incoming.join(format!("post-{nanos}-{name}"));
    std::fs::write(&path, body).map_err(ApiError::internal)?;
    let outcome = ingest_file(state, &path);
    let _ = std::fs::remove_file(&path);
    outcome
}

/// A record of a posted file that was not accepted, as the answer lists it.
#[derive(Serialize)]
struct PostedRejection {
    /// Its place in the file ("record 3", "whole file").
    record: String,
    /// The reason's kind, as `parallax ingest` counts rejections by.
    kind: &'static str,
    reason: String,
}

fn ingest_file(state: &AppState, path: &std::path::Path) -> Result<Response, ApiError> {
    let mut rejections: Vec<PostedRejection> = Vec::new();
    let mut accepted: Option<parallax_model::ArticleId> = None;
    let writer = state.writer.wait()?;
    let mut pipeline = writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let summary = pipeline.ingest(&[path.to_path_buf()], &mut |progress| match progress {
        parallax_pipeline::Progress::Rejected(rejected) => {
            rejections.push(PostedRejection {
                record: rejected.provenance.record.to_string(),
                kind: rejected.reason.kind(),
                reason: rejected.reason.to_string(),
            });
        }
        parallax_pipeline::Progress::Accepted { stored, already_stored } if accepted.is_none() => {
            accepted = stored.first().or(already_stored.first()).cloned();
        }
        _ => {}
    })?;
    crate::print_notes(&mut pipeline);
    if summary.stored == 0 && summary.already_stored == 0 {
        let reason = rejections.into_iter().next().map_or_else(|| "no article found in the body".into(), |r| r.reason);
        return Err(ApiError::new(ErrorCode::RejectedArticle, reason));
    }
    let mut catalog = (*state.catalog()).clone();
    let changes = pipeline.take_changes();
    let changed = catalog.refresh(pipeline.store(), &changes)?;
    let id = accepted.map(|id| id.to_string());
    let story = id.as_deref().and_then(|id| catalog.story_of(id)).map(|s| (s.story, s.storyline));
    state.replace_catalog(catalog, &changed);
    drop(pipeline);
    state.search.refresh()?;
    let status = if summary.stored > 0 { StatusCode::CREATED } else { StatusCode::OK };
    let body = serde_json::json!({
        "id": id,
        "stored": summary.stored > 0,
        "story": story.map(|s| s.0),
        "storyline": story.map(|s| s.1),
        "stored_count": summary.stored,
        "already_stored_count": summary.already_stored,
        "rejected": rejections,
    });
    Ok((status, Json(body)).into_response())
}
