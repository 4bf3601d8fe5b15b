//! Plays the interrupted turn through the sidecar, prints what happens, checks the result, and
//! exits non-zero if any check fails.
//!
//! The sidecar is `$TOOL_SEQUENCER_BIN`, else the repository's `.build/debug/tool-sequencer`,
//! else `tool-sequencer` on `PATH`.

use std::process::ExitCode;
use tool_sequencer_rust_host::{scenario, sidecar_path, SequencerClient};

fn main() -> ExitCode {
    let program = sidecar_path();
    println!("sidecar: {}", program.display());
    let mut client = match SequencerClient::builder().program(program).spawn() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let transcript = match scenario::play(&mut client, &mut |line| println!("{line}")) {
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

    match client.shutdown() {
        Ok(status) if status.success() => {}
        Ok(status) => {
            eprintln!("error: the sidecar exited with {status} after shutdown");
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
