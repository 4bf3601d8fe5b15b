import Foundation
import SequencerCore

/// The measurements, each with its baseline from the same run.
struct Benchmark {
    let sidecar: String
    let selfPath: String
    let quick: Bool
    let log: Bool
    /// The in-process peer the whole-history measure compares with.
    let peer: InProcessPeer

    struct Row {
        let name: String
        let value: String
        let baseline: String
        let ratio: Double
        let ratioText: String
        let target: String
        /// Whether the target is met; `nil` for a reference row, which has none (`—`).
        let met: Bool?
    }

    struct Results {
        var rows: [Row] = []
        var figures: [(String, Double)] = []
        /// What could not be measured, and why (printed under the table, and as `notes`).
        var notes: [String] = []

        var table: String {
            var out = "| measure | tool-sequencer | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n"
            // A `|` inside a cell (`cat | cat | cat`) is escaped so that the row stays a row.
            let cell = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
            for row in rows {
                out += "| \(cell(row.name)) | \(cell(row.value)) | \(cell(row.baseline)) | \(row.ratioText) | \(row.target) | \(row.met.map { $0 ? "yes" : "NO" } ?? "—") |\n"
            }
            for note in notes { out += "\nnote: \(note)\n" }
            return out
        }

        var json: String {
            var members: [JSONObject.Member] = figures.map { .init(key: JSONString($0.0), value: .number(JSONNumber(validatedText: format($0.1, 4)))) }
            members.append(.init(key: "targets", value: .object(JSONObject(rows.map {
                .init(key: JSONString($0.name), value: ["ratio": .number(JSONNumber(validatedText: format($0.ratio, 4))), "target": .string(JSONString($0.target)), "met": $0.met.map(JSONValue.bool) ?? .null])
            }))))
            members.append(.init(key: "notes", value: .array(notes.map { .string(JSONString($0)) })))
            return JSONValue.object(JSONObject(members)).description
        }
    }

    private func note(_ text: String) {
        if log { FileHandle.standardError.write("bench: \(text)\n".data(using: .utf8)!) }
    }

    /// The measures, by the name `--only` takes.
    static let measures = ["latency", "throughput", "whole-history", "growth", "memory"]

    mutating func runAll(only: String? = nil) throws -> Results {
        var results = Results()
        if only == nil || only == "latency" { try latency(&results) }
        if only == nil || only == "throughput" { try throughput(&results) }
        if only == nil || only == "whole-history" { try wholeHistory(&results) }
        if only == nil || only == "growth" { try growth(&results) }
        if only == nil || only == "memory" { try memory(&results) }
        return results
    }

    // MARK: - Latency

    private func roundTrips(_ peer: PipePeer, line: [UInt8], count: Int) -> [UInt64] {
        var samples: [UInt64] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = now()
            peer.write(line)
            _ = peer.readLine()
            samples.append(now() - start)
        }
        return samples
    }

    private func latency(_ results: inout Results) throws {
        let count = quick ? 2_000 : 20_000
        note("latency: \(count) small session/submit round trips, as many with --trace, and as many through an echo peer")
        var request = Array(#"{"jsonrpc":"2.0","id":7,"method":"session/submit","params":{"session":"bench","items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hello"}]}]}}"#.utf8)
        request.append(UInt8(ascii: "\n"))
        let open = Array(#"{"jsonrpc":"2.0","id":0,"method":"session/open","params":{"session":"bench"}}"#.utf8) + [10]
        let server = try PipePeer(executable: sidecar)
        server.write(open)
        _ = server.readLine()
        let tracePath = FileManager.default.temporaryDirectory.appendingPathComponent("tool-sequencer-bench-\(getpid()).trace.jsonl").path
        let traced = try PipePeer(executable: sidecar, arguments: ["--trace", tracePath])
        traced.write(open)
        _ = traced.readLine()
        let echo = try PipePeer(executable: selfPath, arguments: ["--echo"])
        // On one CPU (see CPUAffinity), warm them up, then alternate blocks so that machine
        // noise hits them alike.
        var serverSamples: [UInt64] = []
        var tracedSamples: [UInt64] = []
        var echoSamples: [UInt64] = []
        CPUAffinity.onOneCPU(with: [server, traced, echo].map(\.process.processIdentifier)) {
            for peer in [server, traced, echo] { _ = roundTrips(peer, line: request, count: 500) }
            for _ in 0..<10 {
                serverSamples += roundTrips(server, line: request, count: count / 10)
                tracedSamples += roundTrips(traced, line: request, count: count / 10)
                echoSamples += roundTrips(echo, line: request, count: count / 10)
            }
        }
        server.finish()
        traced.finish()
        echo.finish()
        try? FileManager.default.removeItem(atPath: tracePath)
        let s = Percentiles(serverSamples)
        let t = Percentiles(tracedSamples)
        let e = Percentiles(echoSamples)
        results.figures += [("traced_p50_us", t.p50), ("traced_p99_us", t.p99)]
        results.figures += [("latency_p50_us", s.p50), ("latency_p99_us", s.p99), ("latency_p999_us", s.p999),
                            ("echo_p50_us", e.p50), ("echo_p99_us", e.p99), ("echo_p999_us", e.p999)]
        results.rows.append(Row(name: "round trip p50", value: "\(format(s.p50, 1)) µs", baseline: "echo \(format(e.p50, 1)) µs",
                                ratio: s.p50 / e.p50, ratioText: "\(format(s.p50 / e.p50, 2))×", target: "≤ 2×", met: s.p50 / e.p50 <= 2))
        results.rows.append(Row(name: "round trip p50 (issue 15)", value: "\(format(s.p50, 1)) µs", baseline: "echo \(format(e.p50, 1)) µs",
                                ratio: s.p50 / e.p50, ratioText: "\(format(s.p50 / e.p50, 2))×", target: "≤ 1.5×", met: s.p50 / e.p50 <= 1.5))
        results.rows.append(Row(name: "round trip p99", value: "\(format(s.p99, 1)) µs", baseline: "echo \(format(e.p99, 1)) µs",
                                ratio: s.p99 / e.p99, ratioText: "\(format(s.p99 / e.p99, 2))×", target: "≤ 4×", met: s.p99 / e.p99 <= 4))
        results.rows.append(Row(name: "round trip p999", value: "\(format(s.p999, 1)) µs", baseline: "echo \(format(e.p999, 1)) µs",
                                ratio: s.p999 / e.p999, ratioText: "\(format(s.p999 / e.p999, 2))×", target: "—", met: nil))
        results.rows.append(Row(name: "round trip p50 with --trace", value: "\(format(t.p50, 1)) µs", baseline: "untraced \(format(s.p50, 1)) µs",
                                ratio: t.p50 / s.p50, ratioText: "\(format(t.p50 / s.p50, 2))×", target: "≤ 1.5×", met: t.p50 / s.p50 <= 1.5))
        submitFloor(request, sidecarP50: s.p50, echoP50: e.p50, &results)
    }

    /// The sidecar's own work per small `session/submit` (its round trip p50 less the echo
    /// peer's), and what the 1.5× target leaves for it, each against the in-process peer's
    /// floor: the least a serde peer does with the same line (parse it into typed items, keep
    /// them, write the answer), in its own process.
    private func submitFloor(_ request: [UInt8], sidecarP50: Double, echoP50: Double, _ results: inout Results) {
        if let missing = peer.missing {
            results.notes.append("small submit vs in-process peer not measured: \(missing)")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tool-sequencer-bench-\(getpid())-submit.jsonl").path
        guard FileManager.default.createFile(atPath: file, contents: Data(request)) else {
            results.notes.append("small submit vs in-process peer not measured: cannot write \(file)")
            return
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        switch peer.measureSubmit(lineFile: file, runs: quick ? 5 : 31) {
        case .success(let measured):
            // The peer reads the line without its newline.
            if measured.bytes != request.count - 1 {
                let text = "the in-process peer read a submit line of \(measured.bytes) B; the sidecar got \(request.count - 1) B"
                note(text)
                results.notes.append(text)
            }
            let floor = measured.medianNs / 1000
            let own = sidecarP50 - echoP50
            let allowed = 0.5 * echoP50
            results.figures += [("submit_peer_us", floor), ("submit_own_work_us", own), ("submit_own_work_allowed_us", allowed)]
            results.rows.append(Row(name: "small submit, own work (p50 − echo p50)", value: "\(format(own, 2)) µs",
                                    baseline: "serde peer \(format(floor, 2)) µs", ratio: own / floor,
                                    ratioText: "\(format(own / floor, 2))×", target: "—", met: nil))
            results.rows.append(Row(name: "small submit, own work the 1.5× target leaves", value: "\(format(allowed, 2)) µs",
                                    baseline: "serde peer \(format(floor, 2)) µs", ratio: allowed / floor,
                                    ratioText: "\(format(allowed / floor, 2))×", target: "—", met: nil))
        case .failure(let failure):
            note(failure.message)
            results.notes.append("small submit vs in-process peer not measured: \(failure.message)")
        }
    }

    // MARK: - Throughput

    private func sequenceRequest(_ items: [JSONValue], id: Int = 1) -> [UInt8] {
        var writer = JSONWriter(capacity: 1 << 20)
        writer.raw(#"{"jsonrpc":"2.0","id":"#)
        writer.writeInt(id)
        writer.raw(#","method":"sequence","params":{"items":"#)
        writer.write(items)
        writer.raw("}}\n")
        return writer.bytes
    }

    /// Seconds for the sidecar to answer `request` once (median of `runs`).
    private func timeSequence(_ server: PipePeer, _ request: [UInt8], runs: Int) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = now()
            let writer = server.writeConcurrently(request)
            _ = expectResult(server, "sequence")
            times.append(Double(now() - start) / 1e9)
            while !writer.isFinished { usleep(50) }
        }
        return median(times)
    }

    private func throughput(_ results: inout Results) throws {
        var generator = HistoryGenerator(seed: 42)
        let itemCount = quick ? 2_000 : 10_000
        let request = sequenceRequest(generator.items(itemCount))
        let megabytes = Double(request.count) / 1e6
        let runs = quick ? 3 : 7
        note("throughput: sequence of \(itemCount) items (\(format(megabytes, 2)) MB), vs cat and Foundation")

        let server = try PipePeer(executable: sidecar)
        _ = timeSequence(server, request, runs: 1)
        let sidecarSeconds = timeSequence(server, request, runs: runs)
        server.finish()

        let cat = try PipePeer(executable: "/bin/cat")
        let catSeconds = timePassThrough(cat, request, runs: runs)
        cat.finish()

        var foundationTimes: [Double] = []
        let data = Data(request)
        for _ in 0..<runs {
            let start = now()
            let object = try JSONSerialization.jsonObject(with: data)
            _ = try JSONSerialization.data(withJSONObject: object)
            foundationTimes.append(Double(now() - start) / 1e9)
        }
        let foundationSeconds = median(foundationTimes)

        let rate = megabytes / sidecarSeconds
        let catRate = megabytes / catSeconds
        let foundationRate = megabytes / foundationSeconds
        results.figures += [("sequence_mb_per_s", rate), ("cat_mb_per_s", catRate), ("foundation_mb_per_s", foundationRate), ("sequence_request_mb", megabytes)]
        results.rows.append(Row(name: "sequence throughput vs Foundation", value: "\(format(rate, 0)) MB/s", baseline: "Foundation \(format(foundationRate, 0)) MB/s",
                                ratio: rate / foundationRate, ratioText: "\(format(rate / foundationRate, 1))×", target: "≥ 10×", met: rate / foundationRate >= 10))
        results.rows.append(Row(name: "sequence throughput vs cat", value: "\(format(rate, 0)) MB/s", baseline: "cat \(format(catRate, 0)) MB/s",
                                ratio: rate / catRate, ratioText: "1/\(format(catRate / rate, 1))", target: "≥ 1/10", met: rate / catRate >= 0.1))
    }

    // MARK: - Whole history (issue 15)

    /// Seconds for `peer` (`cat`, or a chain of them) to hand `request` back whole (median of `runs`,
    /// after one warm-up).
    private func timePassThrough(_ peer: PipePeer, _ request: [UInt8], runs: Int) -> Double {
        var times: [Double] = []
        for _ in 0..<(runs + 1) {
            let start = now()
            let writer = peer.writeConcurrently(request)
            peer.readBytes(request.count)
            times.append(Double(now() - start) / 1e9)
            while !writer.isFinished { usleep(50) }
        }
        return median(Array(times.dropFirst()))
    }

    /// How many times `needle` (not empty) occurs in `bytes`, found with `memchr` on its first
    /// byte (Glibc's Swift module does not export `memmem`).
    private static func occurrences(of needle: String, in bytes: ArraySlice<UInt8>) -> Int {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return 0 }
        return bytes.withUnsafeBufferPointer { haystack in
            guard let base = haystack.baseAddress else { return 0 }
            var count = 0
            var offset = 0
            while offset + pattern.count <= haystack.count,
                  let hit = memchr(base + offset, Int32(first), haystack.count - offset) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard at + pattern.count <= haystack.count else { break }
                if memcmp(base + at, pattern, pattern.count) == 0 {
                    count += 1
                    offset = at + pattern.count
                } else {
                    offset = at + 1
                }
            }
            return count
        }
    }

    /// A host that keeps its history sends it whole every turn: the sidecar's `sequence` round
    /// trip over pipes against the in-process peer doing the same work (issue 15), and against
    /// `cat | cat | cat` moving the same bytes through the same kind of pipes.
    private func wholeHistory(_ results: inout Results) throws {
        let sizes = quick ? [2_000, 10_000] : [10_000, 100_000]
        if let missing = peer.missing {
            note(missing)
            results.notes.append("whole-history sequence vs in-process peer not measured: \(missing)")
        }
        for count in sizes {
            // The same history `--write-request` writes: seed 42.
            var generator = HistoryGenerator(seed: 42)
            let request = sequenceRequest(generator.items(count))
            let megabytes = Double(request.count) / 1e6
            let runs = count >= 100_000 ? 5 : 9
            note("whole history: sequence of \(count) items (\(format(megabytes, 1)) MB) vs the in-process peer and cat | cat | cat")

            let server = try PipePeer(executable: sidecar, arguments: Benchmark.roomyLimits)
            let warmWriter = server.writeConcurrently(request)
            let answer = expectResult(server, "sequence")
            while !warmWriter.isFinished { usleep(50) }
            let sidecarSynthesized = Benchmark.occurrences(of: "aborted: no output was recorded for this tool call", in: answer)
            let sidecarSeconds = timeSequence(server, request, runs: runs)
            server.finish()

            let cats = try PipePeer(executable: "/bin/sh", arguments: ["-c", "cat | cat | cat"])
            let catsSeconds = timePassThrough(cats, request, runs: runs)
            cats.finish()

            let rate = megabytes / sidecarSeconds
            let catsRate = megabytes / catsSeconds
            results.figures += [("whole_\(count)_request_mb", megabytes), ("whole_\(count)_sequence_ms", sidecarSeconds * 1000),
                                ("whole_\(count)_sequence_mb_per_s", rate), ("whole_\(count)_cat3_mb_per_s", catsRate)]

            if peer.missing == nil {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("tool-sequencer-bench-\(getpid())-\(count).jsonl").path
                if FileManager.default.createFile(atPath: file, contents: Data(request)) {
                    switch peer.measure(requestFile: file, runs: runs) {
                    case .success(let measured):
                        let peerSeconds = measured.medianNs / 1e9
                        let ratio = sidecarSeconds / peerSeconds
                        results.figures += [("whole_\(count)_peer_ms", peerSeconds * 1000), ("whole_\(count)_peer_value_ms", measured.valueMedianNs / 1e6)]
                        results.rows.append(Row(name: "whole-history sequence, \(count) items, vs in-process peer", value: "\(format(sidecarSeconds * 1000, 1)) ms",
                                                baseline: "Rust serde \(format(peerSeconds * 1000, 1)) ms", ratio: ratio, ratioText: "\(format(ratio, 2))×",
                                                target: "≤ 2×", met: ratio <= 2))
                        // Half the rate of the `cat`s is twice their time.
                        let allowed = 2 * catsSeconds
                        results.figures.append(("whole_\(count)_pipe_target_ms", allowed * 1000))
                        results.rows.append(Row(name: "whole-history sequence, \(count) items, time the ≥ 0.5 target leaves", value: "\(format(allowed * 1000, 1)) ms",
                                                baseline: "Rust serde \(format(peerSeconds * 1000, 1)) ms", ratio: allowed / peerSeconds,
                                                ratioText: "\(format(allowed / peerSeconds, 2))×", target: "—", met: nil))
                        if measured.bytes != request.count || measured.items != count || measured.synthesized != sidecarSynthesized {
                            let text = "the in-process peer read \(measured.items) items (\(measured.bytes) B) and synthesized \(measured.synthesized) outputs; the sidecar got \(count) items (\(request.count) B) and synthesized \(sidecarSynthesized)"
                            note(text)
                            results.notes.append(text)
                        }
                    case .failure(let failure):
                        note(failure.message)
                        results.notes.append("whole-history sequence vs in-process peer at \(count) items not measured: \(failure.message)")
                    }
                    try? FileManager.default.removeItem(atPath: file)
                } else {
                    let text = "whole-history sequence vs in-process peer at \(count) items not measured: cannot write \(file)"
                    note(text)
                    results.notes.append(text)
                }
            }
            results.rows.append(Row(name: "whole-history sequence, \(count) items, vs cat | cat | cat", value: "\(format(rate, 0)) MB/s",
                                    baseline: "cat | cat | cat \(format(catsRate, 0)) MB/s", ratio: rate / catsRate, ratioText: "\(format(rate / catsRate, 2))",
                                    target: "≥ 0.5", met: rate / catsRate >= 0.5))
        }
    }

    // MARK: - Growth

    /// The sidecar's flags for the growth and memory measures: no limit in their way.
    static let roomyLimits = ["--max-line-bytes", "1073741824", "--max-held", "100000000", "--max-session-bytes", "4294967296"]

    /// Reads one answer and stops the benchmark if it is an error: a figure measured on
    /// refused requests would be meaningless.
    private func expectResult(_ server: PipePeer, _ what: String) -> ArraySlice<UInt8> {
        let line = server.readLine()
        // An error answer is `{"jsonrpc":"2.0","id":…,"error":{…}}`: look near the start only.
        if String(decoding: line.prefix(64), as: UTF8.self).contains(#","error":{"#) {
            FileHandle.standardError.write(Data("tool-sequencer-bench: \(what) was refused: \(String(decoding: line.prefix(400), as: UTF8.self))\n".utf8))
            exit(1)
        }
        return line
    }

    /// A sidecar holding a session of `count` items, submitted 1,000 at a time and cancelled
    /// where the user interrupts; returns it with a recent revision and the items' bytes.
    private func session(holding count: Int, generator: inout HistoryGenerator) throws -> (PipePeer, Int, Int) {
        let server = try PipePeer(executable: sidecar, arguments: Benchmark.roomyLimits)
        server.write(Array(#"{"jsonrpc":"2.0","id":0,"method":"session/open","params":{"session":"g"}}"#.utf8) + [10])
        _ = expectResult(server, "session/open")
        var itemBytes = 0
        var id = 1
        var chunk: [JSONValue] = []
        func submit() {
            guard !chunk.isEmpty else { return }
            var writer = JSONWriter(capacity: 1 << 20)
            writer.raw(#"{"jsonrpc":"2.0","id":"#)
            writer.writeInt(id)
            writer.raw(#","method":"session/submit","params":{"session":"g","items":"#)
            let before = writer.count
            writer.write(chunk)
            itemBytes += writer.count - before
            writer.raw("}}\n")
            let thread = server.writeConcurrently(writer.bytes)
            _ = expectResult(server, "session/submit")
            while !thread.isFinished { usleep(50) }
            id += 1
            chunk.removeAll(keepingCapacity: true)
        }
        for step in generator.steps(count) {
            switch step {
            case .item(let value):
                chunk.append(value)
                if chunk.count == 1000 { submit() }
            case .interrupt:
                submit()
                server.write(Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"session/cancel","params":{"session":"g"}}"#.utf8) + [10])
                _ = expectResult(server, "session/cancel")
                id += 1
            }
        }
        submit()
        // Close whatever the generator left open, then note the revision before a last turn.
        server.write(Array(#"{"jsonrpc":"2.0","id":1000000,"method":"session/cancel","params":{"session":"g","reason":"failed"}}"#.utf8) + [10])
        let cancel = expectResult(server, "session/cancel")
        let revision = (try? JSONParser.parse(Array(cancel)))?["result"]?["revision"]?.numberValue?.intValue ?? 0
        server.write(Array(#"{"jsonrpc":"2.0","id":1000001,"method":"session/submit","params":{"session":"g","items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"one more question"}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"one more answer"}]}]}}"#.utf8) + [10])
        _ = server.readLine()
        return (server, revision, itemBytes)
    }

    private func messagesCost(_ server: PipePeer, since revision: Int, count: Int) -> Double {
        var line = Array(#"{"jsonrpc":"2.0","id":5,"method":"session/messages","params":{"session":"g","since":\#(revision)}}"#.utf8)
        line.append(10)
        _ = roundTrips(server, line: line, count: 200)
        return Percentiles(roundTrips(server, line: line, count: count)).p50
    }

    private func growth(_ results: inout Results) throws {
        var generator = HistoryGenerator(seed: 7)
        let large = quick ? 10_000 : 100_000
        note("growth: session/messages since a recent revision at 1,000 and \(large) items")
        let (small, smallRevision, _) = try session(holding: 1_000, generator: &generator)
        let (big, bigRevision, _) = try session(holding: large, generator: &generator)
        var smallCosts: [Double] = []
        var bigCosts: [Double] = []
        CPUAffinity.onOneCPU(with: [small, big].map(\.process.processIdentifier)) {
            for _ in 0..<5 {
                smallCosts.append(messagesCost(small, since: smallRevision, count: 400))
                bigCosts.append(messagesCost(big, since: bigRevision, count: 400))
            }
        }
        small.finish()
        big.finish()
        let smallCost = median(smallCosts)
        let bigCost = median(bigCosts)
        results.figures += [("messages_since_1k_us", smallCost), ("messages_since_large_us", bigCost)]
        results.rows.append(Row(name: "session/messages since, \(large) vs 1,000 items", value: "\(format(bigCost, 1)) µs", baseline: "\(format(smallCost, 1)) µs",
                                ratio: bigCost / smallCost, ratioText: "\(format(bigCost / smallCost, 2))×", target: "≤ 1.5×", met: bigCost / smallCost <= 1.5))

        note("growth: one sequence call at 1,000, 10,000 and \(large) items")
        let server = try PipePeer(executable: sidecar, arguments: Benchmark.roomyLimits)
        var perItem: [(Int, Double)] = []
        for count in [1_000, 10_000, large] {
            var generator = HistoryGenerator(seed: 11)
            let request = sequenceRequest(generator.items(count))
            _ = timeSequence(server, request, runs: 1)
            let seconds = timeSequence(server, request, runs: 5)
            perItem.append((count, seconds / Double(count) * 1e6))
            results.figures.append(("sequence_\(count)_ms", seconds * 1000))
        }
        server.finish()
        let first = perItem[0].1
        let last = perItem[perItem.count - 1].1
        results.rows.append(Row(name: "sequence cost per item, \(large) vs 1,000 items", value: "\(format(last, 2)) µs/item", baseline: "\(format(first, 2)) µs/item",
                                ratio: last / first, ratioText: "\(format(last / first, 2))×", target: "linear (≈ 1×)", met: last / first <= 1.5))
    }

    // MARK: - Memory

    private func memory(_ results: inout Results) throws {
        var generator = HistoryGenerator(seed: 3)
        let count = quick ? 10_000 : 100_000
        note("memory: peak RSS holding \(count) items")
        let (server, _, itemBytes) = try session(holding: count, generator: &generator)
        let peak = server.peakRSS()
        server.finish()
        let allowance = 2 * itemBytes + 32 << 20
        let ratio = Double(peak) / Double(allowance)
        results.figures += [("peak_rss_mb", Double(peak) / 1e6), ("items_mb", Double(itemBytes) / 1e6)]
        results.rows.append(Row(name: "peak RSS holding \(count) items", value: "\(format(Double(peak) / 1e6, 1)) MB", baseline: "items \(format(Double(itemBytes) / 1e6, 1)) MB",
                                ratio: ratio, ratioText: "\(format(Double(peak - (32 << 20)) / Double(itemBytes), 2))× + 32 MB", target: "≤ 2× + 32 MB", met: peak <= allowance))
        // Issue 15's target: 1.25× the items' bytes plus 32 MB.
        let tighter = itemBytes + itemBytes / 4 + 32 << 20
        results.rows.append(Row(name: "peak RSS holding \(count) items (issue 15)", value: "\(format(Double(peak) / 1e6, 1)) MB", baseline: "items \(format(Double(itemBytes) / 1e6, 1)) MB",
                                ratio: Double(peak) / Double(tighter), ratioText: "\(format(Double(peak - (32 << 20)) / Double(itemBytes), 2))× + 32 MB", target: "≤ 1.25× + 32 MB", met: peak <= tighter))
    }
}

func now() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func format(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
