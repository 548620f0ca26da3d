//! API errors: one table of stable codes, each with its HTTP status, sent
//! as `{"code", "message"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Every error the API can answer with. The code strings are an interface:
/// add codes, never rename them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    BadQuery,
    Unauthorized,
    UnsupportedMediaType,
    PayloadTooLarge,
    RejectedArticle,
    /// Another process holds the data directory's writer lock.
    WriterBusy,
    Internal,
}

/// (code, status, code string) for every code, in one place.
pub const ERROR_CODES: &[(ErrorCode, u16, &str)] = &[
    (ErrorCode::NotFound, 404, "not_found"),
    (ErrorCode::BadRequest, 400, "bad_request"),
    (ErrorCode::BadQuery, 400, "bad_query"),
    (ErrorCode::Unauthorized, 401, "unauthorized"),
    (ErrorCode::UnsupportedMediaType, 415, "unsupported_media_type"),
    (ErrorCode::PayloadTooLarge, 413, "payload_too_large"),
    (ErrorCode::RejectedArticle, 422, "rejected_article"),
    (ErrorCode::WriterBusy, 503, "writer_busy"),
    (ErrorCode::Internal, 500, "internal"),
];

impl ErrorCode {
    fn entry(self) -> (u16, &'static str) {
        ERROR_CODES
            .iter()
            .find(|(code, _, _)| *code == self)
            .map(|(_, status, name)| (*status, *name))
            .unwrap_or((500, "internal"))
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.entry().0).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }

    pub fn not_found(what: impl std::fmt::Display) -> ApiError {
        ApiError::new(ErrorCode::NotFound, format!("no {what}"))
    }

    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        ApiError::new(ErrorCode::Internal, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"code": self.code.name(), "message": self.message});
        (self.code.status(), Json(body)).into_response()
    }
}

impl From<parallax_store::StoreError> for ApiError {
    fn from(error: parallax_store::StoreError) -> ApiError {
        ApiError::internal(error)
    }
}

impl From<parallax_search::SearchError> for ApiError {
    fn from(error: parallax_search::SearchError) -> ApiError {
        match error {
            parallax_search::SearchError::Query { .. } => ApiError::new(ErrorCode::BadQuery, error.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl From<parallax_pipeline::PipelineError> for ApiError {
    fn from(error: parallax_pipeline::PipelineError) -> ApiError {
        ApiError::internal(error)
    }
}
