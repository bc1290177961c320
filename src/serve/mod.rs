//! `lede serve`: the index in a browser, and an HTTP API for other programs. A front-end on the
//! library like the command line: every answer comes from `search`, `output` and the stored
//! articles, never from a file named by a request. Read-only; each request opens a searcher on
//! the index's last commit, so a running `lede index` (or `--watch`) is seen without a restart.
//!
//! Routes: `/` (the search page), `/article?id=` (one article), `/api/search`,
//! `/api/articles/{id}`, `/api/articles/{id}/similar`, `/api/stats`, `/search.csv`, and the
//! page's own `/static/` files, compiled into the binary.

mod api;
mod chart;
mod page;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use crate::index::store::{LedeIndex, StoreError};
use crate::search::SearchError;

/// How long one search may run before the request is answered 503.
pub const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(10);
/// The longest request line read (a URL holding a pasted page is not a search).
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// How `lede serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub index: PathBuf,
    /// Where to listen.
    pub bind: SocketAddr,
    /// An origin allowed to call the API from its pages (CORS); none by default.
    pub cors: Option<String>,
    /// How long a search may take.
    pub time_limit: Duration,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The index could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be listened on.
    #[error("cannot listen on {addr}: {err}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        err: std::io::Error,
    },
    /// The index could not be read.
    #[error(transparent)]
    Search(SearchError),
    /// The async runtime or the connection loop failed.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// What every request shares.
struct State {
    idx: LedeIndex,
    /// Moves to each new commit as requests come.
    reader: crate::search::FreshReader,
    cors: Option<HeaderValue>,
    time_limit: Duration,
    /// Searches running at once: more wait (up to the time limit), so a flood of requests
    /// queues instead of starting a thread each.
    running: Semaphore,
}

type Shared = Arc<State>;

/// Runs the server until Ctrl-C; `ready` is told the address it listens on (the port, when
/// `bind` asked for any).
pub fn run(opts: ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let idx = LedeIndex::open(&opts.index)?;
    let reader = crate::search::FreshReader::new(&idx).map_err(ServeError::Search)?;
    let cors = opts
        .cors
        .as_deref()
        .and_then(|o| HeaderValue::from_str(o).ok());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let state = Arc::new(State {
        idx,
        reader,
        cors,
        time_limit: opts.time_limit,
        running: Semaphore::new(workers * 2),
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .map_err(|err| ServeError::Bind {
                addr: opts.bind,
                err,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(page::search_page))
        .route("/article", get(page::article_page))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/articles/{id}/similar", get(api::similar))
        .route("/api/stats", get(api::stats))
        .route("/search.csv", get(api::csv))
        .route("/static/app.js", get(page::script))
        .route("/static/style.css", get(page::style))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Every response: a request line too long is refused, the CORS header is added when an origin
/// is allowed, and pages say they are not to be framed or sniffed.
async fn guard(
    axum::extract::State(state): axum::extract::State<Shared>,
    req: Request<axum::body::Body>,
    next: Next,
) -> Response {
    if req.uri().to_string().len() > MAX_URI_BYTES {
        return Failure::new(
            StatusCode::URI_TOO_LONG,
            format!("the request's address is over {MAX_URI_BYTES} bytes"),
        )
        .into_response();
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(origin) = &state.cors {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    resp
}

/// Why a request could not be answered: its status and what to tell the user. The API answers
/// it as JSON (`{"error", "status"}`), the pages as an HTML page.
pub(super) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    /// A failure with this status and message.
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
}

impl From<SearchError> for Failure {
    /// What the user asked for is a 400, the index's trouble a 500.
    fn from(e: SearchError) -> Failure {
        let status = match e {
            SearchError::Syntax { .. }
            | SearchError::PathGlob { .. }
            | SearchError::DateRange { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure::new(status, e.to_string())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.message, "status": self.status.as_u16()});
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    }
}

/// Runs `work` (a search: CPU-bound, blocking) on the newest commit, off the async threads, bounded in number and in
/// time; past the time limit the request is answered 503 (the work finishes unseen).
async fn bounded<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&LedeIndex, &tantivy::Searcher) -> Result<T, SearchError> + Send + 'static,
) -> Result<T, Failure> {
    let busy = || {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the search took longer than {} s; narrow it (more words, a date range) and try again",
                state.time_limit.as_secs_f64()
            ),
        )
    };
    let deadline = tokio::time::Instant::now() + state.time_limit;
    let permit = tokio::time::timeout_at(deadline, state.running.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let shared = state.clone();
    let task = tokio::task::spawn_blocking(move || {
        let searcher = shared.reader.searcher()?;
        work(&shared.idx, &searcher)
    });
    let out = tokio::time::timeout_at(deadline, task).await;
    drop(permit);
    // A result that came in after the deadline (the task finished before the timer was looked
    // at) took too long all the same: the limit means the same however busy the machine is.
    let late = tokio::time::Instant::now() > deadline;
    match out {
        Err(_) => Err(busy()),
        Ok(_) if late => Err(busy()),
        Ok(Err(join)) => Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the search failed: {join} (a bug in lede; please report it)"),
        )),
        Ok(Ok(Err(e))) => Err(e.into()),
        Ok(Ok(Ok(v))) => Ok(v),
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response()
    }
}
