#!/usr/bin/env bash
# Runs every scenario in this folder against a tool-sequencer binary and compares its answers
# with the expected ones, line for line.
#
#   examples/shell/run.sh [BINARY]            default BINARY: .build/debug/tool-sequencer
#   examples/shell/run.sh --update [BINARY]   rewrite the *.expected.jsonl files (review the diff!)
#
# Each scenario NAME.jsonl is run as `BINARY --frozen-clock < NAME.jsonl`; stdout must equal
# NAME.expected.jsonl and the exit status must be 0 (stderr, the log, is not compared).
# Exits 1 if any scenario differs, printing the diff; 2 if the binary is missing.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

update=0
if [[ "${1:-}" == "--update" ]]; then update=1; shift; fi
binary="${1:-$root/.build/debug/tool-sequencer}"
if [[ ! -x "$binary" ]]; then
    echo "run.sh: $binary is not an executable; build it with \`swift build\` (in $root) or pass its path" >&2
    exit 2
fi

actual="$(mktemp)"
trap 'rm -f "$actual"' EXIT

failed=0
count=0
for request in "$here"/*.jsonl; do
    case "$request" in *.expected.jsonl) continue ;; esac
    name="$(basename "$request" .jsonl)"
    expected="$here/$name.expected.jsonl"
    count=$((count + 1))
    "$binary" --frozen-clock < "$request" > "$actual" 2>/dev/null
    status=$?
    if [[ $update -eq 1 ]]; then
        cp "$actual" "$expected"
        echo "updated $name.expected.jsonl"
        continue
    fi
    if [[ $status -ne 0 ]]; then
        echo "FAIL $name: exit status $status, expected 0"
        failed=$((failed + 1))
    elif [[ ! -f "$expected" ]]; then
        echo "FAIL $name: $name.expected.jsonl is missing"
        failed=$((failed + 1))
    elif ! diff -u --label "$name.expected.jsonl" --label "$name (actual)" "$expected" "$actual"; then
        echo "FAIL $name: the answers differ (diff above: - expected, + actual)"
        failed=$((failed + 1))
    else
        echo "ok   $name"
    fi
done

if [[ $update -eq 1 ]]; then
    echo "$count expected files rewritten from $binary: read the diff before committing them"
    exit 0
fi
if [[ $failed -ne 0 ]]; then
    echo "$failed of $count scenarios failed"
    exit 1
fi
echo "all $count scenarios passed"
