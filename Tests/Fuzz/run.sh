#!/usr/bin/env bash
# Runs each fuzz target for a bounded time, one after another (one fuzzing process at a time).
#
# Usage: Tests/Fuzz/run.sh [-t SECONDS] [TARGET...]
#   -t SECONDS   time per target (default: 60, or FUZZ_SECONDS)
#   TARGET       json-parser, request-line, session-ops, stream-shape (default: all four)
#
# Builds the targets first (Tests/Fuzz/build.sh) unless FUZZ_NO_BUILD=1. For each target it runs
#   nice -n 10 .build-fuzz/fuzz-TARGET -jobs=1 -workers=1 -max_total_time=SECONDS -max_len=N \
#       .build-fuzz/corpus/TARGET Tests/Fuzz/corpus/TARGET
# in .build-fuzz/runs/TARGET/: new inputs go to the working corpus .build-fuzz/corpus/TARGET (the
# seeds in Tests/Fuzz/corpus stay as they are), crashes to .build-fuzz/artifacts/TARGET/crash-*, the
# log to .build-fuzz/runs/TARGET/fuzz-0.log (kept as log-TIMESTAMP.log). One line per run is
# appended to .build-fuzz/stats.tsv: date, target, seconds, executions, result.
# Tests/Fuzz/dict/TARGET.dict, when present, is passed as -dict. Extra libFuzzer flags can be passed
# in FUZZ_FLAGS (e.g. FUZZ_FLAGS=-seed=1).
#
# Exits 1 if any target crashed or failed a check.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/.build-fuzz"

seconds=${FUZZ_SECONDS:-60}
if [ "${1:-}" = "-t" ]; then
    seconds=$2
    shift 2
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json-parser request-line session-ops stream-shape)

max_len() {
    case "$1" in
        json-parser) echo 8192 ;;    # one JSON text; transcript lines are under 2 KB
        request-line) echo 16384 ;;  # several request lines; seeds are cut at 12 KB
        session-ops) echo 4096 ;;    # a program of at most 96 steps; seeds are cut at 4 KB
        stream-shape) echo 2048 ;;   # a stream program: each op byte can make hundreds of items
        *) echo "unknown target: $1 (json-parser, request-line, session-ops, stream-shape)" >&2; exit 2 ;;
    esac
}

for target in "${targets[@]}"; do max_len "$target" >/dev/null; done
[ "${FUZZ_NO_BUILD:-0}" = 1 ] || Tests/Fuzz/build.sh "${targets[@]}"

# libFuzzer reports crashes itself; the Swift runtime's backtracer would only slow that down.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}

failed=0
for target in "${targets[@]}"; do
    run="$out/runs/$target"
    artifacts="$out/artifacts/$target"
    mkdir -p "$run" "$artifacts" "$out/corpus/$target"
    rm -f "$run/fuzz-0.log"
    before=$(find "$artifacts" -type f | wc -l)
    dict=()
    [ -f "$root/Tests/Fuzz/dict/$target.dict" ] && dict=(-dict="$root/Tests/Fuzz/dict/$target.dict")
    echo "== $target: ${seconds}s, -max_len=$(max_len "$target")"
    # shellcheck disable=SC2086
    (cd "$run" && nice -n 10 "$out/fuzz-$target" -jobs=1 -workers=1 \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" ${FUZZ_FLAGS:-} \
        "$out/corpus/$target" "$root/Tests/Fuzz/corpus/$target" >/dev/null 2>&1) || true
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    cp "$run/fuzz-0.log" "$run/log-$stamp.log" 2>/dev/null || true
    runs=$(grep -aoE '^Done [0-9]+ runs' "$run/fuzz-0.log" | awk '{print $2}' | tail -1)
    runs=${runs:-$(grep -aoE '^stat::number_of_executed_units: *[0-9]+' "$run/fuzz-0.log" | awk '{print $2}' | tail -1)}
    after=$(find "$artifacts" -type f | wc -l)
    if [ "$after" -gt "$before" ]; then
        result=crash
        failed=1
        echo "   CRASH: $artifacts/$(ls -t "$artifacts" | head -1 || true)"
        grep -a -m1 -E 'FUZZ CHECK FAILED|ERROR: AddressSanitizer|ERROR: libFuzzer|ERROR: LeakSanitizer' "$run/fuzz-0.log" || true
        echo "   log: $run/log-$stamp.log"
    else
        result=ok
    fi
    echo "   executions: ${runs:-?}, result: $result"
    printf '%s\t%s\t%s\t%s\t%s\n' "$stamp" "$target" "$seconds" "${runs:-?}" "$result" >> "$out/stats.tsv"
done
exit "$failed"
