//! `parallax serve`: the JSON API and the web UI over the data directory.

use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::path::Path;

/// Serve the JSON API (/api/..., /api/openapi.json) and the web UI (/) over the data directory.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: a free port, named on stderr).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Seconds without posts after which the server leaves the writer lock
    /// free for other processes (`parallax ingest`) until the next post.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    release_writer_after: u64,
    /// Bearer token that `POST /api/articles` requires; without one, posting is refused.
    #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

pub fn run(data: &Path, args: ServeArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    let config = parallax_server::ServerConfig {
        rest_after: std::time::Duration::from_secs(args.release_writer_after),
        ..parallax_server::ServerConfig::new(data, args.token)
    };
    let announce = |address| eprintln!("parallax: serving {} on http://{address}", data.display());
    runtime.block_on(parallax_server::serve(config, args.listen, announce))?;
    Ok(())
}
