//! The Rust client's layer (SnapshotsClient) against a mock started with --misbehaviour: each
//! case arms the mock's answers over HTTP, calls, and prints one JSON line of what it saw;
//! tests/bindings/test_rust_layer.py compares the lines. Arguments: the token, another
//! account's token, the page's server and the flaky server (snapshots_mock.seed_facts).

use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};
use vps_snapshots_client::apis::configuration::Client as HttpClient;
use vps_snapshots_client::models::SnapshotCreateRequest;
use vps_snapshots_client::{RetryPolicy, SnapshotsClient, SnapshotsError, WaitOptions};

// The debug lines of the retries, so that a Retry-After is checked in the line, not by timing.
static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Recorder;

impl log::Log for Recorder {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target() == "vps_snapshots_client"
    }
    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            LINES
                .lock()
                .unwrap()
                .push(format!("{} {}", record.level(), record.args()));
        }
    }
    fn flush(&self) {}
}

static RECORDER: Recorder = Recorder;

fn retries_logged() -> Vec<String> {
    let lines = std::mem::take(&mut *LINES.lock().unwrap());
    // The URL's port changes from run to run: keep the level, the cause and the wait.
    lines
        .iter()
        .map(|line| {
            let (level, rest) = line.split_once(' ').unwrap();
            let cause = rest.split(" after ").nth(1).unwrap();
            format!("{level} after {cause}")
        })
        .collect()
}

struct Mock {
    url: String,
    http: HttpClient,
}

impl Mock {
    async fn arm(&self, rule: Value) {
        let answer = self
            .http
            .post(format!("{}/_mock/misbehaviour", self.url))
            .json(&rule)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 201, "{rule}");
    }
    async fn times_left(&self) -> Vec<i64> {
        let answer = self
            .http
            .get(format!("{}/_mock/misbehaviour", self.url))
            .send()
            .await
            .unwrap();
        let rules: Vec<Value> = answer.json().await.unwrap();
        rules
            .iter()
            .map(|rule| rule["times"].as_i64().unwrap())
            .collect()
    }
    async fn disarm(&self) {
        self.http
            .delete(format!("{}/_mock/misbehaviour", self.url))
            .send()
            .await
            .unwrap();
        LINES.lock().unwrap().clear();
    }
}

fn kind(error: &SnapshotsError) -> &'static str {
    match error {
        SnapshotsError::Status(_) => "Status",
        SnapshotsError::UndocumentedStatus(_) => "UndocumentedStatus",
        SnapshotsError::MalformedResponse(_) => "MalformedResponse",
        SnapshotsError::Connection { .. } => "Connection",
        SnapshotsError::Timeout { .. } => "Timeout",
        SnapshotsError::SnapshotFailed { .. } => "SnapshotFailed",
        SnapshotsError::SnapshotGone { .. } => "SnapshotGone",
        SnapshotsError::WaitDeadline { .. } => "WaitDeadline",
        _ => "other",
    }
}

fn described(error: &SnapshotsError) -> Value {
    let mut seen = json!({"error": kind(error)});
    if let Some(answer) = error.status_error() {
        seen["status"] = json!(answer.status.as_u16());
        seen["code"] = json!(answer.code);
        seen["known_code"] = json!(answer.error_code().map(|code| code.to_string()));
        seen["request_id"] = json!(answer.request_id);
        seen["body_is_html"] = json!(answer.body.contains("<html"));
    }
    match error {
        SnapshotsError::Timeout { total, .. } => seen["total"] = json!(total),
        SnapshotsError::SnapshotFailed { snapshot, .. } => {
            seen["status"] = json!(snapshot.status.to_string())
        }
        SnapshotsError::SnapshotGone { last_seen, .. }
        | SnapshotsError::WaitDeadline { last_seen, .. } => {
            seen["last_seen"] = json!(last_seen
                .as_ref()
                .map(|snapshot| snapshot.status.to_string()))
        }
        _ => {}
    }
    seen
}

fn print(case: &str, seen: Value) {
    println!("{}", json!({"case": case, "seen": seen}));
}

fn outcome<T>(result: Result<T, SnapshotsError>, ok: impl FnOnce(T) -> Value) -> Value {
    match result {
        Ok(value) => json!({"ok": ok(value), "retries": retries_logged()}),
        Err(error) => {
            let mut seen = described(&error);
            seen["retries"] = json!(retries_logged());
            seen
        }
    }
}

fn request(server_id: i64, name: &str) -> SnapshotCreateRequest {
    SnapshotCreateRequest {
        server_id,
        name: name.to_owned(),
        description: None,
    }
}

#[tokio::main]
async fn main() {
    log::set_logger(&RECORDER).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [token, other_token, server, flaky] = arguments.as_slice() else {
        panic!("four arguments")
    };
    let (server, flaky): (i64, i64) = (server.parse().unwrap(), flaky.parse().unwrap());
    let url = std::env::var("SNAPSHOTS_MOCK_URL").unwrap();
    let mock = Mock {
        url: url.clone(),
        http: HttpClient::new(),
    };
    let fast = RetryPolicy {
        backoff_initial: Duration::from_millis(10),
        backoff_max: Duration::from_millis(50),
        ..RetryPolicy::default()
    };
    let api = SnapshotsClient::new(token.as_str())
        .with_base_url(url.as_str())
        .with_retry(fast.clone());
    let list = "/api/v1/snapshots/";
    let count = |listed: vps_snapshots_client::models::SnapshotList| json!(listed.count);

    // The name before NO_RETRIES, kept (deprecated) for code written for 2.0.
    #[allow(deprecated)]
    let disabled = RetryPolicy::disabled();
    print(
        "defaults",
        json!({
            "timeout_s": SnapshotsClient::new("t").timeout().as_secs(),
            "total_timeout_s": SnapshotsClient::new("t").total_timeout().as_secs(),
            "connect_timeout_s": vps_snapshots_client::DEFAULT_CONNECT_TIMEOUT.as_secs(),
            "max_retries": SnapshotsClient::new("t").retry().max_retries,
            "no_retries": RetryPolicy::NO_RETRIES.max_retries,
            "disabled_is_no_retries": disabled == RetryPolicy::NO_RETRIES,
        }),
    );

    mock.arm(json!({"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 1}))
        .await;
    print(
        "429 with Retry-After is retried after it",
        outcome(api.list_snapshots(Some(server)).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "unavailable", "times": 2}))
        .await;
    print(
        "503 is retried with backoff",
        outcome(api.list_snapshots(Some(server)).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "DELETE", "path": "/api/v1/snapshots/*/", "answer": "unavailable", "times": 9})).await;
    let result = api
        .with_retry(RetryPolicy {
            max_retries: 2,
            ..fast.clone()
        })
        .delete_snapshot(1)
        .await;
    print(
        "a delete that keeps failing is an error after its retries",
        outcome(result, |()| json!(null)),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 3600}))
        .await;
    print(
        "a Retry-After beyond the limit is not waited for",
        outcome(api.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "unavailable"}))
        .await;
    let result = api
        .with_retry(RetryPolicy::NO_RETRIES)
        .list_snapshots(None)
        .await;
    print("retries switched off", outcome(result, count));
    mock.disarm().await;

    mock.arm(json!({"method": "POST", "path": list, "answer": "unavailable", "times": 2}))
        .await;
    let result = api.create_snapshot(&request(server, "sent-once")).await;
    let mut seen = outcome(result, |created| json!(created.id));
    seen["rule_times_left"] = json!(mock.times_left().await);
    print("a create is never sent twice", seen);
    mock.disarm().await;

    mock.arm(json!({"method": "POST", "path": "/api/v1/snapshots/*/restore/", "answer": "unavailable", "times": 2})).await;
    let result = api.restore_snapshot(1).await;
    let mut seen = outcome(result, |restored| json!(restored.message));
    seen["rule_times_left"] = json!(mock.times_left().await);
    print("a restore is never sent twice", seen);
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "html"}))
        .await;
    print(
        "an HTML 502 is a malformed response",
        outcome(api.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "unknown_code"}))
        .await;
    print(
        "an unknown error code is kept as a string",
        outcome(api.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "unknown_code", "status": 418}))
        .await;
    print(
        "an undocumented status is its own error",
        outcome(api.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    let short = api
        .with_timeout(Duration::from_millis(500))
        .with_retry(RetryPolicy::NO_RETRIES);
    mock.arm(json!({"method": "GET", "path": list, "answer": "slow", "delay": 3}))
        .await;
    print(
        "a slow answer past the timeout",
        outcome(short.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "no_answer", "delay": 5}))
        .await;
    print(
        "no answer times out",
        outcome(short.list_snapshots(None).await, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "no_answer", "delay": 5}))
        .await;
    let result = api
        .with_timeout(Duration::from_millis(500))
        .list_snapshots(Some(server))
        .await;
    print(
        "a list without an answer is retried",
        outcome(result, count),
    );
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "no_answer", "delay": 5, "times": 10}))
        .await;
    let result = api
        .with_timeout(Duration::from_millis(500))
        .with_total_timeout(Duration::from_millis(1200))
        .list_snapshots(Some(server))
        .await;
    let mut seen = outcome(result, count);
    seen["rule_times_left"] = json!(mock.times_left().await);
    print("no answer, ended at the call's total timeout", seen);
    mock.disarm().await;

    mock.arm(json!({"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 2, "times": 2}))
        .await;
    let result = api
        .with_total_timeout(Duration::from_secs(1))
        .list_snapshots(Some(server))
        .await;
    let mut seen = outcome(result, count);
    seen["rule_times_left"] = json!(mock.times_left().await);
    print("a Retry-After past the call's total timeout", seen);
    mock.disarm().await;

    // Each attempt may take 5 s, the call 1 s: the total ends an answer whose body stalls.
    let stalling = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let stalling_url = format!("http://{}", stalling.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut connection, _)) = stalling.accept() {
            let _ = connection.read(&mut [0u8; 8192]);
            let _ = connection.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"count\"",
            );
            std::thread::sleep(Duration::from_secs(30));
        }
    });
    let result = api
        .with_base_url(stalling_url.as_str())
        .with_retry(RetryPolicy::NO_RETRIES)
        .with_timeout(Duration::from_secs(5))
        .with_total_timeout(Duration::from_secs(1))
        .list_snapshots(Some(server))
        .await;
    print("an answer whose body stalls", outcome(result, count));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let nowhere = api
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry(RetryPolicy {
            max_retries: 1,
            ..fast.clone()
        });
    print(
        "a closed port is a connection error",
        outcome(nowhere.list_snapshots(None).await, count),
    );

    let created = api
        .create_snapshot(&request(server, "refused-twice"))
        .await
        .unwrap();
    let result = api.create_snapshot(&request(server, "refused-twice")).await;
    print(
        "a documented error carries its code",
        outcome(result, |created| json!(created.id)),
    );
    api.delete_snapshot(created.id).await.unwrap();

    let poll = |server_id| WaitOptions {
        server_id,
        poll_interval: Duration::from_millis(50),
        deadline: Duration::from_secs(30),
    };
    let created = api
        .create_snapshot(&request(server, "waited-for"))
        .await
        .unwrap();
    let result = api.wait_for_snapshot(created.id, &poll(Some(server))).await;
    print(
        "wait: completed",
        outcome(
            result,
            |snapshot| json!({"same": snapshot.id == created.id, "status": snapshot.status.to_string(), "sized": snapshot.size_mb.is_some()}),
        ),
    );
    api.delete_snapshot(created.id).await.unwrap();

    let other = SnapshotsClient::new(other_token.as_str())
        .with_base_url(url.as_str())
        .with_retry(fast.clone());
    let created = other
        .create_snapshot(&request(flaky, "doomed"))
        .await
        .unwrap();
    let result = other.wait_for_snapshot(created.id, &poll(None)).await;
    print(
        "wait: failed",
        outcome(result, |snapshot| json!(snapshot.status.to_string())),
    );
    other.delete_snapshot(created.id).await.unwrap();

    let created = api
        .create_snapshot(&request(server, "deleted-meanwhile"))
        .await
        .unwrap();
    let deleter = {
        let api = api.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            api.delete_snapshot(created.id).await
        })
    };
    let result = api.wait_for_snapshot(created.id, &poll(Some(server))).await;
    deleter.await.unwrap().unwrap();
    print(
        "wait: gone",
        outcome(result, |snapshot| json!(snapshot.status.to_string())),
    );

    let created = api
        .create_snapshot(&request(server, "too-slow"))
        .await
        .unwrap();
    let options = WaitOptions {
        deadline: Duration::from_millis(300),
        ..poll(Some(server))
    };
    let result = api.wait_for_snapshot(created.id, &options).await;
    print(
        "wait: deadline",
        outcome(result, |snapshot| json!(snapshot.status.to_string())),
    );

    // Dropping the wait's future cancels it: nothing more is polled.
    let cancelled = tokio::time::timeout(
        Duration::from_millis(200),
        api.wait_for_snapshot(created.id, &poll(Some(server))),
    )
    .await;
    print(
        "wait: cancelled by dropping it",
        json!({"cancelled": cancelled.is_err()}),
    );
    api.delete_snapshot(created.id).await.unwrap();
}
