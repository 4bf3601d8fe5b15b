//! Plays the interrupted turn through the sidecar with the async client, prints what happens,
//! checks the result, and exits non-zero if any check fails.
//!
//! The sidecar is `$TOOL_SEQUENCER_BIN`, else the repository's `.build/debug/tool-sequencer`,
//! else `tool-sequencer` on `PATH`.

use std::process::ExitCode;
use tool_sequencer_rust_host::{scenario, sidecar_path, SequencerClient, Stderr};

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let program = sidecar_path();
    println!("sidecar: {}", program.display());
    let client = match SequencerClient::builder()
        .program(program)
        .stderr(Stderr::Inherit)
        .spawn()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let transcript = match scenario::play(&client, &mut |line| println!("{line}")).await {
        Ok(transcript) => transcript,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    println!();
    let checks = scenario::check(&transcript);
    for check in &checks {
        match &check.outcome {
            Ok(()) => println!("ok      {}", check.name),
            Err(why) => println!("FAILED  {}: {why}", check.name),
        }
    }
    let failed = checks.iter().filter(|check| !check.passed()).count();
    println!("checks: {} passed, {failed} failed", checks.len() - failed);

    match client.shutdown().await {
        Ok(Some(status)) if status.success() => {}
        Ok(Some(status)) => {
            eprintln!("error: the sidecar exited with {status} after shutdown");
            return ExitCode::FAILURE;
        }
        Ok(None) => {
            eprintln!("error: the sidecar's exit status is unknown after shutdown");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
