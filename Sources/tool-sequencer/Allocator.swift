#if canImport(Glibc)
import Glibc
#endif

/// How the sidecar asks the C allocator to treat large buffers.
enum Allocator {
    /// Serves buffers of up to 256 MiB from the heap and keeps up to 512 MiB of freed memory
    /// for reuse, instead of mapping every large buffer afresh and unmapping it when freed.
    ///
    /// A host sends a history of megabytes every turn, and each request needs a few buffers of
    /// about its size (the line, the parsed values, the answer). With glibc's defaults each of
    /// them is fresh memory every turn, and the sidecar spent a tenth of its time, and a third
    /// for a 76 MB history, on page faults filling it. The price: after a large request the
    /// process keeps the memory it peaked at, ready for the next one. Elsewhere than glibc,
    /// nothing changes.
    static func keepLargeBuffers() {
        #if canImport(Glibc)
        // `mallopt` and its parameters live in <malloc.h>, which Glibc's Swift module leaves out.
        typealias MalloptCall = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MalloptCall.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        #endif
    }
}
