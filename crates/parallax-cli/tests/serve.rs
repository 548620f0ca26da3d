//! `parallax serve` beside `parallax ingest`, as two processes over one data
//! directory: the server follows what the ingest commits, refuses posts
//! while the ingest holds the writer lock, and takes posts once it is done;
//! after a quiet spell it leaves the lock to a later ingest, follows that
//! one too, and opens the writer again for the next post. An ingest told
//! to `--wait` starts once another ingest lets the lock go; one told to
//! post to the server (`--server`) sends it whole files.
//! Real processes, a real port on loopback, plain HTTP over `TcpStream`.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::parallax;

const TOKEN: &str = "two-process-test";

/// A server process, killed when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `parallax serve` on a free port and reads the address it names.
fn start_server(data: &Path) -> Server {
    let mut child = parallax(data)
        .args(["serve", "--listen", "127.0.0.1:0", "--token", TOKEN, "--release-writer-after", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    let address = loop {
        let start = said.len();
        if stderr.read_line(&mut said).unwrap() == 0 {
            panic!("the server ended without naming its address: {said}");
        }
        let line = said[start..].trim();
        if line.starts_with("parallax: serving") {
            break line.rsplit("http://").next().and_then(|a| a.parse().ok()).expect("an address");
        }
    };
    // Drain the rest, so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Server { child, address }
}

/// One HTTP/1.0 exchange (the server closes and sends no chunks): the
/// status and the body as JSON.
fn http(address: SocketAddr, request_line: &str, headers: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(address).unwrap();
    let request = format!("{request_line} HTTP/1.0\r\n{headers}Content-Length: {}\r\n\r\n{body}", body.len());
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no HTTP response: {response:?}"));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn story_titles(address: SocketAddr) -> Vec<String> {
    let (status, listing) = http(address, "GET /api/stories", "", "");
    assert_eq!(status, 200, "{listing}");
    let stories = listing["stories"].as_array().unwrap_or_else(|| panic!("no stories field: {listing}"));
    stories.iter().map(|story| story["title"].as_str().unwrap_or_default().to_string()).collect()
}

fn post(address: SocketAddr, text: &str) -> (u16, Value) {
    let headers = format!("Authorization: Bearer {TOKEN}\r\nContent-Type: text/plain\r\n");
    http(address, "POST /api/articles", &headers, text)
}

/// Polls `check` until it holds, for at most a minute.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

const INGESTED: &str = "Calder Harbour Board Approves New Pier\n\nThe Calder harbour board approved a new pier on Monday after two years of debate, its chair said.\n";
const LATER: &str = "Old Calder Lighthouse Reopens To Visitors\n\nThe old lighthouse at Calder point reopened to visitors on Saturday after a year of restoration, the trust said.\n";
const REOPENED: &str =
    "Orlen Bakery Wins Regional Prize\n\nA bakery in Orlen won the regional bread prize on Sunday, the judges said.\n";
const POSTED: &str = "Ferry Timetable Extended For Winter\n\nThe Calder ferry will run two more crossings a day from December, the operator said on Tuesday.\n";

#[test]
fn a_server_follows_an_ingest_in_another_process_then_takes_posts() {
    let data = tempfile::tempdir().unwrap();
    let (mut ingest, holder) = ingest_holding_the_lock(data.path());

    let server = start_server(data.path());
    assert!(story_titles(server.address).is_empty(), "nothing is stored yet");
    let (status, refusal) = post(server.address, POSTED);
    assert_eq!(status, 503, "the ingest holds the writer: {refusal}");
    assert_eq!(refusal["code"], "writer_busy", "{refusal}");
    assert!(refusal["message"].as_str().unwrap().contains(&holder), "{refusal}");

    ingest.stdin.take().unwrap().write_all(INGESTED.as_bytes()).unwrap();
    assert!(ingest.wait().unwrap().success());
    eventually("the server lists what the other process stored", || {
        story_titles(server.address).iter().any(|t| t.contains("New Pier"))
    });

    let mut accepted = Value::Null;
    eventually("the server takes the writer over and stores a post", || {
        let (status, body) = post(server.address, POSTED);
        accepted = body;
        status == 201
    });
    assert!(accepted["id"].is_string() && accepted["story"].is_u64(), "{accepted}");
    let titles = story_titles(server.address);
    assert!(titles.iter().any(|t| t.contains("New Pier")) && titles.iter().any(|t| t.contains("Ferry")), "{titles:?}");

    let later = data.path().join("later.txt");
    std::fs::write(&later, LATER).unwrap();
    eventually("the resting server leaves the lock to another ingest", || {
        parallax(data.path()).arg("ingest").arg(&later).output().unwrap().status.success()
    });
    eventually("the server lists what the later ingest stored", || {
        story_titles(server.address).iter().any(|t| t.contains("Lighthouse"))
    });
    let (status, reopened) = post(server.address, REOPENED);
    assert_eq!(status, 201, "a post opens the writer again: {reopened}");
    assert_eq!(story_titles(server.address).len(), 4);
}

/// Starts `parallax ingest -` and returns it once it holds the writer lock,
/// with its stdin open (it holds the lock until stdin is closed).
fn ingest_holding_the_lock(data: &Path) -> (Child, String) {
    let ingest = parallax(data).args(["ingest", "-"]).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let holder = format!("process {}", ingest.id());
    let lock = data.join("writer.lock");
    eventually("the ingest takes the writer lock", || {
        std::fs::read_to_string(&lock).is_ok_and(|text| text.contains(&holder))
    });
    (ingest, holder)
}

#[test]
fn an_ingest_told_to_wait_starts_once_the_writer_lock_is_free() {
    let data = tempfile::tempdir().unwrap();
    let (mut first, holder) = ingest_holding_the_lock(data.path());
    let later = data.path().join("later.txt");
    std::fs::write(&later, LATER).unwrap();

    let refused = parallax(data.path()).args(["ingest", "--wait", "1"]).arg(&later).output().unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the lock stays held past a one-second wait: {said}");
    assert!(said.contains("waiting for another process") && said.contains(&holder), "{said}");
    assert!(said.contains("another parallax process is writing"), "{said}");

    let mut waiting = parallax(data.path())
        .args(["ingest", "--json", "--wait", "60"])
        .arg(&later)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "it waits while the lock is held");
    first.stdin.take().unwrap().write_all(INGESTED.as_bytes()).unwrap();
    assert!(first.wait().unwrap().success());
    let mut out = String::new();
    waiting.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert!(waiting.wait().unwrap().success(), "{out}");
    let summary: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(summary["stored"], 1, "{summary}");
}

#[test]
fn an_ingest_with_server_posts_its_files_to_the_running_server() {
    let data = tempfile::tempdir().unwrap();
    let server = start_server(data.path());
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("lighthouse.txt"), LATER).unwrap();
    let record = |title: &str, text: &str| serde_json::json!({"title": title, "text": text}).to_string();
    let lines = [
        record(
            "Orlen Bakery Wins Regional Prize",
            "A bakery in Orlen won the regional bread prize on Sunday, the judges said.",
        ),
        "{ not json".to_string(),
        record(
            "Ferry Timetable Extended For Winter",
            "The Calder ferry will run two more crossings a day from December, the operator said on Tuesday.",
        ),
    ];
    std::fs::write(input.path().join("batch.jsonl"), lines.join("\n")).unwrap();
    // Larger than the server takes: refused unread, and the next file (in
    // name order) still goes through.
    std::fs::write(input.path().join("big.jsonl"), vec![b' '; parallax_server::MAX_POST_BYTES + 1]).unwrap();
    let url = format!("http://{}", server.address);
    let send = || {
        parallax(data.path())
            .args(["ingest", "--json", "--server", &url, "--token", TOKEN])
            .arg(input.path())
            .output()
            .unwrap()
    };
    let first = send();
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{said}");
    let summary: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!((summary["stored"].as_u64(), summary["rejected"].as_u64()), (Some(3), Some(2)), "{summary}");
    assert!(said.contains("batch.jsonl (record 1): malformed JSON"), "the bad record is named: {said}");
    assert!(said.contains("big.jsonl: 413"), "the file too large is named: {said}");
    let titles = story_titles(server.address);
    for title in ["Lighthouse", "Bakery", "Ferry"] {
        assert!(titles.iter().any(|t| t.contains(title)), "{title} in {titles:?}");
    }
    let again: Value = serde_json::from_slice(&send().stdout).unwrap();
    assert_eq!((again["stored"].as_u64(), again["already_stored"].as_u64()), (Some(0), Some(3)), "{again}");

    let refused = parallax(data.path())
        .args(["ingest", "--server", &url, "--token", "wrong"])
        .arg(input.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("401"), "a refused token fails the run");
}
