//! `SnapshotsClient`: the API's four operations with typed errors, default timeouts, retries
//! and waiting for a snapshot.
//!
//! Hand-written layer, copied into the crate from `openapi/rust-client/layer/` by
//! `scripts/targets/rust.py` (the pattern of the `_patch.py` customizations of Azure's
//! generated SDKs). It sends its requests itself with the generated models as bodies, because
//! the generated functions drop an error's headers (its request id and `Retry-After`) and take
//! no timeout; `SnapshotsClient::configuration` gives the generated functions the same client.
//! Each operation's method, path and documented statuses come from the document
//! (`documented.rs`, written at generation).

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;

use crate::apis::configuration::Configuration;
use crate::documented::{self, Operation, DEFAULT_BASE_URL};
use crate::models;

/// Each attempt of a call (connecting, sending, reading the whole answer), unless overridden.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// A whole call: every attempt and every wait between them, unless overridden. Each attempt's
/// timeout is cut to what is left of it, and a retry whose wait would end after it is not made
/// (the last error is returned at once): against a server that never answers a default call
/// ends after 90 s (attempts of 30 s, 30 s and what the two backoffs left).
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(90);
/// Connecting alone.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Creating a snapshot takes 3 to 10 minutes: `wait_for_snapshot` waits up to 15 by default.
pub const DEFAULT_WAIT_DEADLINE: Duration = Duration::from_secs(900);
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(30);
const POLL_MULTIPLIER: f64 = 1.5;
const LOG_TARGET: &str = "vps_snapshots_client";

/// When a call is sent again: connection errors (any method: nothing was received), timeouts,
/// `429` and `503` (GET and DELETE only: a create or a restore is never sent twice), after an
/// exponential backoff with jitter, or after the answer's `Retry-After`.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` switches retries off.
    pub max_retries: u32,
    pub backoff_initial: Duration,
    pub backoff_multiplier: f64,
    pub backoff_max: Duration,
    /// The share of a backoff taken off at random (0 to 1), so that clients spread out.
    pub jitter: f64,
    /// A `Retry-After` longer than this is not waited for: the error is returned at once.
    pub retry_after_max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::DEFAULT
    }
}

impl RetryPolicy {
    /// The default: 3 retries, backoff from 0.5 s doubling to 8 s with up to 50 % jitter, a
    /// `Retry-After` of up to 60 s waited for.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        max_retries: 3,
        backoff_initial: Duration::from_millis(500),
        backoff_multiplier: 2.0,
        backoff_max: Duration::from_secs(8),
        jitter: 0.5,
        retry_after_max: Duration::from_secs(60),
    };

    /// A policy that never retries: `with_retry(RetryPolicy::NO_RETRIES)` switches retries off.
    /// The same name as the other clients' (`NO_RETRIES`, Go's `NoRetries()`).
    pub const NO_RETRIES: RetryPolicy = RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::DEFAULT
    };

    /// A policy that never retries: the name before `RetryPolicy::NO_RETRIES`, kept so that
    /// code written for 2.0 still builds.
    #[deprecated(note = "use RetryPolicy::NO_RETRIES")]
    pub fn disabled() -> Self {
        RetryPolicy::NO_RETRIES
    }

    /// The wait before retry number `retry` (from 0) when the server names none.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = i32::try_from(retry).unwrap_or(i32::MAX);
        let base = self
            .backoff_initial
            .mul_f64(self.backoff_multiplier.powi(exponent))
            .min(self.backoff_max);
        base.mul_f64(1.0 - self.jitter.clamp(0.0, 1.0) * random_fraction())
    }
}

// A fraction in [0, 1) for jitter: std's randomly keyed hasher, so that the crate needs no
// random number crate for this one use.
fn random_fraction() -> f64 {
    let bits = RandomState::new().build_hasher().finish() >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// A `Retry-After` value's wait: delay-seconds or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return value.parse().ok().map(Duration::from_secs);
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let seconds = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds();
    Some(Duration::from_millis(u64::try_from(seconds).unwrap_or(0)))
}

/// An answer that is not the success the call expects.
#[derive(Debug, Clone)]
pub struct StatusError {
    pub method: Method,
    pub url: String,
    pub status: StatusCode,
    /// The API's error code, kept as the string sent even when this crate does not know it
    /// (the document's closed list may grow); `None` when the body is not the API's error body.
    pub code: Option<String>,
    pub message: Option<String>,
    pub details: Vec<models::ErrorDetail>,
    pub headers: HeaderMap,
    /// The `X-Request-Id` header, to quote to support.
    pub request_id: Option<String>,
    /// The body as received.
    pub body: String,
}

impl StatusError {
    /// The code as the generated `ErrorCode`, if this crate knows it.
    pub fn error_code(&self) -> Option<models::ErrorCode> {
        let code = self.code.as_ref()?;
        serde_json::from_value(serde_json::Value::String(code.clone())).ok()
    }
}

/// Every failure of a `SnapshotsClient` call. Match on it, or use `status_error()`.
#[derive(Debug)]
#[non_exhaustive]
pub enum SnapshotsError {
    /// A documented error status with the API's error body.
    Status(Box<StatusError>),
    /// A status the operation does not document (the fields are filled as far as the body
    /// allows).
    UndocumentedStatus(Box<StatusError>),
    /// A body that is not what the document says (an HTML page from a proxy, say).
    MalformedResponse(Box<StatusError>),
    /// No answer could be had: the connection failed or broke.
    Connection {
        method: Method,
        url: String,
        source: reqwest::Error,
    },
    /// An attempt's timeout passed first; `total`: it was what was left of the call's total
    /// timeout.
    Timeout {
        method: Method,
        url: String,
        source: reqwest::Error,
        total: bool,
    },
    /// `wait_for_snapshot`: the snapshot ended `failed`.
    SnapshotFailed {
        snapshot_id: i64,
        snapshot: Box<models::Snapshot>,
    },
    /// `wait_for_snapshot`: the snapshot is no longer listed (deleted meanwhile); as last seen.
    SnapshotGone {
        snapshot_id: i64,
        last_seen: Option<Box<models::Snapshot>>,
    },
    /// `wait_for_snapshot`: its deadline passed with the snapshot still `in_progress`.
    WaitDeadline {
        snapshot_id: i64,
        last_seen: Option<Box<models::Snapshot>>,
    },
}

impl SnapshotsError {
    /// The answer, for the three kinds that have one.
    pub fn status_error(&self) -> Option<&StatusError> {
        match self {
            Self::Status(error)
            | Self::UndocumentedStatus(error)
            | Self::MalformedResponse(error) => Some(error),
            _ => None,
        }
    }

    /// Whether `wait_for_snapshot` ended without the snapshot completing (failed, gone, deadline).
    pub fn is_wait_error(&self) -> bool {
        matches!(
            self,
            Self::SnapshotFailed { .. } | Self::SnapshotGone { .. } | Self::WaitDeadline { .. }
        )
    }
}

impl fmt::Display for SnapshotsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(e) | Self::UndocumentedStatus(e) | Self::MalformedResponse(e) => {
                let kind = match self {
                    Self::Status(_) => "error",
                    Self::UndocumentedStatus(_) => "undocumented status",
                    _ => "malformed response",
                };
                write!(f, "{} {}: {kind} {}", e.method, e.url, e.status.as_u16())?;
                if let Some(code) = &e.code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = &e.message {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = &e.request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
            Self::Connection {
                method,
                url,
                source,
            } => {
                write!(f, "{method} {url}: connection error: {source}")
            }
            Self::Timeout {
                method,
                url,
                total: true,
                ..
            } => write!(f, "{method} {url}: no answer within the call's total timeout"),
            Self::Timeout { method, url, .. } => write!(f, "{method} {url}: timed out"),
            Self::SnapshotFailed { snapshot_id, .. } => write!(f, "snapshot {snapshot_id} failed"),
            Self::SnapshotGone { snapshot_id, .. } => {
                write!(f, "snapshot {snapshot_id} is gone (deleted while waiting)")
            }
            Self::WaitDeadline { snapshot_id, .. } => {
                write!(
                    f,
                    "snapshot {snapshot_id} still in progress at the wait's deadline"
                )
            }
        }
    }
}

impl std::error::Error for SnapshotsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connection { source, .. } | Self::Timeout { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// How `wait_for_snapshot` polls. To cancel a wait, drop its future (in `tokio::select!`, or
/// with `tokio::time::timeout`): nothing more is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// List this server's snapshots only (smaller answers); `None` lists all of yours.
    pub server_id: Option<i64>,
    /// The first wait between two polls; it grows by half each time, up to 30 seconds.
    pub poll_interval: Duration,
    pub deadline: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            server_id: None,
            poll_interval: DEFAULT_POLL_INTERVAL,
            deadline: DEFAULT_WAIT_DEADLINE,
        }
    }
}

/// The client. Cheap to clone (the connection pool is shared); `with_timeout` and `with_retry`
/// give a copy with other settings, for one call or many.
#[derive(Debug, Clone)]
pub struct SnapshotsClient {
    base_url: String,
    token: String,
    http: reqwest::Client,
    timeout: Duration,
    total_timeout: Duration,
    retry: RetryPolicy,
}

impl SnapshotsClient {
    /// A client of the production API with the default timeouts and retries.
    pub fn new(token: impl Into<String>) -> Self {
        Self::with_connect_timeout(token, DEFAULT_CONNECT_TIMEOUT)
    }

    /// As `new`, with another connect timeout (it belongs to the connection pool).
    pub fn with_connect_timeout(token: impl Into<String>, connect_timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .build()
            .unwrap_or_default();
        SnapshotsClient {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: token.into(),
            http,
            timeout: DEFAULT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// This client talking to another deployment (or the mock).
    pub fn with_base_url(&self, base_url: impl Into<String>) -> Self {
        let base_url: String = base_url.into();
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            ..self.clone()
        }
    }

    /// This client with another timeout for each attempt of a call.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            timeout,
            ..self.clone()
        }
    }

    /// This client with another total timeout for each call (its attempts and the waits).
    pub fn with_total_timeout(&self, total_timeout: Duration) -> Self {
        Self {
            total_timeout,
            ..self.clone()
        }
    }

    /// This client with another retry policy (`RetryPolicy::NO_RETRIES` for none).
    pub fn with_retry(&self, retry: RetryPolicy) -> Self {
        Self {
            retry,
            ..self.clone()
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn total_timeout(&self) -> Duration {
        self.total_timeout
    }

    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The generated functions' configuration, on this client's connection pool (they get its
    /// connect timeout, not its other behaviour).
    pub fn configuration(&self) -> Configuration {
        Configuration {
            base_path: self.base_url.clone(),
            client: self.http.clone(),
            bearer_access_token: Some(self.token.clone()),
            ..Configuration::default()
        }
    }

    pub async fn list_snapshots(
        &self,
        server_id: Option<i64>,
    ) -> Result<models::SnapshotList, SnapshotsError> {
        let query: Vec<(&str, String)> = server_id
            .map(|id| ("server_id", id.to_string()))
            .into_iter()
            .collect();
        let body = self
            .call(&documented::LIST_SNAPSHOTS, None, |builder| {
                builder.query(&query)
            })
            .await?;
        body.parse()
    }

    /// Sent once, never retried after it may have been received.
    pub async fn create_snapshot(
        &self,
        request: &models::SnapshotCreateRequest,
    ) -> Result<models::SnapshotCreated, SnapshotsError> {
        let body = self
            .call(&documented::CREATE_SNAPSHOT, None, |builder| {
                builder.json(request)
            })
            .await?;
        body.parse()
    }

    pub async fn delete_snapshot(&self, snapshot_id: i64) -> Result<(), SnapshotsError> {
        self.call(&documented::DELETE_SNAPSHOT, Some(snapshot_id), |builder| {
            builder
        })
        .await?;
        Ok(())
    }

    /// Sent once, never retried after it may have been received. The document has no way to
    /// read a restore's progress: nothing here waits for one.
    pub async fn restore_snapshot(
        &self,
        snapshot_id: i64,
    ) -> Result<models::RestoreResult, SnapshotsError> {
        let body = self
            .call(
                &documented::RESTORE_SNAPSHOT,
                Some(snapshot_id),
                |builder| builder,
            )
            .await?;
        body.parse()
    }

    /// Poll the list (of `options.server_id`'s snapshots) with backoff until the snapshot leaves
    /// `in_progress`: `Ok` when `completed`; `SnapshotFailed`, `SnapshotGone` (no longer listed)
    /// or `WaitDeadline` otherwise. An error of a poll (after its retries) ends the wait too.
    pub async fn wait_for_snapshot(
        &self,
        snapshot_id: i64,
        options: &WaitOptions,
    ) -> Result<models::Snapshot, SnapshotsError> {
        let started = Instant::now();
        let mut interval = options.poll_interval;
        let mut last_seen: Option<Box<models::Snapshot>> = None;
        loop {
            let listed = self.list_snapshots(options.server_id).await?;
            let Some(snapshot) = listed
                .results
                .into_iter()
                .find(|snapshot| snapshot.id == snapshot_id)
            else {
                return Err(SnapshotsError::SnapshotGone {
                    snapshot_id,
                    last_seen,
                });
            };
            match snapshot.status {
                models::SnapshotStatus::Completed => return Ok(snapshot),
                models::SnapshotStatus::Failed => {
                    return Err(SnapshotsError::SnapshotFailed {
                        snapshot_id,
                        snapshot: Box::new(snapshot),
                    })
                }
                models::SnapshotStatus::InProgress => last_seen = Some(Box::new(snapshot)),
            }
            let left = options.deadline.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(SnapshotsError::WaitDeadline {
                    snapshot_id,
                    last_seen,
                });
            }
            tokio::time::sleep(interval.min(left)).await;
            interval = interval.mul_f64(POLL_MULTIPLIER).min(MAX_POLL_INTERVAL);
        }
    }

    // `snapshot_id` fills the path's one parameter, if it has one.
    async fn call(
        &self,
        operation: &Operation,
        snapshot_id: Option<i64>,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Answer, SnapshotsError> {
        let path = match snapshot_id {
            Some(id) => operation.path.replace("{snapshot_id}", &id.to_string()),
            None => operation.path.to_owned(),
        };
        let url = format!("{}{}", self.base_url, path);
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap_or(Method::GET);
        // Only these may be sent again after they may have been received.
        let idempotent = method == Method::GET || method == Method::DELETE;
        let deadline = Instant::now() + self.total_timeout;
        let mut retry = 0;
        loop {
            // The attempt gets what is left of the call's total timeout if that is shorter.
            let left = deadline.saturating_duration_since(Instant::now());
            let cut = left < self.timeout;
            let request = build(self.http.request(method.clone(), &url))
                .bearer_auth(&self.token)
                .timeout(self.timeout.min(left));
            let outcome = match request.send().await {
                Ok(response) => read(response).await,
                Err(error) => Err(error),
            };
            let (delay, cause) = match outcome {
                Ok(answer) => {
                    let status = answer.status.as_u16();
                    let retried = idempotent && (status == 429 || status == 503);
                    let named = answer
                        .headers
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry_after);
                    let (delay, cause) = match named {
                        _ if !retried || retry >= self.retry.max_retries => {
                            return judge(operation, method, url, answer)
                        }
                        Some(named) if named > self.retry.retry_after_max => {
                            return judge(operation, method, url, answer)
                        }
                        Some(named) => (named, format!("{status} (Retry-After)")),
                        None => (self.retry.backoff(retry), status.to_string()),
                    };
                    if !starts_before(delay, deadline) {
                        return judge(operation, method, url, answer);
                    }
                    (delay, cause)
                }
                Err(error) => {
                    // A failed connect sent nothing: any method may try again.
                    let unsent = error.is_connect();
                    if retry >= self.retry.max_retries || !(unsent || idempotent) {
                        return Err(transport_error(method, url, error, cut && ended(deadline)));
                    }
                    let delay = self.retry.backoff(retry);
                    if !starts_before(delay, deadline) {
                        return Err(transport_error(method, url, error, cut && ended(deadline)));
                    }
                    let cause = if error.is_timeout() {
                        "a timeout"
                    } else {
                        "a connection error"
                    };
                    (delay, cause.to_owned())
                }
            };
            retry += 1;
            log::debug!(
                target: LOG_TARGET,
                "retrying {method} {url} after {cause} (retry {retry} of {}) in {:.3} s",
                self.retry.max_retries,
                delay.as_secs_f64()
            );
            tokio::time::sleep(delay).await;
        }
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    method: Method,
    url: String,
}

impl Answer {
    fn parse<T: DeserializeOwned>(self) -> Result<T, SnapshotsError> {
        serde_json::from_str(&self.body).map_err(|_| {
            SnapshotsError::MalformedResponse(Box::new(status_error(
                self.method,
                self.url,
                self.status,
                self.headers,
                self.body,
                None,
            )))
        })
    }
}

async fn read(response: reqwest::Response) -> Result<Answer, reqwest::Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await?;
    Ok(Answer {
        status,
        headers,
        body,
        method: Method::GET,
        url: String::new(),
    })
}

/// Whether a retry after `delay` would start before the call's total timeout ends.
fn starts_before(delay: Duration, deadline: Instant) -> bool {
    Instant::now() + delay < deadline
}

/// Whether the call's total timeout has passed (a timer fires up to this early by the clock:
/// then it was the total's, not the connect timeout's).
fn ended(deadline: Instant) -> bool {
    Instant::now() + Duration::from_millis(100) >= deadline
}

/// `total`: the attempt's timeout that passed was what was left of the call's total timeout.
fn transport_error(method: Method, url: String, source: reqwest::Error, total: bool) -> SnapshotsError {
    if source.is_timeout() {
        SnapshotsError::Timeout {
            method,
            url,
            source,
            total,
        }
    } else {
        SnapshotsError::Connection {
            method,
            url,
            source,
        }
    }
}

fn judge(
    operation: &Operation,
    method: Method,
    url: String,
    answer: Answer,
) -> Result<Answer, SnapshotsError> {
    let documented = operation.statuses.contains(&answer.status.as_u16());
    if answer.status.is_success() {
        if !documented {
            let error = status_error(
                method,
                url,
                answer.status,
                answer.headers,
                answer.body,
                None,
            );
            return Err(SnapshotsError::UndocumentedStatus(Box::new(error)));
        }
        return Ok(Answer {
            method,
            url,
            ..answer
        });
    }
    let parsed = serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(error_body);
    let known = parsed.is_some();
    let error = Box::new(status_error(
        method,
        url,
        answer.status,
        answer.headers,
        answer.body,
        parsed,
    ));
    Err(if !known {
        SnapshotsError::MalformedResponse(error)
    } else if documented {
        SnapshotsError::Status(error)
    } else {
        SnapshotsError::UndocumentedStatus(error)
    })
}

type ErrorBody = (String, String, Vec<models::ErrorDetail>);

// Read field by field, not as the generated `models::Error`: its `ErrorCode` enum would refuse
// a code newer than this crate.
fn error_body(body: serde_json::Value) -> Option<ErrorBody> {
    let error = body.get("error")?;
    let code = error.get("code")?.as_str()?.to_owned();
    let message = error.get("message")?.as_str()?.to_owned();
    let details = match error.get("details") {
        None => Vec::new(),
        Some(details) => serde_json::from_value(details.clone()).ok()?,
    };
    Some((code, message, details))
}

fn status_error(
    method: Method,
    url: String,
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    parsed: Option<ErrorBody>,
) -> StatusError {
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (code, message, details) = match parsed {
        Some((code, message, details)) => (Some(code), Some(message), details),
        None => (None, None, Vec::new()),
    };
    StatusError {
        method,
        url,
        status,
        code,
        message,
        details,
        headers,
        request_id,
        body,
    }
}
