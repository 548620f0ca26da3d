//! Every API route through the router itself (tower's `oneshot`, no
//! socket), over the sample corpus: answers, errors as `{code, message}`,
//! the token check, and a posted article appearing in its story at once.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use parallax_server::{router, AppState, ServerConfig, ROUTES};
use serde_json::Value;
use std::path::PathBuf;
use tower::ServiceExt;

const TOKEN: &str = "s3cret-token";

struct Fixture {
    _data: tempfile::TempDir,
    router: Router,
}

fn fixture() -> Fixture {
    let data = tempfile::tempdir().unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    parallax_pipeline::PipelineConfig::new(data.path()).build().unwrap().ingest(&[corpus], &mut |_| {}).unwrap();
    let state = AppState::open(ServerConfig::new(data.path(), Some(TOKEN.into()))).unwrap();
    Fixture { _data: data, router: router(state) }
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value =
        serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, value)
}

async fn get(router: &Router, uri: &str) -> (StatusCode, Value) {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The id of the first original article a story view lists.
fn first_article(story: &Value) -> String {
    let outlets = story["view"]["outlets"].as_array().unwrap();
    let with_articles = outlets.iter().find(|o| !o["articles"].as_array().unwrap().is_empty()).unwrap();
    with_articles["articles"][0]["id"].as_str().unwrap().to_string()
}

fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["code"], code, "{}", answer.1);
    assert!(answer.1["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn stories_list_filter_sort_and_page() {
    let f = fixture();
    let (status, all) = get(&f.router, "/api/stories").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 7);
    assert_eq!(all["stories"][0]["first"], "2025-10-21", "newest first: {all}");
    let (_, biggest) = get(&f.router, "/api/stories?sort=biggest&limit=1").await;
    assert_eq!(biggest["stories"].as_array().unwrap().len(), 1);
    assert!(biggest["stories"][0]["articles"].as_u64().unwrap() >= 6);
    let (_, outlet) = get(&f.router, "/api/stories?outlet=Coastline%20Post").await;
    assert_eq!(outlet["total"], 3, "{outlet}");
    let (_, text) = get(&f.router, "/api/stories?q=%22flood%20wall%22").await;
    assert_eq!(text["total"], 1);
    let (_, entity) = get(&f.router, "/api/stories?entity=Lisbet%20Arnaud").await;
    assert_eq!(entity["total"], 1);
    assert!(entity["stories"][0]["title"].as_str().unwrap().contains("Rate"), "{entity}");
    let (_, dated) = get(&f.router, "/api/stories?from=2025-09-01&to=2025-09-30").await;
    assert_eq!(dated["total"], 1);
    assert_error(&get(&f.router, "/api/stories?sort=loudest").await, StatusCode::BAD_REQUEST, "bad_request");
    assert_error(&get(&f.router, "/api/stories?from=yesterday").await, StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test(flavor = "multi_thread")]
async fn story_storyline_article_search_and_outlets() {
    let f = fixture();
    let (_, list) = get(&f.router, "/api/stories?q=4%2C500").await;
    let id = list["stories"][0]["id"].as_u64().unwrap();
    let (status, story) = get(&f.router, &format!("/api/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(story["view"]["claims"].as_array().unwrap().iter().any(|g| g["verdict"] == "conflict"));
    assert_error(&get(&f.router, "/api/stories/999").await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&get(&f.router, "/api/stories/abc").await, StatusCode::BAD_REQUEST, "bad_request");
    let line = story["story"]["storyline"].as_u64().unwrap();
    let (status, storyline) = get(&f.router, &format!("/api/storylines/{line}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(storyline["stories"].as_array().unwrap().len(), 3);
    assert_error(&get(&f.router, "/api/storylines/999").await, StatusCode::NOT_FOUND, "not_found");
    let article_id = first_article(&story);
    let (status, article) = get(&f.router, &format!("/api/articles/{article_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["story"], id);
    assert!(article["analysis"]["entities"].as_array().is_some());
    assert_error(&get(&f.router, "/api/articles/ffffffffffffffff").await, StatusCode::NOT_FOUND, "not_found");
    let (status, found) = get(&f.router, "/api/search?q=%22flood%20wall%22&limit=5").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["total"], 2);
    assert!(found["hits"][0]["snippet"].as_str().unwrap().contains("<b>"));
    assert_error(&get(&f.router, "/api/search").await, StatusCode::BAD_REQUEST, "bad_query");
    assert_error(&get(&f.router, "/api/search?q=title:(").await, StatusCode::BAD_REQUEST, "bad_query");
    let (status, outlets) = get(&f.router, "/api/outlets").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outlets["outlets"].as_array().unwrap().len(), 8);
    assert_error(&get(&f.router, "/api/nothing-here").await, StatusCode::NOT_FOUND, "not_found");
}

fn post(body: &str, content_type: &str, token: Option<&str>) -> Request<Body> {
    post_to("/api/articles", body, content_type, token)
}

fn post_to(uri: &str, body: &str, content_type: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().method(Method::POST).uri(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn posting_needs_the_token_and_joins_a_story_at_once() {
    let f = fixture();
    let article = serde_json::json!({
        "title": "Calder dockworkers stage second walkout",
        "outlet": "Tidewater Echo",
        "url": "https://tidewater.example/calder-second-walkout",
        "published": "2025-10-22T09:00:00Z",
        "text": "Dockworkers at the Port of Calder walked out again on Wednesday over the harbour board's plan to install 14 automated cranes.\n\nUnion leader Maren Oduya said the union would not accept the loss of 600 jobs by 2028.",
    })
    .to_string();
    assert_error(
        &send(&f.router, post(&article, "application/json", None)).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(
        &send(&f.router, post(&article, "application/json", Some("nope"))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(
        &send(&f.router, post(&article, "image/png", Some(TOKEN))).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        &send(&f.router, post("", "text/plain", Some(TOKEN))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rejected_article",
    );
    let (_, automation) = get(&f.router, "/api/stories?q=%22automated%20cranes%22").await;
    let cached = automation["stories"][0]["id"].as_u64().unwrap();
    let (_, before) = get(&f.router, &format!("/api/stories/{cached}")).await;
    assert!(!before.to_string().contains("Tidewater Echo"));
    let storyline = automation["stories"][0]["storyline"].as_u64().unwrap();
    let (_, line_before) = get(&f.router, &format!("/api/storylines/{storyline}")).await;
    assert!(!line_before.to_string().contains("Tidewater Echo"), "the storyline view, cached before the write");
    let (status, stored) = send(&f.router, post(&article, "application/json", Some(TOKEN))).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let story = stored["story"].as_u64().expect("joined a story");
    assert_eq!(story, cached, "it joined the automation story");
    let (_, view) = get(&f.router, &format!("/api/stories/{story}")).await;
    let outlets: Vec<&str> =
        view["view"]["outlets"].as_array().unwrap().iter().map(|o| o["outlet"].as_str().unwrap()).collect();
    assert!(outlets.contains(&"Tidewater Echo"), "{outlets:?}");
    assert!(outlets.contains(&"The Harbour Gazette"), "it joined the automation story: {outlets:?}");
    let (_, line_after) = get(&f.router, &format!("/api/storylines/{storyline}")).await;
    assert!(line_after.to_string().contains("Tidewater Echo"), "the storyline view is rebuilt after the write");
    let (status, again) = send(&f.router, post(&article, "application/json", Some(TOKEN))).await;
    assert_eq!((status, &again["stored"]), (StatusCode::OK, &Value::Bool(false)));
    assert_eq!(again["id"], stored["id"], "the stored copy's id");
    assert_eq!(again["story"], stored["story"]);
    let (_, found) = get(&f.router, "/api/search?q=%22second%20walkout%22").await;
    assert_eq!(found["total"], 1, "searchable at once");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_matches_the_routes() {
    let f = fixture();
    let (status, document) = get(&f.router, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(paths.values().map(|p| p.as_object().unwrap().len()).sum::<usize>(), ROUTES.len());
    let (_, list) = get(&f.router, "/api/stories").await;
    let story = list["stories"][0]["id"].as_u64().unwrap();
    let storyline = list["stories"][0]["storyline"].as_u64().unwrap();
    let (_, view) = get(&f.router, &format!("/api/stories/{story}")).await;
    let article = first_article(&view);
    for (method, path, _, _) in ROUTES {
        assert!(paths[*path][*method].is_object(), "{method} {path} missing from the document");
        let uri = match *path {
            "/api/stories/{id}" => format!("/api/stories/{story}"),
            "/api/storylines/{id}" => format!("/api/storylines/{storyline}"),
            "/api/articles/{id}" => format!("/api/articles/{article}"),
            "/api/search" => "/api/search?q=port".to_string(),
            other => other.to_string(),
        };
        let request = Request::builder().method(method.to_uppercase().as_str()).uri(&uri).body(Body::empty()).unwrap();
        let (status, answer) = send(&f.router, request).await;
        assert!(
            answer["message"] != "no such route (see /api/openapi.json)",
            "{method} {uri} is documented but not routed ({status})"
        );
    }
}

async fn page(router: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_render_with_a_strict_policy_and_escape_article_text() {
    let f = fixture();
    let (status, headers, index) = page(&f.router, "/?sort=biggest").await;
    assert_eq!(status, StatusCode::OK);
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"), "{policy}");
    assert!(index.contains("<table>") && index.contains("/stories/"));
    assert!(!index.contains("<script"), "pages carry no scripts");
    let (_, list) = get(&f.router, "/api/stories?q=4%2C500").await;
    let id = list["stories"][0]["id"].as_u64().unwrap();
    let (status, _, story) = page(&f.router, &format!("/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        story.contains("class=\"outlets\"") && story.contains("<svg class=\"timeline\""),
        "side by side and a timeline"
    );
    assert!(story.contains("class=\"conflict\""));
    let (status, _, css) = page(&f.router, "/assets/app.css").await;
    assert!(status == StatusCode::OK && css.contains(".outlets"));
    let (status, _, search) = page(&f.router, "/search?q=%22flood+wall%22").await;
    assert!(status == StatusCode::OK && search.contains("<b>flood</b>"));
    let (status, _, missing) = page(&f.router, "/stories/999").await;
    assert!(status == StatusCode::NOT_FOUND && missing.contains("no story 999"));
    let payload = serde_json::json!({
        "title": "Harbour notice <script>alert('t')</script>",
        "outlet": "Tidewater Echo",
        "text": "The harbour office posted <script>alert(1)</script> and <img src=x onerror=alert(2)> on its board, a spokesman said on Monday.",
    })
    .to_string();
    let (status, stored) = send(&f.router, post(&payload, "application/json", Some(TOKEN))).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let article = stored["id"].as_str().unwrap();
    let (_, _, html) = page(&f.router, &format!("/articles/{article}")).await;
    assert!(!html.contains("<script") && !html.contains("<img"), "article markup survived: {html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&lt;img src=x onerror=alert(2)&gt;")
    );
}

/// Polls `uri` until `done` holds of its answer, for at most ten seconds.
async fn get_until(router: &Router, uri: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, answer) = get(router, uri).await;
        if done(&answer) {
            return answer;
        }
        assert!(std::time::Instant::now() < deadline, "{uri} never came right: {answer}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_follows_another_writer_and_takes_over_when_it_is_done() {
    let data = tempfile::tempdir().unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let mut other = parallax_pipeline::PipelineConfig::new(data.path()).build().unwrap();
    other.ingest(&[corpus], &mut |_| {}).unwrap();
    let config = ServerConfig {
        follow_every: std::time::Duration::from_millis(20),
        ..ServerConfig::new(data.path(), Some(TOKEN.into()))
    };
    let router = router(AppState::open(config).unwrap());
    let (_, all) = get(&router, "/api/stories").await;
    assert_eq!(all["total"], 7);

    let later = tempfile::tempdir().unwrap();
    let fire = later.path().join("glassworks.txt");
    std::fs::write(
        &fire,
        "Glassworks Fire in Orlen\n\nA fire gutted the old glassworks in Orlen on Tuesday, the brigade said.\n",
    )
    .unwrap();
    other.ingest(&[fire], &mut |_| {}).unwrap();
    let found = get_until(&router, "/api/stories?q=glassworks", |answer| answer["total"] == 1).await;
    assert!(found["stories"][0]["title"].as_str().unwrap().contains("Glassworks"), "{found}");
    get_until(&router, "/api/search?q=glassworks", |answer| answer["total"] == 1).await;

    let article = "Orlen Glassworks to Be Rebuilt\n\nThe owners of the Orlen glassworks said on Friday they would rebuild after the fire.\n";
    let busy = send(&router, post(article, "text/plain", Some(TOKEN))).await;
    assert_error(&busy, StatusCode::SERVICE_UNAVAILABLE, "writer_busy");
    let holder = format!("process {}", std::process::id());
    assert!(busy.1["message"].as_str().unwrap().contains(&holder), "names who holds the lock: {}", busy.1);

    drop(other);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let stored = loop {
        let (status, answer) = send(&router, post(article, "text/plain", Some(TOKEN))).await;
        if status == StatusCode::CREATED {
            break answer;
        }
        assert_eq!(answer["code"], "writer_busy", "{answer}");
        assert!(std::time::Instant::now() < deadline, "the server never took the lock over");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let story = stored["story"].as_u64().expect("placed in a story");
    let (status, view) = get(&router, &format!("/api/stories/{story}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(view.to_string().contains("Rebuilt"), "the posted article is in its story at once: {view}");
}

/// A file posted whole under its name: its ending says its format (here
/// JSON lines, sent as octet-stream), every record is ingested, and each
/// bad one is reported by its place; the name cannot reach outside
/// `incoming/`, and a name with no ending is refused.
#[tokio::test(flavor = "multi_thread")]
async fn a_named_post_takes_a_whole_file_and_reports_each_record() {
    let f = fixture();
    let record = |title: &str, text: &str| {
        serde_json::json!({"title": title, "outlet": "Tidewater Echo", "text": text}).to_string()
    };
    let lines = [
        record("Orlen ferry adds a winter crossing", "The Orlen ferry will add a third winter crossing from December, its operator said on Monday, after a season of full boats."),
        "{ not json".to_string(),
        record("Skarn timber mill reopens after flood repairs", "The timber mill at Skarn reopened on Thursday after six weeks of repairs to flood damage, its owner said."),
    ];
    let uri = "/api/articles?name=..%2F..%2Fwire%20batch.jsonl";
    let (status, answer) =
        send(&f.router, post_to(uri, &lines.join("\n"), "application/octet-stream", Some(TOKEN))).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(
        (answer["stored_count"].as_u64(), answer["already_stored_count"].as_u64()),
        (Some(2), Some(0)),
        "{answer}"
    );
    let rejected = answer["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{answer}");
    assert_eq!(rejected[0]["record"], "record 1", "{answer}");
    let (_, found) = get(&f.router, "/api/search?q=%22timber%20mill%22").await;
    assert_eq!(found["total"], 1, "the file's last record is stored too: {found}");
    let outside: Vec<_> = std::fs::read_dir(f._data.path().parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains("wire"))
        .collect();
    assert!(outside.is_empty(), "nothing written beside the data directory");
    let left: Vec<_> = std::fs::read_dir(f._data.path().join("incoming")).unwrap().collect();
    assert!(left.is_empty(), "the posted file is removed once ingested");
    assert_error(
        &send(&f.router, post_to("/api/articles?name=batch", &lines[0], "application/octet-stream", Some(TOKEN))).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
}
