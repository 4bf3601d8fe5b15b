import Foundation

/// Puts the benchmark and its peers on one CPU while round trips are timed.
///
/// On the shared virtual machines the benchmark runs on, a round trip between two processes on
/// different CPUs costs whatever waking the other CPU costs at that moment: from 3 µs to over
/// 80 µs, run to run. Timed on one CPU, every round trip, to the echo peer and to the sidecar
/// alike, is the same pipe hand-off, and the ratio between them measures the sidecar's work.
enum CPUAffinity {
    // Glibc's Swift module does not export the affinity calls (they need _GNU_SOURCE): they are
    // looked up by name instead. A CPU set is 1,024 bits, as glibc's `cpu_set_t`.
    private typealias AffinityCall = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    private typealias CurrentCPUCall = @convention(c) () -> Int32
    private static let setSize = 128

    /// Calls `call` on a CPU set's bytes.
    private static func apply(_ call: AffinityCall, _ pid: pid_t, _ set: inout [UInt8]) -> Bool {
        set.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            return call(pid, bytes.count, base) == 0
        }
    }

    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    /// Runs `body` with the calling thread and the processes `pids` on the CPU the caller is on,
    /// then gives each its CPUs back. Where affinity cannot be set, `body` runs as it is.
    static func onOneCPU<Result>(with pids: [pid_t], _ body: () throws -> Result) rethrows -> Result {
        guard let getAffinity = function("sched_getaffinity", as: AffinityCall.self),
              let setAffinity = function("sched_setaffinity", as: AffinityCall.self),
              let currentCPU = function("sched_getcpu", as: CurrentCPUCall.self)
        else { return try body() }
        let cpu = Int(currentCPU())
        guard cpu >= 0, cpu < setSize * 8 else { return try body() }
        var one = [UInt8](repeating: 0, count: setSize)
        one[cpu / 8] = UInt8(1) << UInt8(cpu % 8)
        var saved: [(pid_t, [UInt8])] = []
        for pid in [0] + pids {  // 0: the calling thread
            var original = [UInt8](repeating: 0, count: setSize)
            guard apply(getAffinity, pid, &original) else { continue }
            if apply(setAffinity, pid, &one) { saved.append((pid, original)) }
        }
        defer {
            for (pid, original) in saved {
                var mask = original
                _ = apply(setAffinity, pid, &mask)
            }
        }
        return try body()
    }
}
