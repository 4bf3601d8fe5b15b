import Foundation

/// Finds the `tool-sequencer` executable that `swift build` put next to the test bundle.
package enum SidecarBinary {
    /// Why the executable could not be found, with every place that was searched.
    package struct NotFound: Error, CustomStringConvertible {
        /// Every path that was tried.
        package let searched: [String]
        package var description: String {
            "the tool-sequencer executable was not found; build it first (swift build --build-tests) "
                + "or set TOOL_SEQUENCER_BINARY. Searched: " + searched.joined(separator: ", ")
        }
    }

    /// The executable's URL: `TOOL_SEQUENCER_BINARY` when set, else `tool-sequencer` in the
    /// build directory that holds the test bundle (`.build/<configuration>/`).
    package static func url() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["TOOL_SEQUENCER_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var searched: [String] = []
        for directory in candidateDirectories() {
            let candidate = directory.appendingPathComponent("tool-sequencer", isDirectory: false)
            searched.append(candidate.path)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw NotFound(searched: searched)
    }

    /// The directories that may hold the build products, most likely first.
    private static func candidateDirectories() -> [URL] {
        var directories: [URL] = []
        // macOS: the `.xctest` bundle sits in the build directory.
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        // Linux: the test runner is itself the `.xctest` executable in the build directory.
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var seen: Set<String> = []
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }
}
