// Shared by the tests: the sidecar under test, items, temporary directories, fake sidecars.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ToolSequencer, findBinary } from '../index.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(HERE, '..', '..', '..');

/**
 * The sidecar under test: $TOOL_SEQUENCER_BIN, else as the client finds it. Throws (the test
 * fails, it is never skipped) when there is none.
 */
export function sidecarBinary() {
  try {
    return findBinary();
  } catch (error) {
    throw new Error(`the tool-sequencer binary is missing: run \`swift build\` in ${REPO_ROOT} first, or set TOOL_SEQUENCER_BIN. ${error.message}`);
  }
}

/** A client on the real sidecar, closed when the test ends. */
export function sidecar(t, options = {}) {
  const client = new ToolSequencer({ binary: sidecarBinary(), timeoutMs: 20000, ...options });
  t.after(() => client.close({ timeoutMs: 5000 }));
  return client;
}

/** A client whose "sidecar" is a script in tests/fixtures run by this Node. */
export function fakeSidecar(t, script, args = [], options = {}) {
  const client = new ToolSequencer({ binary: process.execPath, args: [join(HERE, 'fixtures', script), ...args], timeoutMs: 5000, ...options });
  t.after(() => client.close({ timeoutMs: 2000 }));
  return client;
}

/** Every test that waits on a process fails after this long instead of hanging the run. */
export const LIMIT = Object.freeze({ timeout: 60000 });

/** A new empty directory, removed when the test ends. */
export function temporaryDirectory(t) {
  const path = mkdtempSync(join(tmpdir(), 'tool-sequencer-node-'));
  t.after(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

/** Resolves when `client` emits `event`, with its argument. */
export function nextEvent(client, event) {
  return new Promise((resolve) => client.once(event, resolve));
}

export const USER = '{"type":"message","role":"user","content":[{"type":"input_text","text":"Build the project."}]}';
export const REASONING = '{"type":"reasoning","summary":[{"type":"summary_text","text":"Run make."}],"encrypted_content":null}';
export const SHELL = '{"type":"local_shell_call","call_id":"call_make","status":"in_progress","action":{"type":"exec","command":["bash","-lc","make"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}}';
export const QUESTION = '{"type":"message","role":"user","content":[{"type":"input_text","text":"Stop, why is it so slow?"}]}';
export const INTERRUPTED = '{"type":"function_call_output","call_id":"call_make","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}';

/** A function call and its output, with call id `id`. */
export function callAndOutput(id) {
  return [
    `{"type":"function_call","call_id":"${id}","name":"read_file","arguments":"{\\"path\\":\\"README.md\\"}"}`,
    `{"type":"function_call_output","call_id":"${id}","output":"# project"}`,
  ];
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text, needle) {
  return text.split(needle).length - 1;
}
