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
