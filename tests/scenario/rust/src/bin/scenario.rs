//! The shared scenario's Rust program: the generated client walks the steps in the file named
//! by its argument against $SNAPSHOTS_MOCK_URL and prints one JSON line per step
//! (tests/scenario/steps.py says what they hold).

use std::collections::HashMap;

use serde_json::{json, Value};
use vps_snapshots_client::apis::configuration::Configuration;
use vps_snapshots_client::apis::{snapshots_api, Error, ResponseContent};
use vps_snapshots_client::models::SnapshotCreateRequest;

/// The status and error code of a refused call (every documented error has the Error body).
fn refusal<T>(error: Error<T>) -> (u16, Value) {
    match error {
        Error::ResponseError(ResponseContent { status, content, .. }) => {
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
        "deleteSnapshot" => match snapshots_api::delete_snapshot(&configuration, snapshot_id).await {
            Ok(()) => (204, Value::Null, Value::Null),
            Err(error) => refused(error),
        },
        other => panic!("unknown call {other}"),
    };
    json!({"id": step["id"], "status": status, "code": code, "count": count})
}

#[tokio::main]
async fn main() {
    let path = std::env::args().nth(1).expect("the steps file");
    let text = std::fs::read_to_string(path).expect("a readable steps file");
    let scenario: Value = serde_json::from_str(&text).expect("JSON steps");
    let base_url = std::env::var("SNAPSHOTS_MOCK_URL").expect("SNAPSHOTS_MOCK_URL");
    let mut saved = HashMap::new();
    for step in scenario["steps"].as_array().expect("a list of steps") {
        println!("{}", run(step, &mut saved, &base_url).await);
    }
}
