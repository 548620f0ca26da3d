//! `parallax ingest --server URL`: the files given (folders walked, in name
//! order) posted whole, one after another, to a running server's
//! `POST /api/articles?name=`, which ingests each as a local run would read
//! it. For a store another process writes: a server taking posts nonstop
//! (it never frees the writer lock) or one on another machine. Each
//! rejected record is said on stderr with its file; the counts are summed
//! as a local ingest sums them.

use anyhow::{bail, Context};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{header, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use parallax_pipeline::IngestSummary;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where and how to post.
pub struct Remote {
    /// The server's base URL (`http://host:port`).
    pub server: String,
    pub token: Option<String>,
    /// How long to keep trying while the server answers `writer_busy`.
    pub wait: Option<Duration>,
}

/// Posts every file under `paths`; fails on the first error that would
/// fail every file (the server unreachable, the token refused).
pub fn ingest_remote(remote: &Remote, paths: &[PathBuf]) -> anyhow::Result<IngestSummary> {
    let files = files_under(paths)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // A connection per file: a server that refuses a body unread (too
    // large) closes its connection, which a pooled client could reuse.
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(hyper_util::rt::TokioExecutor::new()).pool_max_idle_per_host(0).build_http();
    let mut summary = IngestSummary::default();
    for file in &files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let answer = runtime.block_on(post_waiting(&client, remote, file, bytes))?;
        count(&mut summary, file, answer);
    }
    Ok(summary)
}

/// The files given and those under the folders given, each folder's in
/// name order.
fn files_under(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            bail!("`-` (stdin) cannot be sent with --server: save it to a file, whose name tells its format");
        }
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.with_context(|| format!("reading {}", path.display()))?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// What the server said of one file.
enum Answer {
    /// Stored (201) or already there (200): the server's JSON.
    Taken(Value),
    /// Nothing in it was accepted (422), or the server refused it as a
    /// whole (too large): the reason.
    Refused(String),
}

/// Posts one file, trying again while the server's writer is busy and the
/// wait allows.
async fn post_waiting(
    client: &Client<HttpConnector, Full<Bytes>>,
    remote: &Remote,
    file: &Path,
    bytes: Vec<u8>,
) -> anyhow::Result<Answer> {
    let deadline = remote.wait.map(|wait| Instant::now() + wait);
    let bytes = Bytes::from(bytes);
    loop {
        let (status, body) = post(client, remote, file, bytes.clone())
            .await
            .with_context(|| format!("posting {} to {}", file.display(), remote.server))?;
        let message = || body["message"].as_str().unwrap_or_default().to_string();
        match status {
            StatusCode::OK | StatusCode::CREATED => return Ok(Answer::Taken(body)),
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Answer::Refused(if message().is_empty() { status.to_string() } else { message() }))
            }
            StatusCode::SERVICE_UNAVAILABLE if deadline.is_some_and(|deadline| Instant::now() < deadline) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            _ => bail!("{}: the server answered {status}: {}", file.display(), message()),
        }
    }
}

async fn post(
    client: &Client<HttpConnector, Full<Bytes>>,
    remote: &Remote,
    file: &Path,
    bytes: Bytes,
) -> anyhow::Result<(StatusCode, Value)> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let uri = format!("{}/api/articles?name={name}", remote.server.trim_end_matches('/'));
    let mut request = Request::post(uri.as_str()).header(header::CONTENT_TYPE, "application/octet-stream");
    if let Some(token) = &remote.token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = request.body(Full::new(bytes)).with_context(|| format!("the address {uri:?}"))?;
    let response = client.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
}

/// Adds one file's answer to the run's counts, saying its rejections.
fn count(summary: &mut IngestSummary, file: &Path, answer: Answer) {
    let mut reject = |place: String, kind: &str, reason: &str| {
        eprintln!("{place}: {reason}");
        *summary.rejected_by_reason.entry(kind.to_string()).or_default() += 1;
        summary.rejected += 1;
        summary.read += 1;
    };
    match answer {
        Answer::Refused(reason) => reject(file.display().to_string(), "refused by the server", &reason),
        Answer::Taken(body) => {
            for rejected in body["rejected"].as_array().into_iter().flatten() {
                let place = format!("{} ({})", file.display(), rejected["record"].as_str().unwrap_or("a record"));
                let reason = rejected["reason"].as_str().unwrap_or("rejected");
                reject(place, rejected["kind"].as_str().unwrap_or("rejected"), reason);
            }
            let stored = body["stored_count"].as_u64().unwrap_or(0);
            let already = body["already_stored_count"].as_u64().unwrap_or(0);
            summary.stored += stored;
            summary.already_stored += already;
            summary.read += stored + already;
        }
    }
}
