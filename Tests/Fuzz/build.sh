#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/ with swiftc alone (no SwiftPM, so Package.swift
# stays as it is). Usage: Tests/Fuzz/build.sh [TARGET...]   (default: every target)
#
#   json-parser    Tests/Fuzz/JSONParser/   + Sources/SequencerCore            -> .build-fuzz/fuzz-json-parser
#   request-line   Tests/Fuzz/RequestLine/  + Sources/SequencerCore, SequencerRPC -> .build-fuzz/fuzz-request-line
#   session-ops    Tests/Fuzz/SessionOps/   + Sources/SequencerCore            -> .build-fuzz/fuzz-session-ops
#   stream-shape   Tests/Fuzz/StreamShape/  + Sources/SequencerCore            -> .build-fuzz/fuzz-stream-shape
#
# The Core targets compile the fuzz file into the SequencerCore module itself, so it can check
# internal state. The request target builds SequencerCore as a module first, then SequencerRPC
# with the fuzz file in it. Everything is -O with libFuzzer and AddressSanitizer instrumentation
# and debug info, so crashes come with symbolized stacks.
#
# Environment: SWIFTC (default: swiftc), FUZZ_BUILD_DIR (default: .build-fuzz),
# FUZZ_SANITIZERS (default: fuzzer,address).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

swiftc=${SWIFTC:-swiftc}
out=${FUZZ_BUILD_DIR:-.build-fuzz}
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
flags=(-O -g -sanitize="$sanitizers" -parse-as-library -swift-version 6 -package-name tool_sequencer -use-ld=lld
       -I "$root/Sources/CVectorMask/include")

mkdir -p "$out/modules" "$out/work"
out=$(cd "$out" && pwd)
# swiftc leaves intermediate module files in the current directory: keep them out of the tree.
cd "$out/work"

core_sources() { find "$root/Sources/SequencerCore" -name '*.swift' | LC_ALL=C sort; }
rpc_sources() { find "$root/Sources/SequencerRPC" -name '*.swift' | LC_ALL=C sort; }

build_core_target() {  # NAME FOLDER
    local name=$1 folder=$2
    echo "building $out/fuzz-$name" >&2
    # shellcheck disable=SC2046
    "$swiftc" "${flags[@]}" -module-name SequencerCore -wmo \
        $(core_sources) "$root"/Tests/Fuzz/Support/*.swift "$root/$folder"/*.swift \
        -module-cache-path "$out/module-cache" -o "$out/fuzz-$name"
}

build_request_line() {
    echo "building $out/fuzz-request-line" >&2
    local objects="$out/objects"
    mkdir -p "$objects"
    # shellcheck disable=SC2046
    "$swiftc" "${flags[@]}" -module-name SequencerCore -wmo -c \
        $(core_sources) \
        -emit-module -emit-module-path "$out/modules/SequencerCore.swiftmodule" \
        -module-cache-path "$out/module-cache" -o "$objects/SequencerCore.o"
    # shellcheck disable=SC2046
    "$swiftc" "${flags[@]}" -module-name SequencerRPC -wmo -I "$out/modules" \
        $(rpc_sources) "$root"/Tests/Fuzz/Support/*.swift "$root"/Tests/Fuzz/RequestLine/*.swift "$objects/SequencerCore.o" \
        -module-cache-path "$out/module-cache" -o "$out/fuzz-request-line"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json-parser request-line session-ops stream-shape)
for target in "${targets[@]}"; do
    case "$target" in
        json-parser) build_core_target json-parser Tests/Fuzz/JSONParser ;;
        session-ops) build_core_target session-ops Tests/Fuzz/SessionOps ;;
        stream-shape) build_core_target stream-shape Tests/Fuzz/StreamShape ;;
        request-line) build_request_line ;;
        *) echo "unknown target: $target (json-parser, request-line, session-ops, stream-shape)" >&2; exit 2 ;;
    esac
done
