import SequencerCore

/// Every method of the protocol, once: its wire name, whether it is journaled, and its params.
///
/// This is the one table of methods. Dispatch (``Server``), journal replay, `initialize`'s
/// `capabilities.methods`, the schema test and the test of `protocol/README.md`'s method table
/// all read it, so a method cannot be answered without being listed, or listed without being
/// answered: the dispatch `switch` over this enum is exhaustive. (Where Foundation is imported
/// on Darwin, spell it `SequencerRPC.Method`: the Objective-C runtime has a `Method` too.)
///
/// The order of the cases is the order `initialize` lists the methods in, and the order of the
/// method table in `protocol/README.md`.
public enum Method: String, Sendable, CaseIterable {
    /// `initialize`: negotiates the protocol version and describes the server; optional, once
    /// per connection.
    case initialize
    /// `initialized`: the host's acknowledgement of `initialize` (LSP, MCP); does nothing.
    case initialized
    /// `sequence`: the one-shot sequencer over a whole history.
    case sequence
    /// `validate`: checks an array (or request body) in one format.
    case validate
    /// `session/open`.
    case sessionOpen = "session/open"
    /// `session/submit`.
    case sessionSubmit = "session/submit"
    /// `session/cancel`.
    case sessionCancel = "session/cancel"
    /// `session/messages`.
    case sessionMessages = "session/messages"
    /// `session/state`.
    case sessionState = "session/state"
    /// `session/close`.
    case sessionClose = "session/close"
    /// `session/export`.
    case sessionExport = "session/export"
    /// `session/import`.
    case sessionImport = "session/import"
    /// `session/rewind`: goes back to an earlier commit boundary, discarding what came after.
    case sessionRewind = "session/rewind"
    /// `session/replace`: makes a new array (a compaction) the committed one.
    case sessionReplace = "session/replace"
    /// `ping`: answers `{}`, to check the server is alive.
    case ping
    /// `$/cancelRequest` (LSP): cancels nothing, since no request is ever in progress when
    /// it is read (the server reads a line only after answering every earlier one).
    case cancelRequest = "$/cancelRequest"
    /// `shutdown`: answers `{}`, then the owner flushes and exits.
    case shutdown

    /// The name on the wire (`"session/open"`).
    public var name: String { rawValue }

    /// The method named `name` exactly (names are case-sensitive), if there is one.
    public init?(name: String) {
        self.init(rawValue: name)
    }

    /// The method a request's `method` string names exactly, whatever escapes spell it.
    init?(named name: JSONString) {
        guard let method = name.resolvingEscapes({ name in
            name.withEscapedBytes { bytes in
                for entry in Method.byName where entry.name.count == bytes.count {
                    if entry.name.withUnsafeBufferPointer({ ByteScan.equal($0, bytes) }) { return entry.method }
                }
                return nil
            }
        }) else { return nil }
        self = method
    }

    /// Every method with its name as bytes, for ``init(named:)``.
    private static let byName: [(name: [UInt8], method: Method)] = allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The names of the method's params, in the order of its params table in
    /// `protocol/README.md`; any other member of `params` is refused.
    public var params: [String] {
        switch self {
        case .initialize: ["clientInfo", "protocolVersion", "callKinds"]
        case .sequence: ["items", "format", "missingOutput", "syntheticOutputs", "reasoning", "ids"]
        case .validate: ["format", "messages", "reasoning"]
        case .sessionOpen: ["session", "options", "callKinds"]
        case .sessionSubmit: ["session", "items"]
        case .sessionCancel: ["session", "callIds", "reason"]
        case .sessionMessages: ["session", "format", "since", "epoch", "reasoning", "ids"]
        case .sessionRewind: ["session", "revision"]
        case .sessionReplace: ["session", "items"]
        case .sessionState, .sessionClose, .sessionExport: ["session"]
        case .sessionImport: ["state", "session"]
        case .initialized, .ping, .shutdown: []
        case .cancelRequest: ["id"]
        }
    }

    /// The kind of journal operation an accepted request of this method is recorded as, or
    /// `nil` for a method that changes no session (it is never journaled).
    public var journalKind: JournalOperation.Kind? {
        switch self {
        case .sessionOpen: .open
        case .sessionSubmit: .submit
        case .sessionCancel: .cancel
        case .sessionClose: .close
        case .sessionImport: .import
        case .sessionRewind: .rewind
        case .sessionReplace: .replace
        case .initialize, .initialized, .sequence, .validate, .sessionMessages, .sessionState, .sessionExport,
             .ping, .cancelRequest, .shutdown: nil
        }
    }

    /// Whether an accepted request changes session state, and so is journaled (`--state-dir`)
    /// and replayed at start-up.
    public var isJournaled: Bool { journalKind != nil }

    /// The method whose accepted requests are recorded as `kind`.
    public init(journalKind kind: JournalOperation.Kind) {
        switch kind {
        case .open: self = .sessionOpen
        case .submit: self = .sessionSubmit
        case .cancel: self = .sessionCancel
        case .close: self = .sessionClose
        case .import: self = .sessionImport
        case .rewind: self = .sessionRewind
        case .replace: self = .sessionReplace
        }
    }
}

// MARK: - Objects nested in params

extension Method {
    /// The members of `session/open`'s `options`.
    static let openOptions = ["syntheticOutputs", "format"]
    /// The members of `session/import`'s `state` (what `session/export` returns).
    static let importState = ["version", "session", "format", "revision", "exportedAt", "operations"]
    /// The members of each of `state.operations` in `session/import`.
    static let exportedOperation = ["kind", "time", "params"]
}
