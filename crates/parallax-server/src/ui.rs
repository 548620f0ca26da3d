//! The web UI: server-rendered pages with no scripts (the story list with
//! filters, a story side by side, a storyline, search, an article), the
//! embedded stylesheet, and the security headers every response carries.

use crate::api::{
    blocking, filtered_stories, numeric_id, open_store, query, stored_article, summary, SearchParams, Shared,
    StoryFilter,
};
use crate::error::{ApiError, ErrorCode};
use crate::html::{escape, page, story_body, Styling, STYLESHEET};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use parallax_compare::compare_story;
use parallax_pipeline::story_sources;
use std::fmt::Write;

/// No scripts at all, styles only from our own stylesheet.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// An error as a page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!("<h1>{}</h1><p>{}</p>", self.0.code.status(), escape(&self.0.message));
        (self.0.code.status(), Html(page("parallax: error", &body, Styling::Served))).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

pub async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLESHEET)
}

fn form_value(value: &Option<String>) -> String {
    escape(value.as_deref().unwrap_or(""))
}

fn filters_form(filter: &StoryFilter) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let sort = filter.sort.as_deref().unwrap_or("newest");
    let option = |value: &str| {
        let selected = if value == sort { " selected" } else { "" };
        format!("<option value=\"{value}\"{selected}>{value}</option>")
    };
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"words or \\\"a phrase\\\"\" value=\"{}\"><input name=\"entity\" placeholder=\"person, organisation, place\" value=\"{}\"><input name=\"outlet\" placeholder=\"outlet\" value=\"{}\"><input name=\"from\" type=\"date\" value=\"{}\"><input name=\"to\" type=\"date\" value=\"{}\"><select name=\"sort\">{}{}{}</select><button>Filter</button></form>",
        form_value(&filter.q),
        form_value(&filter.entity),
        form_value(&filter.outlet),
        date(filter.from),
        date(filter.to),
        option("newest"),
        option("biggest"),
        option("oldest"),
    )
}

pub async fn stories_page(State(state): Shared, filter: Result<Query<StoryFilter>, QueryRejection>) -> PageResult {
    let filter = query(filter)?;
    let html = blocking(move || {
        let (total, stories) = filtered_stories(&state, &filter)?;
        let mut body = format!("<h1>Stories</h1>{}<p class=\"who\">{total} stories</p>", filters_form(&filter));
        body.push_str("<table><tr><th>story</th><th>outlets</th><th>articles</th><th>dates</th></tr>");
        for story in stories {
            let dates = format!(
                "{} – {}",
                story.first.map(|d| d.to_string()).unwrap_or_default(),
                story.last.map(|d| d.to_string()).unwrap_or_default()
            );
            let _ = write!(
                body,
                "<tr><td><a href=\"/stories/{}\">{}</a><br><a class=\"who\" href=\"/storylines/{}\">storyline {}</a></td><td>{}</td><td>{}{}</td><td>{dates}</td></tr>",
                story.id,
                escape(&story.title),
                story.storyline,
                story.storyline,
                escape(&story.outlets.join(", ")),
                story.articles,
                if story.copies > 0 { format!(" + {} copies", story.copies) } else { String::new() },
            );
        }
        body.push_str("</table>");
        Ok(page("parallax: stories", &body, Styling::Served))
    })
    .await?;
    Ok(Html(html))
}

pub async fn story_page(State(state): Shared, id: Result<Path<String>, PathRejection>) -> PageResult {
    let id = numeric_id(id)?;
    let html = blocking(move || {
        let catalog = state.catalog();
        let story = catalog.stories.get(&id).ok_or_else(|| ApiError::not_found(format!("story {id}")))?;
        let view = compare_story(&story_sources(&open_store(&state)?, story)?);
        let heading = story.title().to_string();
        let mut body = story_body(&heading, &[], &view, Styling::Served);
        let _ = write!(body, "<p><a href=\"/storylines/{}\">The whole storyline</a></p>", story.storyline);
        Ok(page(&format!("parallax: {heading}"), &body, Styling::Served))
    })
    .await?;
    Ok(Html(html))
}

pub async fn storyline_page(State(state): Shared, id: Result<Path<String>, PathRejection>) -> PageResult {
    let id = numeric_id(id)?;
    let html = blocking(move || {
        let catalog = state.catalog();
        let members = catalog.storyline(id);
        if members.is_empty() {
            return Err(ApiError::not_found(format!("storyline {id}")));
        }
        let store = open_store(&state)?;
        let mut chapters = String::from("<h2>Stories in order</h2><ol>");
        let mut all = Vec::new();
        for story in members {
            let sources = story_sources(&store, story)?;
            let about = summary(story);
            let _ = write!(
                chapters,
                "<li><a href=\"/stories/{}\">{}</a> <span class=\"who\">{} · {} articles</span></li>",
                about.id,
                escape(&about.title),
                about.first.map(|d| d.to_string()).unwrap_or_default(),
                about.articles
            );
            all.extend(sources);
        }
        chapters.push_str("</ol>");
        let view = compare_story(&all);
        let body =
            format!("{chapters}{}", story_body(&format!("Storyline {id}: all articles"), &[], &view, Styling::Served));
        Ok(page(&format!("parallax: storyline {id}"), &body, Styling::Served))
    })
    .await?;
    Ok(Html(html))
}

pub async fn search_page(State(state): Shared, params: Result<Query<SearchParams>, QueryRejection>) -> PageResult {
    let params = query(params)?;
    let html = blocking(move || {
        let mut body = format!(
            "<h1>Search</h1><form class=\"filters\" method=\"get\" action=\"/search\"><input name=\"q\" placeholder=\"words or \\\"a phrase\\\"\" value=\"{}\"><input name=\"outlet\" placeholder=\"outlet\" value=\"{}\"><button>Search</button></form>",
            form_value(&params.q),
            form_value(&params.outlet)
        );
        if let Some(search) = params.to_query() {
            let results = state.search.search(&search)?;
            let _ = write!(body, "<p class=\"who\">{} articles</p><ul>", results.total);
            for hit in results.hits {
                let date = hit.published.map(|d| d.to_string()).unwrap_or_default();
                // The snippet is escaped by the index; only its <b> marks are markup.
                let _ = write!(
                    body,
                    "<li><a href=\"/articles/{}\">{}</a> <span class=\"who\">{} {date}</span><div class=\"snippet\">{}</div></li>",
                    escape(&hit.id),
                    escape(&hit.title),
                    escape(hit.outlet.as_deref().unwrap_or("")),
                    hit.snippet
                );
            }
            body.push_str("</ul>");
        }
        Ok(page("parallax: search", &body, Styling::Served))
    })
    .await?;
    Ok(Html(html))
}

pub async fn article_page(State(state): Shared, Path(id): Path<String>) -> PageResult {
    let html = blocking(move || {
        let crate::api::StoredArticle { article, source, story } = stored_article(&state, &id)?;
        let mut body = format!(
            "<h1>{}</h1><p class=\"who\">{} · {} · {}</p>",
            escape(&article.title),
            escape(&source.outlet),
            escape(&article.published.display()),
            escape(article.byline.as_deref().unwrap_or("no byline"))
        );
        if let Some((story, _)) = story {
            let _ = write!(body, "<p><a href=\"/stories/{story}\">Compare with the other outlets</a></p>");
        }
        for paragraph in &source.paragraphs {
            let _ = write!(body, "<p class=\"body\">{}</p>", escape(paragraph));
        }
        body.push_str("<h2>Quotes</h2><ul>");
        for quote in &source.analysis.quotes {
            let who = quote.speaker_name.as_deref().unwrap_or("(no speaker)");
            let _ = write!(body, "<li>“{}” <span class=\"who\">{}</span></li>", escape(&quote.text), escape(who));
        }
        body.push_str("</ul><h2>People, organisations, places</h2><ul>");
        for entity in source.analysis.entities.iter().filter(|e| e.kind != parallax_extract::EntityKind::Other) {
            let _ = write!(
                body,
                "<li>{} <span class=\"who\">{}</span></li>",
                escape(&entity.name),
                escape(&entity.roles.join("; "))
            );
        }
        body.push_str("</ul>");
        Ok(page(&format!("parallax: {}", article.title), &body, Styling::Served))
    })
    .await?;
    Ok(Html(html))
}

pub async fn no_page() -> PageError {
    PageError(ApiError::new(ErrorCode::NotFound, "no such page"))
}
