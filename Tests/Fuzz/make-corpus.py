#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Tests/Fuzz/corpus/<target>/.

Usage: Tests/Fuzz/make-corpus.py           (from anywhere; rewrites the three folders)

Sources, all read from the repository:
- protocol/transcripts/*.in.jsonl (the golden transcripts), when present;
- examples/**/*.jsonl (the shell scenarios, the request examples, the Codex rollouts);
- a few hand-written inputs below;
- the saved crash inputs, Tests/*/Fixtures/FuzzRegressions/<target>-*.

What each target gets:
- json-parser:  up to three lines of every source file (first, middle, last), and hand-written
                texts (escapes, surrogates, numbers, nesting, invalid UTF-8);
- request-line: every source file whole (cut into pieces of at most 12 KB at line ends), and
                hand-written request lines;
- stream-shape: hand-written stream programs (see STREAM_SHAPE_HAND_WRITTEN).
- session-ops:  every transcript and shell scenario turned into a program of the format that
                Tests/Fuzz/SessionOps/FuzzSessionOps.swift reads (submits as raw-JSON steps, cancels as
                cancel steps), every rollout likewise, and hand-written programs.

File names are the SHA-1 of the contents, so rerunning changes nothing unless a source did.
Every corpus stays under 200 files and 1 MB; the script checks this.
"""

import glob
import hashlib
import json
import os
import shutil
import struct
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CORPUS = os.path.join(ROOT, "Tests", "Fuzz", "corpus")
MAX_FILES = 200
MAX_BYTES = 1 << 20

# Opcodes of the session-ops program (see FuzzSessionOps.swift).
OP_SUBMIT_GENERATED = 0
OP_SUBMIT_RAW = 9
OP_CANCEL_NAMED = 10
OP_CANCEL_ALL = 12
OP_CANCEL_PENDING_REVERSED = 13
OP_OUTPUTS_FOR_PENDING = 15
REASONS = {"interrupted": 0, "failed": 1, "timeout": 2, "lost": 3}
SESSION_OPS_MAX_LEN = 4096


def sources():
    """The source files, in a stable order."""
    files = sorted(glob.glob(os.path.join(ROOT, "protocol", "transcripts", "*.in.jsonl")))
    files += sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.jsonl"), recursive=True))
    return [f for f in files if not f.endswith(".expected.jsonl")]


def lines_of(path):
    with open(path, "rb") as f:
        return [line for line in f.read().split(b"\n") if line.strip()]


# MARK: - json-parser

JSON_HAND_WRITTEN = [
    b'{"a":"\\u00e9\\ud83d\\ude00\\n\\"\\\\\\/\\b\\f\\r\\t","b":[1,-0,0.5e-3,1E+2,-12.0e10]}',
    b'"\\ud800"',
    b'"\\udc00\\ud800"',
    b'"\xc3\xa9\xe2\x9c\x93\xf0\x9f\x98\x80"',
    b'"\xed\xa0\x80"',
    b'"\xf4\x90\x80\x80"',
    b'"\xc0\xaf"',
    b"[" * 40 + b"]" * 40,
    b'{"":{"":{"":[[],{}]}}}',
    b"01",
    b"-",
    b"1.",
    b"1e",
    b"\xef\xbb\xbf{}",
    b" \t\r\n[ true , false , null ] \n",
    b'{"a":1,"a":2}',
    b'"abcdefghijklmnopqrstuvwxyz0123456789\\u0041"',
    b"123456789012345678901234567890",
]


def json_parser_corpus():
    files = [lines for lines in map(lines_of, sources()) if lines]
    # Three lines of every file (first, middle, last), fewer if that would make too many files.
    for picks in (3, 2, 1):
        seeds = list(JSON_HAND_WRITTEN)
        for lines in files:
            indices = [0, len(lines) // 2, len(lines) - 1][:picks] if picks > 1 else [0]
            seeds += [lines[index] for index in sorted(set(indices))]
        if len(set(seeds)) < MAX_FILES - 20:
            return seeds
    return seeds[: MAX_FILES - 20]


# MARK: - request-line

REQUEST_HAND_WRITTEN = [
    b'{"jsonrpc":"2.0","id":1,"method":"initialize"}\n',
    b'{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"a"}}\n'
    b'{"jsonrpc":"2.0","id":2,"method":"session/submit","params":{"session":"a","items":['
    b'{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},'
    b'{"type":"message","role":"user","content":"hi"}]}}\n'
    b'{"jsonrpc":"2.0","id":3,"method":"session/cancel","params":{"session":"a"}}\n'
    b'{"jsonrpc":"2.0","id":4,"method":"session/messages","params":{"session":"a","format":"gemini"}}\n'
    b'{"jsonrpc":"2.0","id":5,"method":"session/state","params":{"session":"a"}}\n'
    b'{"jsonrpc":"2.0","id":6,"method":"session/close","params":{"session":"a"}}\n',
    b'[{"jsonrpc":"2.0","id":1,"method":"validate","params":{"format":"chat","messages":[]}},'
    b'{"jsonrpc":"2.0","method":"initialize"},1,[]]\n',
    b'{"jsonrpc":"2.0","id":"x","method":"sequence","params":{"missingOutput":"drop","items":['
    b'{"type":"reasoning","summary":[]},{"type":"local_shell_call","call_id":"c","status":"completed",'
    b'"action":{"type":"exec","command":["ls"]}}]}}\r\n',
    b'{"jsonrpc":"2.0","id":7,"method":"shutdown"}\n{"jsonrpc":"2.0","id":8,"method":"initialize"}',
]


def pieces(data, limit=12 * 1024):
    """`data` cut at line ends into pieces of at most `limit` bytes (a longer line is cut)."""
    result, current = [], b""
    for line in data.split(b"\n"):
        line += b"\n"
        if current and len(current) + len(line) > limit:
            result.append(current)
            current = b""
        current += line
        while len(current) > limit:
            result.append(current[:limit])
            current = current[limit:]
    if current.strip():
        result.append(current)
    return result


def request_line_corpus():
    seeds = list(REQUEST_HAND_WRITTEN)
    for path in sources():
        with open(path, "rb") as f:
            seeds += pieces(f.read())
    return seeds


# MARK: - session-ops


class ProgramWriter:
    """Builds session-ops programs, starting a new one before the length limit."""

    def __init__(self, header):
        self.header = header
        self.programs = []
        self.current = bytes([header])

    def add(self, step):
        if len(self.current) + len(step) > SESSION_OPS_MAX_LEN and len(self.current) > 1:
            self.programs.append(self.current)
            self.current = bytes([self.header])
        self.current += step

    def submit(self, values):
        # One raw step per value keeps each step small; one step for all keeps them together.
        text = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
        if len(text) <= 0xFFFF and len(text) + 4 <= SESSION_OPS_MAX_LEN:
            self.add(bytes([OP_SUBMIT_RAW]) + struct.pack("<H", len(text)) + text)
        else:
            for value in values:
                self.submit([value])

    def cancel(self, reason, named):
        reason = REASONS.get(reason, 0)
        if named:
            self.add(bytes([OP_CANCEL_PENDING_REVERSED, reason]))
        else:
            self.add(bytes([OP_CANCEL_ALL, reason]))

    def finish(self):
        if len(self.current) > 1:
            self.programs.append(self.current)
        return self.programs


def program_from_requests(path, header):
    """A transcript or shell scenario as programs: every submit and sequence, every cancel."""
    writer = ProgramWriter(header)
    for line in lines_of(path):
        try:
            request = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        for message in request if isinstance(request, list) else [request]:
            if not isinstance(message, dict) or not isinstance(message.get("params"), dict):
                continue
            params = message["params"]
            method = message.get("method")
            if method in ("session/submit", "sequence") and isinstance(params.get("items"), list):
                writer.submit(params["items"])
            elif method == "session/cancel":
                writer.cancel(params.get("reason"), isinstance(params.get("callIds"), list))
    return writer.finish()


def program_from_rollout(path, header):
    """A Codex rollout as programs: its response items submitted, a turn_aborted as a cancel."""
    writer = ProgramWriter(header)
    for line in lines_of(path):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        payload = record.get("payload")
        if record.get("type") == "response_item" and isinstance(payload, dict):
            writer.submit([payload])
        elif record.get("type") == "event_msg" and isinstance(payload, dict) and payload.get("type") == "turn_aborted":
            writer.cancel("interrupted", False)
    return writer.finish()


SESSION_HAND_WRITTEN = [
    # Generated items only: a call, a message while it runs, a cancel, an output for nothing.
    bytes([0, OP_SUBMIT_GENERATED, 1, 0, 0, 0, 0, 0, 7, 0, OP_CANCEL_ALL, 0, 4, 0, 0, 0]),
    # Parallel calls, outputs for all of them, a duplicate and an altered copy.
    bytes([1, 3, 3, 0, 1, 0, 0, 0, 2, 2, 1, 3, 2, 0, 0, OP_OUTPUTS_FOR_PENDING, 1, 0, 1, 14, 0, 1, 15, 0, 1]),
    # Early outputs, then their calls; invalid and unusual values; a named cancel.
    bytes([2, 1, 4, 4, 1, 5, 0, 0, 0, 0, 0, 1, 1, 0, 0, 16, 3, 18, 2, OP_CANCEL_NAMED, 1, 1, 0, 3, 2]),
    # Custom synthetic texts, everything at once.
    bytes([4] + list(range(0, 256, 7))),
]


def session_ops_corpus():
    seeds = list(SESSION_HAND_WRITTEN)
    for index, path in enumerate(sources()):
        header = index % 8
        if os.sep + "rollouts" + os.sep in path:
            seeds += program_from_rollout(path, header)
        else:
            seeds += program_from_requests(path, header)
    return seeds


# MARK: - stream-shape

# Programs of the stream-shape target (see FuzzStreamShape.swift): a header byte (the feed), then
# ops: 0 triples, 1 nested holds, 2 pay owed outputs, 3 a huge member, 4 deep nesting, 5 cancel,
# 6 copies, 7 another kind, 8 a submit boundary, 9 a new unknown type.
STREAM_SHAPE_HAND_WRITTEN = [
    bytes([0, 0, 255, 2, 0]),                        # issue 12's stream, 256 triples, all at once
    bytes([1, 0, 255, 8, 2, 0, 8]),                  # the same, cut at boundaries
    bytes([2, 0, 255, 2, 1]),                        # through the one-shot sequencer, owed paid reversed
    bytes([3, 0, 63, 2, 0]),                         # one item per submit
    bytes([1, 1, 31, 5, 1, 31, 2, 0, 8]),            # nested holds, a cancel between
    bytes([0, 3, 255, 15, 0, 6, 0, 7, 3, 255, 15, 4, 2, 0]),  # huge members, copied
    bytes([0, 4, 255, 0, 4, 200, 1, 2, 0]),          # deep nesting
    bytes([1, 7, 0, 0, 7, 1, 1, 7, 2, 2, 7, 3, 0, 7, 4, 1, 7, 5, 2, 8, 2, 0, 9, 9]),  # every kind
]


def stream_shape_corpus():
    return list(STREAM_SHAPE_HAND_WRITTEN)


# MARK: - Writing


def regressions(target):
    """The saved crash inputs of `target`."""
    pattern = os.path.join(ROOT, "Tests", "*", "Fixtures", "FuzzRegressions", target + "-*")
    result = []
    for path in sorted(glob.glob(pattern)):
        with open(path, "rb") as f:
            result.append(f.read())
    return result


def write(target, seeds):
    seeds = seeds + regressions(target)
    folder = os.path.join(CORPUS, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    unique = {hashlib.sha1(seed).hexdigest(): seed for seed in seeds if seed}
    total = sum(len(seed) for seed in unique.values())
    if len(unique) >= MAX_FILES or total >= MAX_BYTES:
        sys.exit(f"{target}: {len(unique)} files, {total} bytes: over the limit of {MAX_FILES} files / {MAX_BYTES} bytes")
    for name, seed in unique.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(seed)
    print(f"{target}: {len(unique)} files, {total} bytes")


def main():
    write("json-parser", json_parser_corpus())
    write("request-line", request_line_corpus())
    write("session-ops", session_ops_corpus())
    write("stream-shape", stream_shape_corpus())


if __name__ == "__main__":
    main()
