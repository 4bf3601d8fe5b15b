//! Helpers shared by the integration tests.

use std::time::Duration;
use tool_sequencer_rust_host::{SequencerClient, Stderr};

/// The sidecar under test (`sidecar_path()`), its log kept in memory so that test output stays
/// clean.
pub fn sidecar() -> SequencerClient {
    SequencerClient::builder()
        .stderr(Stderr::Capture)
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// A stand-in for the sidecar: `sh -c script`, for replies the real sidecar never gives.
#[allow(dead_code)]
pub fn fake_sidecar(script: &str) -> SequencerClient {
    SequencerClient::builder()
        .program("sh")
        .arg("-c")
        .arg(script)
        .stderr(Stderr::Capture)
        .timeout(Duration::from_secs(10))
        .exit_timeout(Duration::from_millis(200))
        .spawn()
        .unwrap_or_else(|error| panic!("sh: {error}"))
}
