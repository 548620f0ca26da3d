//! `parallax story` and `parallax storyline` end to end: the sample
//! corpus's planted conflicts, agreements, quote variants and framing, and
//! the seed captures' storyline (read from ../shared/seeds at test time,
//! skipped, saying so, when absent).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{parallax, run, shared};

/// Runs the command, which must succeed, and returns what it printed.
fn stdout(command: &mut Command) -> String {
    String::from_utf8(run(command).stdout).unwrap()
}

fn ingested(path: &Path) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    stdout(parallax(data.path()).arg("ingest").arg(path));
    data
}

/// The id of the story whose listing mentions `title_words`.
fn story_id(data: &Path, title_words: &str) -> u64 {
    stdout(parallax(data).args(["stories", "--json"]))
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|story| {
            story["articles"].as_array().unwrap().iter().any(|a| a["title"].as_str().unwrap().contains(title_words))
        })
        .unwrap_or_else(|| panic!("no story with {title_words:?}"))["story"]
        .as_u64()
        .unwrap()
}

fn view(data: &Path, command: &str, id: u64) -> Value {
    let text = stdout(parallax(data).args([command, &id.to_string(), "--format", "json"]));
    serde_json::from_str::<Value>(&text).unwrap()["view"].clone()
}

fn verdicts<'v>(view: &'v Value, verdict: &str) -> Vec<&'v Value> {
    view["claims"].as_array().unwrap().iter().filter(|g| g["verdict"] == verdict).collect()
}

fn values(group: &Value) -> Vec<f64> {
    let mut values: Vec<f64> =
        group["entries"].as_array().unwrap().iter().map(|e| e["value"].as_f64().unwrap()).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

#[test]
fn the_strike_story_shows_its_planted_conflicts_and_variants() {
    let data = ingested(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus"));
    let strike = view(data.path(), "story", story_id(data.path(), "Grinds to a Halt"));
    let conflicts = verdicts(&strike, "conflict");
    assert!(conflicts.iter().any(|g| values(g) == vec![4200.0, 4500.0]), "{conflicts:#?}");
    let ships = verdicts(&strike, "agreement").into_iter().find(|g| g["counts"] == "ship").expect("38 ships agreed");
    assert!(ships["outlets"].as_u64().unwrap() >= 4);
    let former = strike["context_conflicts"].as_array().unwrap().iter().find(|c| c["kind"] == "former").unwrap();
    assert_eq!(former["claim"]["outlets"], serde_json::json!(["Ridgeway Times"]));
    assert!(former["others"]["outlets"].as_array().unwrap().len() >= 2);
    let oduya = strike["quotes"].as_array().unwrap().iter().find(|q| q["speaker_name"] == "Maren Oduya").unwrap();
    assert!(oduya["variants"].as_array().unwrap().len() >= 2, "{oduya:#}");
    assert_eq!(strike["framing"][0]["outlet"], "The Lantern Review");
    let copies: usize =
        strike["outlets"].as_array().unwrap().iter().map(|o| o["copies"].as_array().unwrap().len()).sum();
    assert_eq!(copies, 1, "the syndicated copy is folded");
}

#[test]
fn counts_of_different_things_are_not_conflicts_and_office_holders_are_checked() {
    let data = ingested(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus"));
    let mine = view(data.path(), "story", story_id(data.path(), "Trapped After Collapse"));
    assert!(verdicts(&mine, "conflict").is_empty(), "{:#}", mine["claims"]);
    let rates = view(data.path(), "story", story_id(data.path(), "Bank of Veyra Raises"));
    let holder = rates["context_conflicts"].as_array().unwrap().iter().find(|c| c["kind"] == "office holder");
    assert_eq!(
        holder.expect("the wrong finance minister")["claim"]["outlets"],
        serde_json::json!(["The Lantern Review"])
    );
    let text =
        stdout(parallax(data.path()).args(["story", &story_id(data.path(), "Bank of Veyra Raises").to_string()]));
    assert!(text.contains("Context contradictions") && text.contains("finance minister"));
    let missing = parallax(data.path()).args(["story", "999"]).output().unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no story 999"));
}

#[test]
fn the_seed_storyline_flags_its_contradictions_and_agrees_on_the_designation() {
    let Some(seeds) = shared("seeds", "expected.json", "the seed storyline view was not checked") else { return };
    let data = ingested(&seeds);
    let lines = stdout(parallax(data.path()).args(["storylines", "--json"]));
    assert_eq!(lines.lines().count(), 1, "the seeds are one storyline");
    let line: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    let storyline = view(data.path(), "storyline", line["storyline"].as_u64().unwrap());
    let conflicts = storyline["context_conflicts"].as_array().unwrap();
    let flagged = |kind: &str, file: &str| {
        conflicts.iter().any(|c| c["kind"] == kind && c["claim"]["outlets"][0].as_str().unwrap().starts_with(file))
    };
    assert!(flagged("former", "002_"), "{conflicts:#?}");
    assert!(flagged("administration", "003_"), "{conflicts:#?}");
    for conflict in conflicts {
        assert!(!conflict["others"]["outlets"].as_array().unwrap().is_empty(), "the other side is shown");
    }
    let designation = verdicts(&storyline, "agreement").into_iter().find(|g| g["counts"] == "cartel").expect("agreed");
    assert_eq!(values(designation), vec![8.0]);
    assert!(verdicts(&storyline, "conflict").iter().all(|g| g["counts"] != "cartel"), "seven and eight are two things");
    let single = storyline["single_outlet"].as_array().unwrap();
    assert_eq!(single.len(), 5, "every capture reports something only it reports");
    assert!(storyline["framing"][0]["outlet"].as_str().unwrap().starts_with("000_"), "{:#}", storyline["framing"]);
    let id = line["storyline"].as_u64().unwrap().to_string();
    let text = stdout(parallax(data.path()).args(["storyline", &id]));
    assert!(text.contains("more (--format json lists all)"), "long lists of one outlet's facts are folded");
    let html = stdout(parallax(data.path()).args(["storyline", &id, "--format", "html"]));
    assert!(html.contains("<details><summary>"), "and folded in the page too");
}

/// The seed files of each story `expected.json` lists.
fn seed_stories(seeds: &Path) -> Vec<Vec<String>> {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(seeds.join("expected.json")).unwrap()).unwrap();
    expected["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group.as_array().unwrap().iter().map(|f| f.to_string()).collect())
        .collect()
}

fn stories_listed(data: &Path) -> Vec<Value> {
    stdout(parallax(data).args(["stories", "--json"])).lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// A story's outlets, sorted: for the seeds, which name none, their files.
fn files_of(story: &Value) -> Vec<String> {
    let mut files: Vec<String> = story["outlets"].as_array().unwrap().iter().map(|o| o.to_string()).collect();
    files.sort();
    files
}

/// The seeds keep their three stories when they arrive after another
/// corpus: its articles change every term's weight (names the seeds all
/// share become rare), which once let the designation and directive
/// reactions join.
#[test]
fn the_seeds_keep_their_three_stories_after_the_sample_corpus() {
    let Some(seeds) = shared("seeds", "expected.json", "the seed stories after the corpus were not checked") else {
        return;
    };
    let data = ingested(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus"));
    stdout(parallax(data.path()).arg("ingest").arg(&seeds));
    let mut wanted = seed_stories(&seeds);
    let seed_files: Vec<&String> = wanted.iter().flatten().collect();
    let mut found: Vec<Vec<String>> = stories_listed(data.path())
        .iter()
        .map(files_of)
        .filter(|files| files.iter().any(|file| seed_files.contains(&file)))
        .collect();
    found.sort();
    wanted.sort();
    assert_eq!(found, wanted, "the seeds' stories among the corpus's");
}

/// The seeds' stories as `expected.json` groups them (reactions to the
/// designation, to the August directive, the November statements), in one
/// storyline whose view lists them in that order.
#[test]
fn the_seeds_are_three_stories_in_order_in_one_storyline() {
    let Some(seeds) = shared("seeds", "expected.json", "the seed stories were not checked") else { return };
    let expected_stories = seed_stories(&seeds);
    let data = ingested(&seeds);
    let listed = stories_listed(data.path());
    let mut found: Vec<Vec<String>> = listed.iter().map(files_of).collect();
    found.sort();
    let mut wanted = expected_stories.clone();
    wanted.sort();
    assert_eq!(found, wanted, "the seeds' stories");
    assert!(listed.iter().all(|s| s["storyline"] == listed[0]["storyline"]), "one storyline");
    let storyline = listed[0]["storyline"].as_u64().unwrap();
    let text = stdout(parallax(data.path()).args(["storyline", &storyline.to_string(), "--format", "json"]));
    let chapters: Vec<u64> = serde_json::from_str::<Value>(&text).unwrap()["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|chapter| {
            let text = chapter.as_str().unwrap();
            let number = text.split("story ").nth(1).and_then(|rest| rest.split(':').next()).unwrap();
            number.parse().unwrap()
        })
        .collect();
    let story_of_file = |file: &String| listed.iter().find(|s| files_of(s).contains(file)).unwrap()["story"].as_u64();
    let in_order: Vec<u64> = expected_stories.iter().map(|group| story_of_file(&group[0]).unwrap()).collect();
    assert_eq!(chapters, in_order, "the storyline runs designation, directive, November");
    let listed: Value = serde_json::from_str(&stdout(parallax(data.path()).args(["storylines", "--json"]))).unwrap();
    let listed: Vec<u64> = listed["stories"].as_array().unwrap().iter().map(|s| s["story"].as_u64().unwrap()).collect();
    assert_eq!(listed, in_order, "`parallax storylines` lists them in the same order");
}

/// The story view against the hand annotations of the sample corpus, at
/// the levels the story view issue asks for.
#[test]
fn eval_compare_meets_its_targets_on_the_annotated_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = stdout(
        Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["eval", "compare"])
            .arg(root.join("examples/corpus"))
            .arg("--gold")
            .arg(root.join("testdata/gold/compare.json"))
            .arg("--json"),
    );
    let scores: Value = serde_json::from_str(&text).unwrap();
    for kind in ["conflicts", "agreements", "quote_variants"] {
        let tally = &scores[kind];
        let (correct, predicted, gold) =
            (tally["correct"].as_f64().unwrap(), tally["predicted"].as_f64().unwrap(), tally["gold"].as_f64().unwrap());
        assert!(gold >= 5.0, "{kind}: too few planted: {scores}");
        assert!(correct / predicted >= 0.9 && correct / gold >= 0.9, "{kind}: {scores}");
    }
}

#[test]
fn the_html_view_is_one_page_with_every_article_text_escaped() {
    let input = tempfile::tempdir().unwrap();
    let payload = "Ferry Crews Strike at Lindqvist\n\nFerry crews at Lindqvist harbour walked out on Monday <script>alert(1)</script> and 600 passengers waited.\n\nThe union said <img src=x onerror=alert(2)> talks would resume on Friday.\n";
    std::fs::write(input.path().join("payload.txt"), payload).unwrap();
    let data = ingested(input.path());
    let id = story_id(data.path(), "Ferry Crews Strike");
    let html = stdout(parallax(data.path()).args(["story", &id.to_string(), "--format", "html"]));
    assert!(html.starts_with("<!doctype html>") && html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script") && !html.contains("<img"), "markup from the article survived");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!html.contains("src=\"http"), "the page loads nothing");
    let markdown = stdout(parallax(data.path()).args(["story", &id.to_string(), "--format", "markdown"]));
    assert!(markdown.starts_with("# Story") && markdown.contains("\n## Outlets\n"));
}

#[test]
fn bench_story_reports_the_build_time() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = stdout(
        Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["bench", "story", "--articles", "12", "--runs", "2", "--json", "--corpus"])
            .arg(root.join("examples/corpus")),
    );
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["articles"], 12);
    assert!(report["median_ms"].as_f64().unwrap() > 0.0);
}

#[test]
fn search_finds_phrases_with_filters_and_reindex_rebuilds() {
    let data = ingested(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus"));
    let search = |args: &[&str]| -> Value {
        serde_json::from_str(&stdout(parallax(data.path()).arg("search").args(args).arg("--json"))).unwrap()
    };
    let phrase = search(&["\"flood wall\""]);
    assert_eq!(phrase["total"], 2, "{phrase}");
    let filtered = search(&["dockworkers", "--outlet", "Northfield Courier"]);
    assert!(filtered["hits"].as_array().unwrap().iter().all(|h| h["outlet"] == "Northfield Courier"));
    assert!(filtered["hits"][0]["snippet"].as_str().unwrap().contains("<b>Dockworkers</b>"));
    let dated = search(&["dockworkers", "--from", "2025-10-01"]);
    assert!(dated["hits"].as_array().unwrap().iter().all(|h| h["published"].as_str().unwrap() >= "2025-10-01"));
    std::fs::remove_dir_all(data.path().join("search")).unwrap();
    assert!(stdout(parallax(data.path()).arg("reindex")).contains("indexed 40 articles"));
    assert_eq!(search(&["\"flood wall\""])["total"], 2);
    let bad = parallax(data.path()).args(["search", "title:("]).output().unwrap();
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("bad search query"));
}
