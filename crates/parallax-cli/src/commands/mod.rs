//! One module per subcommand.

pub mod analyze;
pub mod articles;
pub mod bench;
pub mod bench_analyze;
pub mod bench_follow;
pub mod bench_story;
pub mod bench_stream;
pub mod cluster;
pub mod demo;
pub mod duplicates;
pub mod eval;
pub mod eval_analyze;
pub mod eval_compare;
pub mod eval_stream;
pub mod extract;
pub mod ingest;
pub mod ingest_remote;
pub mod search;
pub mod serve;
pub mod stories;
pub mod story;

/// "1 article", "3 articles", "2 stories": a count with its noun.
pub fn count_of(count: usize, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        _ => format!("{count} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_take_their_noun_in_the_right_number() {
        assert_eq!(super::count_of(1, "story"), "1 story");
        assert_eq!(super::count_of(3, "story"), "3 stories");
        assert_eq!(super::count_of(0, "article"), "0 articles");
    }
}
