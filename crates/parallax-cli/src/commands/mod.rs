//! One module per subcommand.

pub mod analyze;
pub mod articles;
pub mod bench;
pub mod bench_analyze;
pub mod bench_story;
pub mod bench_stream;
pub mod cluster;
pub mod demo;
pub mod duplicates;
pub mod eval;
pub mod eval_analyze;
pub mod eval_compare;
pub mod extract;
pub mod ingest;
pub mod search;
pub mod serve;
pub mod stories;
pub mod story;

/// "1 article", "3 articles": a count with its noun.
pub fn count_of(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
