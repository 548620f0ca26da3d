//! Our deduper against the gaoya crate's MinHash LSH on the same stream and
//! the same task (the issue asks to keep the faster at equal recall).
//!
//! `cargo bench -p parallax-dedup --bench vs_gaoya -- STREAM.jsonl`, with a
//! stream written by `parallax bench stream` (bench/dedup_vs_gaoya.sh does
//! both). Both sides use our shingles, 128-value signatures, 32 bands of 4
//! rows, the same containment check (>= 0.8 of the smaller text) and index
//! originals only; only the signatures and the LSH index differ. Prints
//! docs/s for both, the ratio, and the recall of planted copies.

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use parallax_dedup::{containment_from_jaccard, shingle_hashes, DedupConfig, Verdict};
use std::collections::HashMap;
use std::time::Instant;

struct Doc {
    id: String,
    text: String,
    copy_of: Option<usize>,
}

fn read_stream(path: &str) -> Vec<Doc> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a stream line is JSON");
            Doc {
                id: value["id"].as_str().unwrap_or_default().to_string(),
                text: value["text"].as_str().unwrap_or_default().to_string(),
                copy_of: value["copy_of"].as_u64().map(|c| c as usize),
            }
        })
        .collect()
}

/// Share of planted copies whose verdict names the first article of their chain.
fn recall(docs: &[Doc], originals: &[Option<usize>]) -> f64 {
    let mut roots: Vec<usize> = Vec::with_capacity(docs.len());
    let (mut planted, mut found) = (0, 0);
    for (index, doc) in docs.iter().enumerate() {
        let root = doc.copy_of.map_or(index, |original| roots[original]);
        roots.push(root);
        if doc.copy_of.is_some() {
            planted += 1;
            found += usize::from(originals[index] == Some(root));
        }
    }
    found as f64 / planted.max(1) as f64
}

fn run_ours(docs: &[Doc]) -> (f64, Vec<Option<usize>>) {
    let index_of: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let mut deduper = DedupConfig::default().build();
    let start = Instant::now();
    let verdicts: Vec<Verdict> = docs.iter().map(|doc| deduper.check(&doc.id, &doc.text)).collect();
    let seconds = start.elapsed().as_secs_f64();
    let originals = verdicts
        .iter()
        .map(|verdict| match verdict {
            Verdict::ExactDuplicateOf { original } | Verdict::NearDuplicateOf { original, .. } => {
                index_of.get(original.as_str()).copied()
            }
            Verdict::Original => None,
        })
        .collect();
    (docs.len() as f64 / seconds, originals)
}

fn run_gaoya(docs: &[Doc]) -> (f64, Vec<Option<usize>>) {
    let hasher = MinHasher32::new(128);
    let mut index: MinHashIndex<u32, usize> = MinHashIndex::new(32, 4, 0.0);
    let mut sizes: Vec<usize> = Vec::with_capacity(docs.len());
    let mut originals: Vec<Option<usize>> = Vec::with_capacity(docs.len());
    let start = Instant::now();
    for (position, doc) in docs.iter().enumerate() {
        let shingles = shingle_hashes(&doc.text, 5);
        let signature = hasher.create_signature(shingles.iter());
        let mut best: Option<(usize, f64)> = None;
        if shingles.len() >= 8 {
            for (candidate, jaccard) in index.query_owned_return_similarity(&signature) {
                let c = containment_from_jaccard(jaccard, shingles.len(), sizes[candidate]);
                if sizes[candidate] >= 8 && c >= 0.8 && best.is_none_or(|(_, top)| c > top) {
                    best = Some((candidate, c));
                }
            }
        }
        sizes.push(shingles.len());
        match best {
            Some((candidate, _)) => originals.push(Some(originals[candidate].unwrap_or(candidate))),
            None => {
                index.insert(position, signature);
                originals.push(None);
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    (docs.len() as f64 / seconds, originals)
}

/// Three runs: the median docs/s and the (identical) verdicts.
fn median_of_runs(mut run: impl FnMut() -> (f64, Vec<Option<usize>>)) -> (f64, Vec<Option<usize>>) {
    let mut rates = Vec::new();
    let mut originals = Vec::new();
    for _ in 0..3 {
        let (rate, found) = run();
        rates.push(rate);
        originals = found;
    }
    rates.sort_by(f64::total_cmp);
    (rates[1], originals)
}

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| a.ends_with(".jsonl")) else {
        eprintln!(
            "usage: cargo bench -p parallax-dedup --bench vs_gaoya -- STREAM.jsonl (see bench/dedup_vs_gaoya.sh)"
        );
        return;
    };
    let docs = read_stream(&path);
    let (ours_rate, ours) = median_of_runs(|| run_ours(&docs));
    let (gaoya_rate, theirs) = median_of_runs(|| run_gaoya(&docs));
    println!("parallax  {} docs  {ours_rate:9.0} docs/s  recall {:.3}", docs.len(), recall(&docs, &ours));
    println!("gaoya     {} docs  {gaoya_rate:9.0} docs/s  recall {:.3}", docs.len(), recall(&docs, &theirs));
    println!(
        "ratio: parallax is {:.1}x gaoya's docs/s (medians of 3 runs, one core each, same shingles and verification)",
        ours_rate / gaoya_rate
    );
}
