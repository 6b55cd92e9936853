//! The shared scenario's Rust program: the generated client walks the steps in the file named
//! by its argument against $SNAPSHOTS_MOCK_URL and prints one JSON line per step
//! (tests/scenario/steps.py says what they hold). The steps marked `layer` go through the
//! crate's SnapshotsClient instead.

use std::collections::HashMap;

use serde_json::{json, Value};
use vps_snapshots_client::apis::configuration::{Client as HttpClient, Configuration};
use vps_snapshots_client::apis::{snapshots_api, Error, ResponseContent};
use vps_snapshots_client::models::SnapshotCreateRequest;
use vps_snapshots_client::{SnapshotsClient, SnapshotsError, WaitOptions};

/// The status and error code of a refused call (every documented error has the Error body).
fn refusal<T>(error: Error<T>) -> (u16, Value) {
    match error {
        Error::ResponseError(ResponseContent {
            status, content, ..
        }) => {
            let body: vps_snapshots_client::models::Error =
                serde_json::from_str(&content).expect("an Error body");
            (status.as_u16(), json!(body.error.code.to_string()))
        }
        other => panic!("the call failed: {other}"),
    }
}

fn refused<T>(error: Error<T>) -> (u16, Value, Value) {
    let (status, code) = refusal(error);
    (status, code, Value::Null)
}

async fn run(step: &Value, saved: &mut HashMap<String, i64>, base_url: &str) -> Value {
    let configuration = Configuration {
        base_path: base_url.to_owned(),
        bearer_access_token: step["token"].as_str().map(str::to_owned),
        ..Configuration::default()
    };
    let snapshot_id = match step["snapshot"].as_str() {
        Some(name) => saved[name],
        None => step["snapshot_id"].as_i64().unwrap_or(0),
    };
    let (status, code, count) = match step["call"].as_str().expect("a call") {
        "listSnapshots" => {
            match snapshots_api::list_snapshots(&configuration, step["server_id"].as_i64()).await {
                Ok(listed) => (200, Value::Null, json!(listed.results.len())),
                Err(error) => refused(error),
            }
        }
        "createSnapshot" => {
            let request = SnapshotCreateRequest {
                server_id: step["server_id"].as_i64().expect("a server_id"),
                name: step["name"].as_str().expect("a name").to_owned(),
                description: None,
            };
            match snapshots_api::create_snapshot(&configuration, request).await {
                Ok(created) => {
                    if let Some(name) = step["save"].as_str() {
                        saved.insert(name.to_owned(), created.id);
                    }
                    (201, Value::Null, Value::Null)
                }
                Err(error) => refused(error),
            }
        }
        "restoreSnapshot" => {
            match snapshots_api::restore_snapshot(&configuration, snapshot_id).await {
                Ok(_) => (200, Value::Null, Value::Null),
                Err(error) => refused(error),
            }
        }
        "deleteSnapshot" => match snapshots_api::delete_snapshot(&configuration, snapshot_id).await
        {
            Ok(()) => (204, Value::Null, Value::Null),
            Err(error) => refused(error),
        },
        other => panic!("unknown call {other}"),
    };
    json!({"id": step["id"], "status": status, "code": code, "count": count})
}

/// One request to the mock's misbehaviour rules; the answer's body.
async fn admin(base_url: &str, method: &str, rule: Option<&Value>) -> String {
    let url = format!("{base_url}/_mock/misbehaviour");
    let http = HttpClient::new();
    let request = match (method, rule) {
        ("POST", Some(rule)) => http.post(url).body(rule.to_string()),
        ("GET", None) => http.get(url),
        ("DELETE", None) => http.delete(url),
        other => panic!("no such admin request {other:?}"),
    };
    let answer = request.send().await.expect("the mock's misbehaviour rules");
    assert!(answer.status().as_u16() < 300, "{}", answer.status());
    answer.text().await.expect("a body")
}

/// The neutral name of the layer's error.
fn kind(error: &SnapshotsError) -> String {
    match error {
        SnapshotsError::Status(_) => "status",
        SnapshotsError::UndocumentedStatus(_) => "undocumented_status",
        SnapshotsError::MalformedResponse(_) => "malformed_response",
        SnapshotsError::Connection { .. } => "connection",
        SnapshotsError::Timeout { .. } => "timeout",
        SnapshotsError::SnapshotFailed { .. } => "snapshot_failed",
        SnapshotsError::SnapshotGone { .. } => "snapshot_gone",
        SnapshotsError::WaitDeadline { .. } => "wait_deadline",
        other => return format!("other {other:?}"),
    }
    .to_owned()
}

async fn run_layer(step: &Value, saved: &mut HashMap<String, i64>, base_url: &str) -> Value {
    let mut outcome = json!({"id": step["id"], "error": "none"});
    let snapshot_id = match step["snapshot"].as_str() {
        Some(name) => saved[name],
        None => step["snapshot_id"].as_i64().unwrap_or(0),
    };
    let arm = step.get("arm");
    if arm.is_some() {
        admin(base_url, "POST", arm).await;
    }
    let client =
        SnapshotsClient::new(step["token"].as_str().expect("a token")).with_base_url(base_url);
    let server_id = step["server_id"].as_i64();
    let result = match step["call"].as_str().expect("a call") {
        "listSnapshots" => client.list_snapshots(server_id).await.map(|listed| {
            outcome["count"] = json!(listed.results.len());
        }),
        "createSnapshot" => {
            let request = SnapshotCreateRequest {
                server_id: server_id.expect("a server_id"),
                name: step["name"].as_str().expect("a name").to_owned(),
                description: None,
            };
            client.create_snapshot(&request).await.map(|created| {
                if let Some(name) = step["save"].as_str() {
                    saved.insert(name.to_owned(), created.id);
                }
            })
        }
        "deleteSnapshot" => client.delete_snapshot(snapshot_id).await,
        "waitForSnapshot" => {
            let options = WaitOptions {
                server_id,
                ..WaitOptions::default()
            };
            client
                .wait_for_snapshot(snapshot_id, &options)
                .await
                .map(|waited| {
                    outcome["state"] = json!(waited.status.to_string());
                })
        }
        other => panic!("unknown call {other}"),
    };
    if let Err(error) = result {
        outcome["error"] = json!(kind(&error));
        if let Some(status) = error.status_error() {
            outcome["status"] = json!(status.status.as_u16());
            outcome["code"] = json!(status.code);
        }
    }
    if arm.is_some() {
        outcome["rules"] = json!(admin(base_url, "GET", None).await);
        admin(base_url, "DELETE", None).await;
    }
    outcome
}

#[tokio::main]
async fn main() {
    let path = std::env::args().nth(1).expect("the steps file");
    let text = std::fs::read_to_string(path).expect("a readable steps file");
    let scenario: Value = serde_json::from_str(&text).expect("JSON steps");
    let base_url = std::env::var("SNAPSHOTS_MOCK_URL").expect("SNAPSHOTS_MOCK_URL");
    let mut saved = HashMap::new();
    for step in scenario["steps"].as_array().expect("a list of steps") {
        let outcome = if step["layer"].as_bool().unwrap_or(false) {
            run_layer(step, &mut saved, &base_url).await
        } else {
            run(step, &mut saved, &base_url).await
        };
        println!("{outcome}");
    }
}
