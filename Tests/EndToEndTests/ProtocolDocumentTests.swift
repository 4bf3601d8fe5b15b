import Foundation
import SequencerCore
import SequencerRPC
import SequencerTestSupport
import Testing

/// `protocol/README.md` agrees with the server: its method table is ``Method``'s, and every
/// example answers as the built binary answers.
@Suite("protocol/README.md says what the server does")
struct ProtocolDocumentTests {
    /// The text of `protocol/README.md`.
    static func document() throws -> String {
        try String(contentsOf: ProtocolDirectory.readme, encoding: .utf8)
    }

    /// The names in backquotes that open the rows of the tables under the `## ` heading
    /// `section`, in order: a row is `| name…`, or `| [name…` when `linked` (a name that links to
    /// its section); with `untilSubsection`, only the tables before the section's first `### `.
    static func tabledNames(
        in document: String, section: String, linked: Bool = false, untilSubsection: Bool = false
    ) -> [String] {
        let opening = linked ? "| [`" : "| `"
        var inSection = false
        var names: [String] = []
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                inSection = line == "## \(section)"
                continue
            }
            guard inSection else { continue }
            if untilSubsection && line.hasPrefix("### ") { break }
            guard line.hasPrefix(opening), let end = line.dropFirst(opening.count).firstIndex(of: "`") else { continue }
            names.append(String(line[line.index(line.startIndex, offsetBy: opening.count)..<end]))
        }
        return names
    }

    /// The methods named in the first column of the table under `## Methods`, in order.
    static func tabledMethods(in document: String) -> [String] {
        tabledNames(in: document, section: "Methods", linked: true, untilSubsection: true)
    }

    @Test("the method table lists exactly the server's methods, in the server's order")
    func methodTable() throws {
        let listed = ProtocolDocumentTests.tabledMethods(in: try ProtocolDocumentTests.document())
        #expect(listed == SequencerRPC.Method.allCases.map(\.name))
    }

    /// The codes named in the first column of the problem table under `## Validation`.
    static func tabledProblemCodes(in document: String) -> [String] {
        tabledNames(in: document, section: "Validation")
    }

    @Test("the problem-code table lists every ProblemCode once, and nothing else")
    func problemCodeTable() throws {
        let listed = ProtocolDocumentTests.tabledProblemCodes(in: try ProtocolDocumentTests.document())
        #expect(listed.sorted() == ProblemCode.allCases.map(\.rawValue).sorted())
    }

    @Test("every method has its own section, headed by its name")
    func methodSections() throws {
        let document = try ProtocolDocumentTests.document()
        for method in SequencerRPC.Method.allCases {
            #expect(document.contains("\n### `\(method.name)`\n"), "no section ### `\(method.name)`")
        }
    }

    /// The examples of one `## ` section: the `→` lines a host writes, in order, and the `←`
    /// lines it reads back.
    struct Examples: CustomTestStringConvertible, Sendable {
        var section: String
        var requests: [String] = []
        var answers: [String] = []

        var testDescription: String { section }
    }

    /// The examples of every section that has some. One process answers a whole section, so
    /// an example may go on from an earlier one (the worked example does).
    static func examples() throws -> [Examples] {
        var all: [Examples] = []
        for line in try document().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                all.append(Examples(section: String(line.dropFirst(3))))
            } else if line.hasPrefix("→ "), !all.isEmpty {
                all[all.count - 1].requests.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("← "), !all.isEmpty {
                all[all.count - 1].answers.append(String(line.dropFirst(2)))
            }
        }
        return all.filter { !$0.requests.isEmpty || !$0.answers.isEmpty }
    }

    @Test("the document has examples to check, and each → line is followed by the ← line that answers it")
    func examplesExist() throws {
        let examples = try ProtocolDocumentTests.examples()
        #expect(examples.count >= 3)
        #expect(examples.reduce(0) { $0 + $1.requests.count } >= 12)
        let lines = try ProtocolDocumentTests.document().split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.hasPrefix("→ ") {
            #expect(index + 1 < lines.count && lines[index + 1].hasPrefix("← "), "line \(index + 1): a → line without its ← line")
        }
    }

    @Test("every → line of a section, sent to the binary (--frozen-clock), is answered by its ← lines, byte for byte",
          arguments: try ProtocolDocumentTests.examples())
    func examplesAnswerAsShown(_ examples: Examples) throws {
        let input = examples.requests.map { $0 + "\n" }.joined()
        let outcome = try Sidecar.run(arguments: ["--frozen-clock"], input: Array(input.utf8))
        #expect(outcome.exitedNormally && outcome.status == 0, "\(examples.section): stderr: \(outcome.stderrText)")
        let answers = outcome.stdoutLines.map { String(decoding: $0, as: UTF8.self) }
        #expect(answers.count == examples.answers.count, "\(examples.section): \(answers.count) answers, the document shows \(examples.answers.count)")
        for (index, (actual, shown)) in zip(answers, examples.answers).enumerated() where actual != shown {
            Issue.record("\(examples.section): answer \(index + 1) differs\n  shown:  \(shown)\n  actual: \(actual)")
        }
    }
}
