//! Helpers shared by the integration tests.
#![allow(dead_code)]

use serde_json::value::RawValue;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tool_sequencer_rust_host::items::{from_raw_items, to_raw_items, ResponseItem};
use tool_sequencer_rust_host::{
    sidecar_path, ClientBuilder, MessagesQuery, SequencerClient, Stderr,
};

/// The sidecar under test. Fails loudly when it is missing: a test that skips silently
/// because the binary was not built would prove nothing.
pub fn sidecar_bin() -> PathBuf {
    let path = sidecar_path();
    assert!(
        path.is_file(),
        "the sidecar {} does not exist: build it (`swift build --product tool-sequencer` at the \
         repository root) or set TOOL_SEQUENCER_BIN to a built tool-sequencer",
        path.display()
    );
    path
}

/// Settings for the sidecar under test, its log kept in memory so that test output stays clean.
pub fn builder() -> ClientBuilder {
    SequencerClient::builder()
        .program(sidecar_bin())
        .stderr(Stderr::Capture)
        .timeout(Duration::from_secs(20))
}

/// The sidecar under test.
pub fn sidecar() -> SequencerClient {
    builder().spawn().unwrap_or_else(|error| panic!("{error}"))
}

/// A stand-in for the sidecar: `sh -c script`, for replies the real sidecar never gives.
pub fn fake_sidecar(script: &str) -> ClientBuilder {
    SequencerClient::builder()
        .program("sh")
        .arg("-c")
        .arg(script)
        .stderr(Stderr::Capture)
        .timeout(Duration::from_secs(10))
        .exit_timeout(Duration::from_millis(200))
}

/// Items as the client sends them.
pub fn raw(items: &[ResponseItem]) -> Vec<Box<RawValue>> {
    to_raw_items(items).unwrap()
}

/// The session's committed array in Responses format, as typed items.
pub async fn committed(client: &SequencerClient, session: &str) -> Vec<ResponseItem> {
    let messages = client
        .session_messages::<Vec<Box<RawValue>>>(session, MessagesQuery::default())
        .await
        .unwrap();
    from_raw_items(&messages.messages).unwrap()
}

/// One item from its JSON text, bytes kept.
pub fn raw_text(text: &str) -> Box<RawValue> {
    RawValue::from_string(text.to_owned()).unwrap()
}

/// Sends SIGKILL to `pid`.
pub fn kill9(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -9 {pid} failed");
}

/// A fresh directory under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "rust-host-{name}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
