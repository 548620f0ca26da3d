//! The `parallax` binary: glue between the command line and the library
//! crates. Errors are printed with their causes; a closed stdout (a pipe
//! into `head`) ends the program quietly with status 0.

mod commands;
mod table;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// parallax: one event, many outlets. Reads raw news articles (plain-text
/// captures, HTML, JSON/JSONL, RSS/Atom, WARC) into clean articles in an
/// embedded store.
#[derive(Parser)]
#[command(name = "parallax", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Data directory holding the store.
    #[arg(long, global = true, env = "PARALLAX_DATA", default_value = "parallax-data")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Ingest(commands::ingest::IngestArgs),
    Articles(commands::articles::ArticlesArgs),
    Article(commands::articles::ArticleArgs),
    Stories(commands::stories::StoriesArgs),
    Storylines(commands::stories::StorylinesArgs),
    /// One story side by side: outlets, claims agreed and in conflict,
    /// context contradictions, quote variants, single-outlet facts,
    /// framing, summary, timeline.
    Story(commands::story::StoryArgs),
    /// One storyline: its stories in order, and all its articles compared.
    Storyline(commands::story::StorylineArgs),
    /// Full-text search over the stored articles (phrases, filters).
    Search(commands::search::SearchArgs),
    /// Rebuild the search index from the stored articles.
    Reindex(commands::search::ReindexArgs),
    /// Serve the JSON API and the web UI over the data directory (127.0.0.1:8080 by default).
    Serve(commands::serve::ServeArgs),
    Duplicates(commands::duplicates::DuplicatesArgs),
    Cluster(commands::cluster::ClusterArgs),
    Demo(commands::demo::DemoArgs),
    Extract(commands::extract::ExtractArgs),
    Analyze(commands::analyze::AnalyzeArgs),
    /// Quality on public labeled data, with the literature's metrics.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Throughput benchmarks on the sample corpus replicated (medians, memory).
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.data, args),
        Command::Articles(args) => commands::articles::list(&cli.data, args),
        Command::Article(args) => commands::articles::show(&cli.data, args),
        Command::Stories(args) => commands::stories::list_stories(&cli.data, args),
        Command::Storylines(args) => commands::stories::list_storylines(&cli.data, args),
        Command::Story(args) => commands::story::show_story(&cli.data, args),
        Command::Storyline(args) => commands::story::show_storyline(&cli.data, args),
        Command::Search(args) => commands::search::search(&cli.data, args),
        Command::Reindex(args) => commands::search::reindex(&cli.data, args),
        Command::Serve(args) => commands::serve::run(&cli.data, args),
        Command::Duplicates(args) => commands::duplicates::run(&cli.data, args),
        Command::Cluster(args) => commands::cluster::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Analyze(args) => commands::analyze::run(&cli.data, args),
        Command::Eval(command) => commands::eval::run(command),
        Command::Bench(command) => commands::bench::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("parallax: error: {}", full_message(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each once: a message that already quotes its
/// cause (`cannot read X: {source}`) is not followed by it again.
fn full_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
