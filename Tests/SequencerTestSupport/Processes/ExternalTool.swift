import Foundation

/// Programs some tests need that are not part of this package (the `sqlite3` command), found on
/// `PATH`, so that a test can say `.enabled(if: ExternalTool.sqlite3 != nil)` and be reported as
/// skipped, rather than passing silently, on a machine that does not have it.
package enum ExternalTool {
    /// The `sqlite3` command-line shell (Debian: `apt-get install sqlite3`), or `nil`.
    package static let sqlite3: URL? = find("sqlite3")

    /// The executable `name` in the first directory of `PATH` (or `/usr/bin`, `/bin` when
    /// `PATH` is unset) that holds one, or `nil`.
    package static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name, isDirectory: false)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
