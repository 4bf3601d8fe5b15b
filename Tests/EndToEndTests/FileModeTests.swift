import Foundation
import SequencerTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold conversation content, as the built binary creates them under `umask 022`
/// (which would leave 0644 files readable by everyone).
@Suite("Files: traces and state are their owner's alone (0600, directories 0700), and a trace never follows a symlink")
struct FileModeTests {
    /// A fresh directory for one test, removed afterwards by the caller.
    static func scratch() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("modes-\(UUID().uuidString)").path
        mkdir(path, 0o700)
        return path
    }

    /// The permission bits of `path`, not following a symbolic link; `nil` if there is nothing there.
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    static let request = Array(#"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"s"}}"#.utf8) + [0x0A]

    @Test("a new --trace file is created 0600 under umask 022, and a second run appends to it")
    func traceMode() throws {
        let directory = FileModeTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trace = directory + "/session.trace.jsonl"
        let outcome = try Sidecar.run(arguments: ["--frozen-clock", "--trace", trace], input: FileModeTests.request, umask: "022")
        #expect(outcome.exitedNormally && outcome.status == 0, "stderr: \(outcome.stderrText)")
        #expect(FileModeTests.mode(trace) == 0o600)
        let first = try Data(contentsOf: URL(fileURLWithPath: trace)).count
        #expect(first > 0)
        let again = try Sidecar.run(arguments: ["--frozen-clock", "--trace", trace], input: FileModeTests.request, umask: "022")
        #expect(again.exitedNormally && again.status == 0, "stderr: \(again.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: trace)).count == 2 * first)
        #expect(FileModeTests.mode(trace) == 0o600)
    }

    @Test("a --trace path that is a symbolic link is refused: a clear message, exit 2, the target untouched",
          arguments: [true, false])
    func traceSymlink(targetExists: Bool) throws {
        let directory = FileModeTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/target"
        if targetExists {
            #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        }
        let link = directory + "/trace.jsonl"
        #expect(symlink(target, link) == 0)
        let outcome = try Sidecar.run(arguments: ["--trace", link], input: FileModeTests.request)
        #expect(outcome.exitedNormally && outcome.status == 2, "exit \(outcome.status)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderrText == "tool-sequencer: cannot open the trace file '\(link)': it is a symbolic link, which a trace never follows; give the path of the file itself\n")
        if targetExists {
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)).isEmpty)
        } else {
            #expect(FileModeTests.mode(target) == nil, "the link's target was created")
        }
    }

    @Test("--state-dir under umask 022: the directory is 0700, sessions.sqlite3 and every file beside it 0600, while running and after")
    func stateDirectoryModes() throws {
        let parent = FileModeTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let directory = parent + "/state"
        let sidecar = try Sidecar(arguments: ["--state-dir", directory], umask: "022")
        #expect(sidecar.write(FileModeTests.request))
        let answer = try #require(sidecar.readLine(), "no answer")
        #expect(String(decoding: answer, as: UTF8.self).contains(#""result":{"session":"s"}"#))
        // Running, with a record written: the database and its write-ahead log exist.
        let running = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(running.contains("sessions.sqlite3") && running.contains("sessions.sqlite3-wal"), "files: \(running)")
        for name in running {
            #expect(FileModeTests.mode(directory + "/" + name) == 0o600, "\(name) is \(String(FileModeTests.mode(directory + "/" + name) ?? 0, radix: 8))")
        }
        sidecar.closeInput()
        let outcome = sidecar.finish()
        #expect(outcome.exitedNormally && outcome.status == 0, "stderr: \(outcome.stderrText)")
        #expect(FileModeTests.mode(directory) == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            #expect(FileModeTests.mode(directory + "/" + name) == 0o600, "\(name) after exit")
        }
    }
}
