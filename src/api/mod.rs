//! One typed async function per proxy endpoint the SPA uses. Every request carries the
//! session's bearer token and an `AbortController` that is aborted when the reactive owner
//! that started it is cleaned up, so leaving a page cancels its requests.
//!
//! ## Layout
//! - [`packages`](sync_packages): the catalogue, a page or every page ([`all_packages`]).
//! - [`orders`]: queryOrder and the order mutations (batch order, open, cancel, end early).
//! - [`devices`]: one device's flags, lifecycle and order (queryDevice).
//! - [`cdr`]: one page of a SIM's usage records, under the caller's abort signal.
//! - [`pools`]: the traffic pools, a page at a time.
//! - [`session`](session()) and [`limits`]: who the token belongs to, and the proxy's limits.
//! - [`events`]: the stored events' history and the live stream's address.
//! - [`alerts`]: usage alert rules (list, create, update, delete), the alerts (paged, open
//!   or all), acknowledging one, and its webhook deliveries.
//! - [`token`]: the token requests carry, and reading it from a `#token=` fragment.
//! - [`ApiError`]: what can go wrong, in words; [`decode_answer`]: lenient decoding.

pub mod alerts;
pub mod cdr;
pub mod devices;
mod error;
pub mod events;
pub mod limits;
pub mod orders;
mod packages;
pub mod pools;
mod session;
pub mod token;

pub use error::{ApiError, FieldError};
pub use packages::{CATALOGUE_PAGE_SIZE, all_packages, sync_packages};
pub use session::{Session, session};

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use token::bearer_token;
use web_sys::{AbortController, AbortSignal};

/// An abort signal tied to the current reactive owner: leaving the page aborts the request.
fn owner_signal() -> Option<AbortSignal> {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    // The cleanup must be `Send`; the SPA is single-threaded, so the wrapper never panics.
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    signal
}

/// Adds the bearer token and `signal`, the caller's (a load's Cancel) or the owner's.
fn prepare_under(request: RequestBuilder, signal: Option<&AbortSignal>) -> RequestBuilder {
    let request = match bearer_token() {
        Some(token) => request.header("Authorization", &format!("Bearer {token}")),
        None => request,
    };
    request.abort_signal(signal)
}

// The plumbing below is not generic, so every endpoint shares one copy; only `decode_answer`
// is compiled per answer type.

/// The body of a successful answer as bytes; error statuses become [`ApiError`]s. Bytes, not
/// text: `Response.text()` decodes the UTF-8 into a JS string only for the wasm side to
/// encode it back into UTF-8, two passes over every answer (0.3 MB for each CDR page) that
/// showed in the 180-day load's profile (#8); the bytes arrive with one copy.
async fn read_bytes(response: Response) -> Result<Vec<u8>, ApiError> {
    read_bytes_naming_field(response)
        .await
        .map_err(|refused| refused.error)
}

/// [`read_bytes`], keeping the member a refusal names (`data.field` of the proxy's 400).
async fn read_bytes_naming_field(response: Response) -> Result<Vec<u8>, FieldError> {
    let status = response.status();
    let body = response
        .binary()
        .await
        .map_err(|e| FieldError::from(network_error(e)))?;
    if !(200..300).contains(&status) {
        let envelope = decode_answer::<cmp_api::Envelope<serde_json::Value>>(&body).ok();
        let field = envelope
            .as_ref()
            .and_then(|e| e.data.as_ref())
            .and_then(|data| data.get("field"))
            .and_then(|field| field.as_str())
            .map(str::to_owned);
        let message = envelope.map(|envelope| envelope.message);
        return Err(FieldError {
            error: ApiError::from_status(status, message),
            field,
        });
    }
    Ok(body)
}

/// Decodes a successful answer's JSON as `T`. A body that is not UTF-8 is read as
/// `Response.text()` would read it, each bad sequence becoming U+FFFD, so one bad byte in a
/// name does not cost a whole page of records.
///
/// Always through text, never serde_json's byte reader: every answer type's decoder is
/// compiled once per reader, and the byte reader's copy (which only a non-UTF-8 body would
/// take, and whose reading the text of that body gives anyway) cost the app's wasm a copy
/// of every type's decoder.
pub fn decode_answer<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    cmp_api::decode(&String::from_utf8_lossy(body)).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Sends a prepared request and returns the successful answer's bytes.
async fn send_bytes(request: Request) -> Result<Vec<u8>, ApiError> {
    let response = request.send().await.map_err(network_error)?;
    read_bytes(response).await
}

/// `POST path` with a JSON body, decoding the answer as `T`; leaving the page aborts it.
async fn post_json<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    post_json_under(path, body, owner_signal().as_ref()).await
}

/// [`post_json`] under the caller's abort `signal`: a load of many pages, whose Cancel
/// stops them all, passes its own.
async fn post_json_under<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    decode_answer(&send_bytes(post_request(path, body, signal)?).await?)
}

/// The `POST path` request carrying `body` (JSON text).
fn post_request(
    path: &str,
    body: String,
    signal: Option<&AbortSignal>,
) -> Result<Request, ApiError> {
    prepare_under(
        Request::post(path).header("Accept", "application/json"),
        signal,
    )
    .header("Content-Type", "application/json")
    .body(body)
    .map_err(|e| ApiError::Decode(e.to_string()))
}

/// `GET path`, decoding the answer as `T`; leaving the page aborts it.
async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    get_json_under(path, owner_signal().as_ref()).await
}

/// [`get_json`] under the caller's abort `signal`.
async fn get_json_under<T: DeserializeOwned>(
    path: &str,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let request = prepare_under(
        Request::get(path).header("Accept", "application/json"),
        signal,
    )
    .build()
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    decode_answer(&send_bytes(request).await?)
}

/// Sends `method path` with a JSON body once (a mutation: never retried), decoding the
/// answer as `T`; a refusal keeps the member it names. Leaving the page aborts it.
async fn send_json_naming_field<B: serde::Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> Result<T, FieldError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    let request = prepare_under(
        request.header("Accept", "application/json"),
        owner_signal().as_ref(),
    )
    .header("Content-Type", "application/json")
    .body(body)
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    let response = request.send().await.map_err(network_error)?;
    Ok(decode_answer(&read_bytes_naming_field(response).await?)?)
}

/// Sends `request` (no body) once, decoding the answer as `T`; leaving the page aborts it.
async fn send_empty<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ApiError> {
    let request = prepare_under(
        request.header("Accept", "application/json"),
        owner_signal().as_ref(),
    )
    .build()
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    decode_answer(&send_bytes(request).await?)
}

fn network_error(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::JsError(js) => ApiError::Network(js.message),
        other => ApiError::Network(other.to_string()),
    }
}
