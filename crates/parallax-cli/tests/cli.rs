//! End-to-end tests of the `parallax` binary: the sample corpus, idempotent
//! re-ingest, bad input, a process killed mid-ingest, broken pipes, seeds.

use flate2::{write::GzEncoder, Compression};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::{parallax, run, shared};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn ingest_json(data: &Path, paths: &[&Path], extra: &[&str]) -> (Value, String) {
    let output = run(parallax(data).arg("ingest").arg("--json").args(extra).args(paths));
    let summary = serde_json::from_slice(&output.stdout).expect("summary is JSON");
    (summary, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Every stored article, in store order, without the ingest time.
fn dump(data: &Path) -> Vec<Value> {
    let output = run(parallax(data).args(["articles", "--json"]));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut article: Value = serde_json::from_str(line).unwrap();
            article.as_object_mut().unwrap().remove("ingested_at");
            article
        })
        .collect()
}

#[test]
fn sample_corpus_twice_stores_nothing_the_second_time() {
    let data = tempfile::tempdir().unwrap();
    let (first, _) = ingest_json(data.path(), &[&corpus()], &[]);
    assert_eq!(first["read"], 40, "{first}");
    assert_eq!(first["stored"], 40, "{first}");
    assert_eq!(first["rejected"], 0, "{first}");
    let (second, _) = ingest_json(data.path(), &[&corpus()], &[]);
    assert_eq!(second["stored"], 0, "{second}");
    assert_eq!(second["already_stored"], 40, "{second}");
    let text = run(parallax(data.path()).arg("ingest").arg(corpus()));
    assert!(String::from_utf8_lossy(&text.stdout).contains("stored 0, already stored 40"));
}

#[test]
fn sample_corpus_articles_are_clean() {
    let data = tempfile::tempdir().unwrap();
    ingest_json(data.path(), &[&corpus()], &[]);
    let articles = dump(data.path());
    let outlets: std::collections::BTreeSet<&str> = articles.iter().filter_map(|a| a["outlet"].as_str()).collect();
    assert_eq!(outlets.len(), 8, "{outlets:?}");
    let formats: std::collections::BTreeSet<&str> =
        articles.iter().map(|a| a["provenance"]["format"].as_str().unwrap()).collect();
    assert_eq!(formats.len(), 6, "{formats:?}");
    let inferred: Vec<&Value> = articles.iter().filter(|a| a["title_inferred"] == true).collect();
    assert_eq!(inferred.len(), 1);
    for article in &articles {
        for paragraph in article["paragraphs"].as_array().unwrap() {
            let text = paragraph["text"].as_str().unwrap();
            for furniture in
                ["Leave a Reply", "Share this", "Sign up for", "Recommendations", "Advertisement", "comment"]
            {
                assert!(!text.contains(furniture), "furniture {furniture:?} left in {}: {text}", article["title"]);
            }
        }
    }
}

#[test]
fn article_and_articles_commands_show_what_was_stored() {
    let data = tempfile::tempdir().unwrap();
    ingest_json(data.path(), &[&corpus()], &[]);
    let table = String::from_utf8(run(parallax(data.path()).arg("articles")).stdout).unwrap();
    assert_eq!(table.lines().count(), 41);
    assert!(table.starts_with("ID"));
    let first = &dump(data.path())[0];
    let id = first["id"].as_str().unwrap();
    let shown = String::from_utf8(run(parallax(data.path()).args(["article", &id[..8]])).stdout).unwrap();
    assert!(shown.starts_with(first["title"].as_str().unwrap()));
    let json: Value =
        serde_json::from_slice(&run(parallax(data.path()).args(["article", id, "--json"])).stdout).unwrap();
    assert_eq!(json["id"], id);
    let missing = parallax(data.path()).args(["article", "ffffffffffffffff"]).output().unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no article with id"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const GOOD_TEXT: &str = "Ferry Service Resumes\n\nThe ferry between Calder and the islands resumed on Friday after a week of repairs to the pier, the operator said.\n";

#[test]
fn bad_input_is_reported_and_good_input_is_kept() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let dir = input.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    write("good.txt", GOOD_TEXT.as_bytes());
    write("good.html", b"<html><body><article><h1>Pier Repaired</h1><p>Workers finished repairing the Calder pier on Thursday, two days ahead of schedule, the harbour board said in a statement.</p><p>Ferries will use the repaired berth from Monday morning.</p></article></body></html>");
    write("good.json", br#"{"title": "Tram Fares Rise", "text": "Tram fares in Northfield will rise by ten percent in June, the transport authority said on Monday."}"#);
    let mut slightly_invalid = GOOD_TEXT.as_bytes().to_vec();
    slightly_invalid
        .extend_from_slice(b"\nA caf\xe9 on the pier reopened as well, serving the first passengers of the day.\n");
    write("latin1.txt", &slightly_invalid);
    write("binary.txt", &[0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0, 0, 0xff, 0xfe]);
    write("mostly-invalid.txt", &[0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0xfd, b'o', b'k', 0xe2, 0x28, 0xa1]);
    write("empty.txt", b"");
    let truncated = gzip(GOOD_TEXT.repeat(50).as_bytes());
    write("truncated.html.gz", &truncated[..truncated.len() / 2]);
    write("broken.xml", b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>X</title><item><title>Y</ti");
    write("wrong-types.json", br#"{"title": ["not", "a", "string"], "text": 42}"#);
    write("lines.jsonl", b"{\"title\": \"Good Line\", \"text\": \"The harbour board met on Friday to approve the new ferry timetable for the summer.\"}\n{not json}\n");
    write("huge.txt", "Huge Page\n\nword ".repeat(2_000).as_bytes());
    write("broken.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ntruncated body");
    let (summary, stderr) = ingest_json(data.path(), &[dir], &["--max-file-bytes", "8192"]);
    let expect_reported = [
        ("binary.txt", "binary"),
        ("mostly-invalid.txt", "mostly invalid UTF-8"),
        ("empty.txt", "empty file"),
        ("truncated.html.gz", "truncated or corrupt gzip"),
        ("broken.xml", "malformed RSS/Atom feed"),
        ("wrong-types.json", "field `title` is an array"),
        ("lines.jsonl (record 1)", "malformed JSON"),
        ("huge.txt", "larger than the size cap of 8192 bytes"),
        ("broken.warc", "broken WARC record"),
        ("latin1.txt", "invalid UTF-8 decoded lossily"),
    ];
    for (file, reason) in expect_reported {
        let line = stderr.lines().find(|l| l.contains(file));
        assert!(line.is_some_and(|l| l.contains(reason)), "no line for {file} with {reason:?} in:\n{stderr}");
    }
    assert_eq!(summary["stored"], 5, "{summary}\n{stderr}");
    assert_eq!(summary["rejected"], 9, "{summary}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unreadable_path_on_the_command_line_fails() {
    let data = tempfile::tempdir().unwrap();
    let output = parallax(data.path()).args(["ingest", "/nonexistent/parallax/input"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read /nonexistent/parallax/input"), "{stderr}");
    assert_eq!(stderr.matches("No such file").count(), 1, "the cause is given once: {stderr}");
}

#[test]
fn a_second_writer_is_refused_while_the_first_runs() {
    let data = tempfile::tempdir().unwrap();
    let mut first = parallax(data.path())
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let holder = format!("process {}", first.id());
    let lock = data.path().join("writer.lock");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(&lock).is_ok_and(|text| text.contains(&holder)) {
        assert!(Instant::now() < deadline, "the first ingest never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    let refused = parallax(data.path()).arg("ingest").arg(corpus()).output().unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(stderr.contains("another parallax process is writing") && stderr.contains(&holder), "{stderr}");
    first.stdin.take().unwrap().write_all(b"Harbour Board Meets\n\nThe Calder harbour board met on Monday.\n").unwrap();
    assert!(first.wait().unwrap().success());
    let (summary, stderr) = ingest_json(data.path(), &[&corpus()], &[]);
    assert!(summary["stored"].as_u64().unwrap() > 0, "the lock is free once the first is done: {summary}\n{stderr}");
}

#[test]
fn stdin_is_read_with_dash() {
    let data = tempfile::tempdir().unwrap();
    let mut child = parallax(data.path())
        .args(["ingest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(GOOD_TEXT.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["stored"], 1);
}

#[test]
fn closed_stdout_exits_quietly() {
    let data = tempfile::tempdir().unwrap();
    ingest_json(data.path(), &[&corpus()], &[]);
    for args in [&["articles", "--json"][..], &["articles"][..]] {
        let mut child = parallax(data.path()).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    }
}

/// A corpus big enough that an ingest takes a while: JSON lines and text files.
fn large_corpus(dir: &Path, records: usize) {
    let mut lines = String::new();
    for index in 0..records {
        let text = format!(
            "Record {index} of the durability corpus. The harbour board of Calder met on day {} to discuss berth {}, and the union sent {} delegates.\nThe meeting ended without agreement, officials said, and will resume next week.",
            index % 365,
            index % 97,
            index % 13
        );
        lines.push_str(
            &serde_json::json!({"title": format!("Harbour Board Meeting {index}"), "text": text}).to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(dir.join("stream.jsonl"), lines).unwrap();
    let texts = dir.join("texts");
    std::fs::create_dir(&texts).unwrap();
    for index in 0..records / 10 {
        std::fs::write(
            texts.join(format!("{index:05}.txt")),
            format!("Pier Note {index}\n\n{GOOD_TEXT}\nNote number {index}.\n"),
        )
        .unwrap();
    }
}

#[test]
fn killed_ingest_resumes_to_the_same_store() {
    let input = tempfile::tempdir().unwrap();
    large_corpus(input.path(), 6_000);
    let reference = tempfile::tempdir().unwrap();
    let started = Instant::now();
    ingest_json(reference.path(), &[input.path()], &["--batch-size", "64"]);
    let full_run = started.elapsed();
    let expected = dump(reference.path());
    assert_eq!(expected.len(), 6_600);

    let interrupted = tempfile::tempdir().unwrap();
    let mut stored_after_kills = Vec::new();
    for fraction in [0.05, 0.2, 0.45, 0.7, 0.9] {
        let mut child = parallax(interrupted.path())
            .args(["ingest", "--batch-size", "64"])
            .arg(input.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_run.mul_f64(fraction).max(Duration::from_millis(20)));
        child.kill().unwrap();
        child.wait().unwrap();
        // A kill may land before the store file exists, or after it exists
        // and before its schema is committed: nothing is stored then.
        if let Ok(store) = parallax_store::SqliteStore::open_read_only(interrupted.path()) {
            stored_after_kills.push(store.article_count().unwrap_or(0));
        }
    }
    eprintln!("articles stored after each kill: {stored_after_kills:?} of {}", expected.len());
    let partial = stored_after_kills.iter().filter(|n| **n > 0 && (**n as usize) < expected.len()).count();
    assert!(partial >= 2, "too few kills landed mid-ingest: stored counts after kills {stored_after_kills:?}");
    // Snapshots of the dedup and clustering state are saved mid-run (at
    // 2,048 and 4,096 articles here), so the resumed run may start from one.
    let snapshot = interrupted.path().join(parallax_pipeline::SNAPSHOT_FILE);
    eprintln!("a snapshot was left by the killed runs: {}", snapshot.exists());
    let (summary, _) = ingest_json(interrupted.path(), &[input.path()], &["--batch-size", "64"]);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(dump(interrupted.path()), expected, "store differs from an uninterrupted run");
    let stories = |data: &Path| run(parallax(data).args(["stories", "--json"])).stdout;
    assert_eq!(stories(interrupted.path()), stories(reference.path()), "stories differ from an uninterrupted run");
    let store = parallax_store::SqliteStore::open(interrupted.path()).unwrap();
    assert!(store.integrity_ok().unwrap());
}

#[test]
fn seeds_ingest_into_five_articles() {
    let Some(seeds) = shared("seeds", "expected.json", "seed ingest not checked") else { return };
    let data = tempfile::tempdir().unwrap();
    let (summary, stderr) = ingest_json(data.path(), &[&seeds], &[]);
    assert_eq!(summary["stored"], 5, "{summary}");
    assert!(stderr.contains("expected.json"), "the label file is reported, not stored: {stderr}");
    let articles = dump(data.path());
    let inferred: Vec<&Value> = articles.iter().filter(|a| a["title_inferred"] == true).collect();
    assert_eq!(inferred.len(), 1);
}

#[test]
fn exported_json_lines_ingest_back_to_the_same_articles() {
    let first = tempfile::tempdir().unwrap();
    ingest_json(first.path(), &[&corpus()], &[]);
    let exported = run(parallax(first.path()).args(["articles", "--json"])).stdout;
    let second = tempfile::tempdir().unwrap();
    let mut child = parallax(second.path())
        .args(["ingest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&exported).unwrap();
    let summary: Value = serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(summary["stored"], 40, "{summary}");
    let strip = |articles: Vec<Value>| -> Vec<(Value, Value, Value, Value)> {
        articles
            .into_iter()
            .map(|a| {
                (a["id"].clone(), a["title"].clone(), a["paragraphs"].clone(), a["published"]["precision"].clone())
            })
            .collect()
    };
    assert_eq!(strip(dump(second.path())), strip(dump(first.path())));
}

fn f1_row(table: &str, system: &str) -> (f64, f64) {
    let row = table.lines().find(|l| l.starts_with(system)).unwrap_or_else(|| panic!("no {system} row in:\n{table}"));
    let numbers: Vec<f64> = row.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (numbers[0], numbers[2])
}

#[test]
fn eval_extract_scores_a_benchmark_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("html")).unwrap();
    std::fs::create_dir_all(dir.path().join("reference-outputs")).unwrap();
    let body = "Workers finished repairing the Calder pier on Thursday, two days ahead of schedule, the harbour board said.\n\nFerries will use the repaired berth from Monday morning, and the old timetable returns in June.";
    let html = format!("<html><body><nav><a href=\"/\">Home</a></nav><article><h1>Pier Repaired</h1>{}</article><footer>© 2025 The Harbour Gazette</footer></body></html>",
        body.split("\n\n").map(|p| format!("<p>{p}</p>")).collect::<String>());
    std::fs::write(dir.path().join("html/page1.html.gz"), gzip(html.as_bytes())).unwrap();
    let truth = serde_json::json!({"page1": {"articleBody": body, "url": "https://harbourgazette.example/pier"}});
    std::fs::write(dir.path().join("ground-truth.json"), truth.to_string()).unwrap();
    let half = serde_json::json!({"output": {"page1": {"articleBody": body.split("\n\n").next().unwrap()}}});
    std::fs::write(dir.path().join("reference-outputs/halfway.json"), half.to_string()).unwrap();
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["eval", "extract", "--resamples", "20"])
        .arg(dir.path()));
    let table = String::from_utf8(output.stdout).unwrap();
    assert_eq!(f1_row(&table, "parallax"), (1.0, 1.0), "{table}");
    let (f1, precision) = f1_row(&table, "halfway");
    assert!(f1 < 0.8 && precision == 1.0, "{table}");
}

#[test]
fn extraction_quality_on_the_public_benchmark() {
    let Some(dir) = shared("data/extraction", "ground-truth.json", "extraction quality not checked") else { return };
    let output =
        run(Command::new(env!("CARGO_BIN_EXE_parallax")).args(["eval", "extract", "--resamples", "20"]).arg(&dir));
    let table = String::from_utf8(output.stdout).unwrap();
    let (f1, precision) = f1_row(&table, "parallax");
    assert!(f1 >= 0.975 && precision >= 0.97, "extraction regressed:\n{table}");
    let (best_other, _) = f1_row(&table, "rs_trafilatura");
    assert!(f1 > best_other, "{table}");
}

/// (original outlet, original title, copy outlet, kind) for every group.
fn duplicate_groups(data: &Path) -> Vec<(String, String, String, String)> {
    let output = run(parallax(data).args(["duplicates", "--json"]));
    let mut groups: Vec<(String, String, String, String)> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .flat_map(|line| {
            let group: Value = serde_json::from_str(line).unwrap();
            let original = group["original"].clone();
            group["copies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|copy| {
                    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
                    (text(&original["outlet"]), text(&original["title"]), text(&copy["outlet"]), text(&copy["kind"]))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn planted_syndicated_copies_are_found_and_nothing_else() {
    let data = tempfile::tempdir().unwrap();
    let (summary, _) = ingest_json(data.path(), &[&corpus()], &[]);
    assert_eq!(summary["duplicates"], 2, "{summary}");
    let groups = duplicate_groups(data.path());
    let wire = "meridianwire.example".to_string();
    assert_eq!(
        groups,
        vec![
            (
                wire.clone(),
                "Calder port strike strands 38 ships as pay talks fail".into(),
                "Coastline Post".into(),
                "exact".into()
            ),
            (wire, "Rescuers free 19 of 23 trapped Dravon miners".into(), "Coastline Post".into(), "near".into()),
        ]
    );
}

#[test]
fn duplicates_are_the_same_when_the_corpus_arrives_in_two_runs() {
    let whole = tempfile::tempdir().unwrap();
    ingest_json(whole.path(), &[&corpus()], &[]);
    let split = tempfile::tempdir().unwrap();
    ingest_json(split.path(), &[&corpus().join("coastline-post")], &[]);
    ingest_json(split.path(), &[&corpus()], &[]);
    assert_eq!(duplicate_groups(split.path()), duplicate_groups(whole.path()));
}

/// Groups ids by label, as sorted lists of sorted ids: two clusterings are
/// the same partition when these are equal.
fn partition(labels: &[(String, String)]) -> Vec<Vec<String>> {
    let mut groups: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for (id, label) in labels {
        groups.entry(label).or_default().push(id.clone());
    }
    let mut parts: Vec<Vec<String>> = groups
        .into_values()
        .map(|mut ids| {
            ids.sort();
            ids
        })
        .collect();
    parts.sort();
    parts
}

/// Gold (article id, story) and (article id, storyline) for the stored
/// corpus, and a JSON-lines stream of it for `parallax cluster`.
/// (article id, label) pairs.
type Labels = Vec<(String, String)>;

fn corpus_gold(data: &Path) -> (Labels, Labels, String) {
    let gold: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/stories.json"))
            .unwrap(),
    )
    .unwrap();
    let mut lines = String::new();
    let (mut gold_stories, mut gold_storylines) = (Vec::new(), Vec::new());
    for article in dump(data) {
        let body: Vec<&str> =
            article["paragraphs"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
        let entry = gold
            .iter()
            .find(|g| {
                g["outlet"] == article["outlet"]
                    && (g["title"] == article["title"] || body[0].starts_with(g["first_words"].as_str().unwrap()))
            })
            .unwrap_or_else(|| panic!("no gold entry for {}", article["title"]));
        let id = article["id"].as_str().unwrap().to_string();
        gold_stories.push((id.clone(), entry["story"].as_str().unwrap().to_string()));
        gold_storylines.push((id.clone(), entry["storyline"].as_str().unwrap().to_string()));
        let published = article["published"]["at"].as_str().or(article["published"]["date"].as_str());
        let record =
            serde_json::json!({"id": id, "title": article["title"], "text": body.join("\n"), "published": published});
        lines.push_str(&format!("{record}\n"));
    }
    (gold_stories, gold_storylines, lines)
}

#[test]
fn sample_corpus_clusters_into_its_designed_stories_and_storylines() {
    let data = tempfile::tempdir().unwrap();
    ingest_json(data.path(), &[&corpus()], &[]);
    let (gold_stories, gold_storylines, lines) = corpus_gold(data.path());
    let file = data.path().join("corpus.jsonl");
    std::fs::write(&file, lines).unwrap();
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).arg("cluster").arg(&file));
    let (mut stories, mut storylines) = (Vec::new(), Vec::new());
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        stories.push((fields[0].to_string(), fields[1].to_string()));
        storylines.push((fields[0].to_string(), fields[2].to_string()));
    }
    assert_eq!(partition(&stories), partition(&gold_stories), "stories");
    assert_eq!(partition(&storylines), partition(&gold_storylines), "storylines");
}

#[test]
fn stored_stories_of_the_corpus_match_its_design() {
    let data = tempfile::tempdir().unwrap();
    ingest_json(data.path(), &[&corpus()], &[]);
    let (gold_stories, gold_storylines, _) = corpus_gold(data.path());
    let output = run(parallax(data.path()).args(["stories", "--json"]));
    let (mut stories, mut storylines) = (Vec::new(), Vec::new());
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let story: Value = serde_json::from_str(line).unwrap();
        assert!(story["copies_folded"].as_u64().unwrap() <= 1);
        for article in story["articles"].as_array().unwrap() {
            let id = article["id"].as_str().unwrap().to_string();
            stories.push((id.clone(), story["story"].to_string()));
            storylines.push((id, story["storyline"].to_string()));
        }
    }
    let originals: std::collections::HashSet<&String> = stories.iter().map(|(id, _)| id).collect();
    let keep =
        |gold: &[(String, String)]| gold.iter().filter(|(id, _)| originals.contains(id)).cloned().collect::<Vec<_>>();
    assert_eq!(stories.len(), 38, "40 articles, 2 copies folded");
    assert_eq!(partition(&stories), partition(&keep(&gold_stories)));
    assert_eq!(partition(&storylines), partition(&keep(&gold_storylines)));
    let text = String::from_utf8(run(parallax(data.path()).arg("storylines")).stdout).unwrap();
    assert!(text.contains("3 stories, 16 articles"), "{text}");
}

/// `eval cluster` divides the story recall it lost by how each split
/// event's pieces lie in time, in its table and, unrounded, in its JSON.
#[test]
fn eval_cluster_says_how_the_events_it_split_lie_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labelled.jsonl");
    let strike = "Dockworkers at the Port of Calder walked off the job over pay, the Calder Dockworkers Union said.";
    let lines = [
        // One event reported eight weeks apart: the story window splits it.
        ("a1", strike, Some("2025-03-03"), "strike"),
        ("a2", strike, Some("2025-04-28"), "strike"),
        ("a3", strike, Some("2025-04-28"), "strike"),
        // One event told in words that share nothing, on one day.
        ("b1", "Brennick floods as the Tessaly River bursts its banks.", Some("2025-03-10"), "flood"),
        ("b2", "Orlen Mutual insurers count claims after heavy rain.", Some("2025-03-10"), "flood"),
        // One event, two reports of it undated.
        ("c1", "Veyra grain exporters miss harvest contracts.", Some("2025-05-02"), "grain"),
        ("c2", "Skarn timber mills stockpile pine boards.", None, "grain"),
        ("c3", "Sundline ferries reroute to Hallby harbour.", None, "grain"),
    ];
    let jsonl: Vec<String> = lines
        .iter()
        .map(|(id, text, published, story)| {
            serde_json::json!({"id": id, "text": text, "published": published, "story": story, "storyline": story})
                .to_string()
        })
        .collect();
    std::fs::write(&file, jsonl.join("\n")).unwrap();
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).args(["eval", "cluster"]).arg(&file));
    let table = String::from_utf8(output.stdout).unwrap();
    // Of 8 articles, the strike's miss 2/3 + 1/3 + 1/3, the flood's 1/2
    // each, the grain reports 2/3 each.
    assert!(
        table.contains("0.167 more than 10 days apart (the story window), 0.250 beside an undated story, 0.125 within"),
        "{table}"
    );
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).args(["eval", "cluster", "--json"]).arg(&file));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let lost = &report["story_recall_lost"];
    let near = |value: &Value, expected: f64| (value.as_f64().unwrap() - expected).abs() < 1e-9;
    assert!(near(&lost["apart_in_time"], 1.0 / 6.0) && near(&lost["undated"], 0.25), "{report:#}");
    assert!(near(&lost["within_window"], 0.125) && lost["window_days"] == 10, "{report:#}");
    assert_eq!(report["articles"], 8);
    let bcubed = &report["story"]["bcubed"];
    let recall = bcubed["recall"].as_f64().unwrap();
    assert!((1.0 - recall - (1.0 / 6.0 + 0.25 + 0.125)).abs() < 1e-9, "the losses sum to what recall lost: {report:#}");
    let row = table.lines().find(|line| line.starts_with("story") && line.contains("BCubed")).unwrap();
    assert!(
        row.ends_with(&format!("{:.3}", bcubed["f1"].as_f64().unwrap())),
        "the table rounds the same figure: {row}"
    );
}

/// The seeds' three stories are three flare-ups of one dispute months
/// apart, the case where stories must not merge across the story window
/// however alike they read. Given their events' dates (February, August
/// and November 2025: most captures state none), they stay three stories
/// of one storyline.
#[test]
fn the_seeds_dated_months_apart_stay_three_stories_of_one_storyline() {
    let Some(seeds) = shared("seeds", "expected.json", "dated seed stories not checked") else { return };
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seeds.join("expected.json")).unwrap()).unwrap();
    let groups: Vec<Vec<String>> = expected["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group.as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect())
        .collect();
    assert_eq!(groups.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.jsonl");
    let mut lines = Vec::new();
    for (group, date) in groups.iter().zip(["2025-02-21", "2025-08-09", "2025-11-10"]) {
        for name in group {
            let text = std::fs::read_to_string(seeds.join(name)).unwrap();
            lines.push(serde_json::json!({"id": name, "text": text, "published": date}).to_string());
        }
    }
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).arg("cluster").arg(&file));
    let rows: Vec<Vec<String>> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect();
    let story_of = |name: &str| rows.iter().find(|row| row[0] == name).map(|row| row[1].clone()).unwrap();
    let found: Vec<Vec<String>> =
        groups.iter().map(|group| group.iter().map(|name| story_of(name)).collect()).collect();
    for (group, stories) in groups.iter().zip(&found) {
        assert!(stories.iter().all(|story| story == &stories[0]), "{group:?} is one story: {rows:?}");
    }
    let distinct: std::collections::HashSet<&String> = found.iter().map(|stories| &stories[0]).collect();
    assert_eq!(distinct.len(), 3, "three stories: {rows:?}");
    assert!(rows.iter().all(|row| row[2] == rows[0][2]), "one storyline: {rows:?}");
}

#[test]
fn ecb_plus_clustering_stays_above_its_recorded_level() {
    let Some(file) = shared("data/ecbplus/docs.jsonl", "", "clustering quality not checked") else { return };
    let bcubed_f1s = |extra: &[&str]| {
        let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["eval", "cluster", "--json"])
            .args(extra)
            .arg(&file));
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let f1 = |level: &str| report[level]["bcubed"]["f1"].as_f64().unwrap();
        (f1("story"), f1("storyline"), report)
    };
    // The issue's targets, 0.93 and 0.95, unrounded (0.9328 and 0.9504 so
    // far). The story window splits the follow-ups that ECB+ files under
    // their seminal event months later, so reading more date lines both
    // separates events and splits those; only the follow-ups that name
    // their event's year or month are merged back. Storylines hang on one
    // topic's link (an inmate's escape and a courthouse killer's sentence,
    // near the 0.12 threshold): 0.942 while the escape's follow-ups were a
    // story apart, 0.948 since they merge, 0.950 since a lone report filed
    // in another topic's thread before its own began moves to its own.
    let (story, storyline, report) = bcubed_f1s(&[]);
    assert!(story >= 0.93 && storyline >= 0.95, "clustering regressed:\n{report:#}");
    // At stream scale, every event recurring for a month beside others of
    // its kind: 0.846 and 0.866 so far.
    let (story, storyline, report) = bcubed_f1s(&["--recombine", "20000"]);
    assert_eq!(report["articles"], 20000, "{report:#}");
    assert!(story >= 0.835 && storyline >= 0.855, "clustering at stream scale regressed:\n{report:#}");
}

#[test]
fn analyze_names_the_speakers_and_counted_things_of_a_corpus_article() {
    let file = corpus().join("harbour-gazette/2025-03-03-calder-dockworkers-walk-out-leaving-doze.html");
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).arg("analyze").arg(&file).arg("--json"));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let analysis = &value["analysis"];
    let speakers: Vec<&str> =
        analysis["quotes"].as_array().unwrap().iter().map(|q| q["speaker_name"].as_str().unwrap_or("-")).collect();
    assert_eq!(speakers, vec!["Maren Oduya", "Tobias Wren"]);
    let claims = analysis["claims"].as_array().unwrap();
    assert!(claims.iter().any(|c| c["value"] == 4200.0 && c["hedge"] == "about" && c["counts"] == "dockworkers"));
    assert!(claims.iter().any(|c| c["value"] == 9.0 && c["unit"] == "percent"));
    let missing = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["--data", "/nonexistent", "analyze", "nope"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("neither a file nor a stored id"));
}

/// The analyser against the hand annotations of the sample corpus, at the
/// levels the analysis issue asks for.
#[test]
fn eval_analyze_meets_its_targets_on_the_annotated_corpus() {
    let gold = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/analysis.json");
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["eval", "analyze"])
        .arg(corpus())
        .arg("--gold")
        .arg(&gold)
        .arg("--json"));
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ratio = |kind: &str, part: &str, whole: &str| {
        scores[kind][part].as_f64().unwrap() / scores[kind][whole].as_f64().unwrap().max(1.0)
    };
    assert!(scores["quotes"]["gold"].as_u64().unwrap() >= 30, "{scores}");
    assert!(scores["claims"]["gold"].as_u64().unwrap() >= 40, "{scores}");
    assert!(ratio("quotes", "correct", "predicted") >= 0.95, "{scores}");
    assert!(ratio("quotes", "correct", "gold") >= 0.90, "{scores}");
    for kind in ["claims", "entities", "dates"] {
        assert!(ratio(kind, "correct", "predicted") >= 0.90, "{kind}: {scores}");
        assert!(ratio(kind, "correct", "gold") >= 0.90, "{kind}: {scores}");
    }
}

#[test]
fn bench_analyze_reports_rates_and_memory() {
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["bench", "analyze", "--articles", "200", "--runs", "1", "--json", "--corpus"])
        .arg(corpus()));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["distinct_articles"], 40);
    assert!(report["articles_per_second_one_core"].as_f64().unwrap() > 0.0);
    assert!(report["peak_rss_mib"].as_f64().unwrap() > 0.0);
}

/// `extract` reads a plain-text capture as `ingest` does (headline, date
/// line, byline, debris out), not as an HTML page of one paragraph.
#[test]
fn extract_reads_a_plain_text_capture_as_a_capture() {
    let file = corpus().join("lantern-review/2025-03-04-the-calder-walkout-is-a-gamble-the-port-.txt");
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).arg("extract").arg(&file).arg("--json"));
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["title"], "The Calder Walkout Is a Gamble the Port Cannot Afford");
    assert_eq!(article["published"], "2025-03-04");
    assert_eq!(article["byline"], "Edwin Sarto");
    let paragraphs = article["paragraphs"].as_array().unwrap();
    assert!(paragraphs.len() >= 4, "{article}");
    assert!(paragraphs.iter().all(|p| !p["text"].as_str().unwrap().contains("Save my name")), "{article}");
}

/// `extract --explain` shows how each kind of input was read: a page's text
/// blocks and chosen container, a capture's lines and their roles.
#[test]
fn extract_explains_a_capture_by_its_lines_and_a_page_by_its_blocks() {
    let explain = |file: &Path| {
        let output = run(Command::new(env!("CARGO_BIN_EXE_parallax")).arg("extract").arg("--explain").arg(file));
        String::from_utf8(output.stdout).unwrap()
    };
    let capture = explain(&corpus().join("lantern-review/2025-03-04-the-calder-walkout-is-a-gamble-the-port-.txt"));
    assert!(capture.starts_with("plain-text capture, "), "{capture}");
    assert!(
        capture.lines().any(|line| line.starts_with("+ title ") && line.contains("The Calder Walkout")),
        "{capture}"
    );
    assert!(capture.lines().any(|line| line.starts_with("  byline ") && line.contains("Edwin Sarto")), "{capture}");
    assert!(capture.lines().any(|line| line.starts_with("  debris ") && line.contains("Save my name")), "{capture}");
    assert!(capture.lines().filter(|line| line.starts_with("+ body ")).count() >= 4, "{capture}");
    let page = explain(&corpus().join("harbour-gazette/2025-03-03-calder-dockworkers-walk-out-leaving-doze.html"));
    assert!(page.starts_with("container <div class=\"article-body\""), "{page}");
    assert!(page.lines().any(|line| line.starts_with("+ p ") && line.contains("4,200 dockworkers")), "{page}");
}

/// The cluster bench's stream is designed story by story, each cut from one
/// document and given its own names and figures: the stories found should
/// be those, and the planted copies found.
#[test]
fn bench_cluster_finds_the_designed_stories_and_the_planted_copies() {
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["bench", "cluster", "--articles", "4000", "--ecbplus", "no-such-file.jsonl", "--corpus"])
        .arg(corpus()));
    let report = String::from_utf8(output.stdout).unwrap();
    let figure = |before: &str| -> f64 {
        let at = report.find(before).unwrap_or_else(|| panic!("no {before:?} in {report}")) + before.len();
        report[at..].split(|c: char| !c.is_ascii_digit() && c != '.').next().unwrap().parse().unwrap()
    };
    assert_eq!(figure("stories for "), 500.0, "{report}");
    assert!(figure("F1 ") >= 0.9, "{report}");
    assert!(figure("(recall ") >= 0.95, "{report}");
    assert!(figure("peak memory ") > 0.0, "{report}");
}

/// The follow bench fails when the caught-up catalog differs from the one
/// rebuilt whole, so a run that ends well is a check as well as a figure.
#[test]
fn bench_follow_catches_up_to_the_rebuilt_catalog() {
    let output = run(Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["bench", "follow", "--articles", "400", "--batch", "40", "--rounds", "3"])
        .args(["--ecbplus", "no-such-file.jsonl", "--corpus"])
        .arg(corpus()));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("a store of 400 articles, then 3 commits of 40"), "{report}");
    assert!(report.contains("caught up: median"), "{report}");
    assert!(report.contains("writer reopened in"), "{report}");
}
