//! One module per subcommand.

pub mod articles;
pub mod bench;
pub mod demo;
pub mod ingest;
