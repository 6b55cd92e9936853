#![allow(unused_imports)]
#![allow(clippy::too_many_arguments)]

extern crate serde_repr;
extern crate serde;
extern crate serde_json;
extern crate url;
extern crate reqwest;

pub mod apis;
pub mod models;

// The hand-written layer (openapi/rust-client/layer/, added by scripts/targets/rust.py).
mod documented;
pub mod sdk;
pub use documented::DEFAULT_BASE_URL;
pub use sdk::{
    retry_after, RetryPolicy, SnapshotsClient, SnapshotsError, StatusError, WaitOptions,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, DEFAULT_WAIT_DEADLINE,
};
