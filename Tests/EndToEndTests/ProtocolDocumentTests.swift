import Foundation
import SequencerRPC
import Testing

/// `protocol/README.md` agrees with the server: its method table is ``Method``'s.
@Suite("protocol/README.md says what the server does")
struct ProtocolDocumentTests {
    /// The text of `protocol/README.md`.
    static func document() throws -> String {
        try String(contentsOf: ProtocolDirectory.readme, encoding: .utf8)
    }

    /// The methods named in the first column of the table under `## Methods`, in order.
    static func tabledMethods(in document: String) -> [String] {
        var inSection = false
        var names: [String] = []
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                inSection = line == "## Methods"
                continue
            }
            guard inSection else { continue }
            if line.hasPrefix("### ") { break }
            // A row: | [`name`](#anchor) | params | result |
            guard line.hasPrefix("| [`"), let end = line.dropFirst(4).firstIndex(of: "`") else { continue }
            names.append(String(line[line.index(line.startIndex, offsetBy: 4)..<end]))
        }
        return names
    }

    @Test("the method table lists exactly the server's methods, in the server's order")
    func methodTable() throws {
        let listed = ProtocolDocumentTests.tabledMethods(in: try ProtocolDocumentTests.document())
        #expect(listed == Method.allCases.map(\.name))
    }

    @Test("every method has its own section, headed by its name")
    func methodSections() throws {
        let document = try ProtocolDocumentTests.document()
        for method in Method.allCases {
            #expect(document.contains("\n### `\(method.name)`\n"), "no section ### `\(method.name)`")
        }
    }
}
