//! A real browser over a real socket: the server runs on a loopback port,
//! headless Chromium (Debian's `chromium`, installed by .ci/run) loads the
//! sample corpus's story page (outlets side by side, the timeline chart)
//! and takes a screenshot; an article posted through the API with script
//! and image-handler payloads is loaded and nothing in it runs. Skipped,
//! saying so, when Chromium is absent outside CI.

use parallax_server::{router, AppState, ServerConfig};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

const TOKEN: &str = "browser-token";

fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "chromium is missing on CI: .ci/run installs it");
        eprintln!("SKIPPED: no chromium on this machine; the browser test did not run");
    }
    found
}

/// Starts the server on a free loopback port in its own runtime thread.
fn start_server(data: &Path) -> SocketAddr {
    let state = AppState::open(ServerConfig::new(data, Some(TOKEN.into()))).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, router(state)).await.unwrap();
        });
    });
    address
}

/// One HTTP/1.1 request over a plain socket; the status and body.
fn http(address: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn headless(chromium: &Path, args: &[&str]) -> String {
    let output = Command::new("timeout")
        .arg("90")
        .arg(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"])
        .args(args)
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_browser_shows_the_story_side_by_side_and_runs_nothing_from_articles() {
    let Some(chromium) = chromium() else { return };
    let data = tempfile::tempdir().unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    parallax_pipeline::PipelineConfig::new(data.path()).build().unwrap().ingest(&[corpus], &mut |_| {}).unwrap();
    let address = start_server(data.path());

    let (status, list) = http(address, "GET", "/api/stories?q=%224%2C500%22", &[], "");
    assert_eq!(status, 200, "{list}");
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let story = list["stories"][0]["id"].as_u64().unwrap();
    let url = format!("http://{address}/stories/{story}");
    let dom = headless(&chromium, &["--dump-dom", &url]);
    assert!(dom.contains("class=\"outlets\""), "no outlets side by side in {dom}");
    assert!(dom.matches("class=\"outlet\"").count() >= 5, "the outlets of the story are not all shown");
    assert!(dom.contains("<svg class=\"timeline\""), "no timeline chart");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("story.png");
    let _ = std::fs::remove_file(&shot);
    headless(&chromium, &["--window-size=1280,1800", &format!("--screenshot={}", shot.display()), &url]);
    assert!(std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0) > 10_000, "no screenshot at {}", shot.display());

    let payload = serde_json::json!({
        "title": "Harbour notice posted <script>document.title='pwned'</script>",
        "outlet": "Tidewater Echo",
        "text": "The harbour office posted <script>document.body.setAttribute('data-xss','script')</script> and <img src=x onerror=\"document.body.setAttribute('data-xss','img')\"> on its notice board on Monday, a spokesman said.",
    })
    .to_string();
    let auth = format!("Bearer {TOKEN}");
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let (status, stored) = http(address, "POST", "/api/articles", &headers, &payload);
    assert_eq!(status, 201, "{stored}");
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let article_url = format!("http://{address}/articles/{}", stored["id"].as_str().unwrap());
    let dom = headless(&chromium, &["--dump-dom", &article_url]);
    assert!(dom.contains("<body>") && !dom.contains("<body data-xss"), "a payload ran: {dom}");
    assert!(!dom.contains("<title>pwned"), "a payload ran: {dom}");
    assert!(dom.contains("&lt;script&gt;document.body.setAttribute"), "the script text is not shown literally");
    assert!(dom.contains("&lt;img src=x onerror="), "the image tag is not shown literally");
    let story_of_post = stored["story"].as_u64().unwrap();
    let dom = headless(&chromium, &["--dump-dom", &format!("http://{address}/stories/{story_of_post}")]);
    assert!(!dom.contains("<body data-xss") && dom.contains("Tidewater Echo"));
}
