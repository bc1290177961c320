//! `lede serve`.

use std::time::Duration;

use anyhow::Context;
use lede::serve::{self, ServeOptions};

use super::args::ServeArgs;
use super::EXIT_OK;

/// `lede serve`: runs until Ctrl-C.
pub fn run(args: ServeArgs) -> anyhow::Result<u8> {
    if !(args.time_limit > 0.0 && args.time_limit <= 3600.0) {
        anyhow::bail!(
            "--time-limit takes seconds above 0 and at most 3600, not {}",
            args.time_limit
        );
    }
    if let Some(origin) = &args.cors {
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.ends_with('/')
        {
            anyhow::bail!(
                "--cors takes an origin such as https://tools.example.org (scheme and host, no \
                 path), not {origin:?}"
            );
        }
    }
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "lede: warning: listening on {}: anyone who can reach this address can read the whole \
             archive (the default, 127.0.0.1, answers this machine only)",
            args.bind
        );
    }
    let opts = ServeOptions {
        index: args.location.dir(),
        bind: args.bind,
        cors: args.cors.clone(),
        time_limit: Duration::from_secs_f64(args.time_limit),
    };
    let open = args.open;
    serve::run(opts, |addr| {
        let url = format!("http://{addr}/");
        eprintln!("lede: serving {url} (Ctrl-C stops)");
        if open {
            open_browser(&url);
        }
    })
    .context("lede serve")?;
    Ok(EXIT_OK)
}

/// Opens `url` in the user's browser with the platform's own opener; says so when it cannot.
fn open_browser(url: &str) {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(cmd)
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("lede: cannot open a browser ({cmd}: {e}); open {url} yourself");
    }
}
