//! The JSON API and the CSV download: the same shapes `lede search --format json` and
//! `--format csv` print (documented by `schema/search-output.schema.json`), errors as JSON with
//! their HTTP status.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::params::Params;
use super::{bounded, Failure, Shared};
use crate::output::{self, Format, Highlight, OutputOptions};
use crate::search::{self, Results};

/// A JSON error: `{"error": message, "status": code}`.
fn error(status: StatusCode, message: &str) -> Response {
    Failure::new(status, message).into_response()
}

/// A 400 for parameters that cannot be read.
fn bad(message: String) -> Response {
    error(StatusCode::BAD_REQUEST, &message)
}

/// The results as `lede search` prints them in `format`.
fn render(results: &Results, format: Format, fields: Vec<String>) -> Vec<u8> {
    let opts = OutputOptions {
        format,
        color: false,
        highlight: Highlight::None,
        fields,
        null: false,
        facet_limit: 0,
    };
    let mut buf = Vec::new();
    // Writing into memory cannot fail.
    let _ = output::write_results(&mut buf, results, &opts);
    buf
}

/// Runs the search a request's parameters ask for.
async fn run_search(state: &Shared, params: &Params) -> Result<Results, Failure> {
    let opts = params
        .search_options(10)
        .map_err(|e| Failure::new(StatusCode::BAD_REQUEST, e))?;
    bounded(state, move |idx, s| search::search_in(idx, s, &opts)).await
}

fn fields_of(params: &Params) -> Result<Vec<String>, String> {
    let fields: Vec<String> = params
        .get("fields")
        .map(|f| f.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    output::check_fields(&fields).map_err(|e| format!("fields: {e}"))?;
    Ok(fields)
}

/// `GET /api/search`: the JSON of `lede search --format json`.
pub async fn search(State(state): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = Params::parse(q.as_deref());
    let fields = match fields_of(&params) {
        Ok(f) => f,
        Err(e) => return bad(e),
    };
    match run_search(&state, &params).await {
        Ok(results) => json_body(render(&results, Format::Json, fields)),
        Err(f) => f.into_response(),
    }
}

/// `GET /search.csv`: the hits as `lede search --format csv` writes them, as a download.
pub async fn csv(State(state): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = Params::parse(q.as_deref());
    let fields = match fields_of(&params) {
        Ok(f) => f,
        Err(e) => return bad(e),
    };
    match run_search(&state, &params).await {
        Ok(results) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"lede-search.csv\"",
                ),
            ],
            render(&results, Format::Csv, fields),
        )
            .into_response(),
        Err(f) => f.into_response(),
    }
}

fn json_body(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `GET /api/articles/{id}`: the stored, cleaned article (as `lede show --format json`).
pub async fn article(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let found = bounded(&state, move |idx, s| {
        Ok(search::articles_of(idx, s, &id)?.into_iter().next())
    })
    .await;
    match found {
        Ok(Some(a)) => json_body(serde_json::to_vec(&a).unwrap_or_default()),
        Ok(None) => error(StatusCode::NOT_FOUND, "no article has this id"),
        Err(f) => f.into_response(),
    }
}

/// `GET /api/articles/{id}/similar?limit=N`: articles most like it (as `lede similar`).
pub async fn similar(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let params = Params::parse(q.as_deref());
    let limit = match params.number("limit", 10, super::params::MAX_LIMIT) {
        Ok(n) => n.max(1),
        Err(e) => return bad(e),
    };
    match bounded(&state, move |idx, s| search::similar_in(idx, s, &id, limit)).await {
        Ok(Some(results)) => json_body(render(&results, Format::Json, Vec::new())),
        Ok(None) => error(StatusCode::NOT_FOUND, "no article has this id"),
        Err(f) => f.into_response(),
    }
}

/// `GET /api/stats`: what the index holds (as `lede stats --format json`).
pub async fn stats(State(state): State<Shared>) -> Response {
    match bounded(&state, search::stats_in).await {
        Ok(s) => json_body(serde_json::to_vec(&s).unwrap_or_default()),
        Err(f) => f.into_response(),
    }
}

/// Anything else.
pub async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "no such page; the API is /api/search, /api/articles/ID, /api/stats",
    )
}
