/// A failure of a ``SessionJournal``, or of replaying what it holds; ``message`` says it in
/// one sentence a person can act on.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The storage failed or cannot be used: the state directory, the database file, a read or
    /// a write (for SQLite, with its error text and code).
    case storage(String)
    /// A recorded operation cannot be replayed: the `number`-th operation loaded, `kind`
    /// `#sequence` of `session`, for `reason`. ``Server/restore(from:)`` sets it aside.
    case unreplayable(number: Int, kind: JournalOperation.Kind, sequence: Int, session: String, reason: ReplayFailure)

    /// Why a recorded operation cannot be replayed.
    public enum ReplayFailure: Sendable, Equatable {
        /// Its sequence number is not the session's next one (`expected`).
        case outOfSequence(expected: Int)
        /// Its params are not JSON (the parser's message).
        case paramsNotJSON(String)
        /// Its params are JSON, but not an object (the JSON type they are).
        case paramsNotObject(String)
        /// The method that accepted it refuses it now (the wire error's message): for example a
        /// param this version does not know.
        case refused(String)
    }

    /// A storage failure saying `message` (``storage(_:)``).
    public init(_ message: String) {
        self = .storage(message)
    }

    /// The failure in one sentence.
    public var message: String {
        switch self {
        case .storage(let message):
            return message
        case .unreplayable(let number, let kind, let sequence, let session, let reason):
            let why = switch reason {
            case .outOfSequence(let expected): "the session's next sequence number is \(expected)"
            case .paramsNotJSON(let error): "its params are not JSON: \(error)"
            case .paramsNotObject(let type): "its params are a \(type), not an object"
            case .refused(let error): error
            }
            return "operation \(number) (\(kind.rawValue) #\(sequence) of session \"\(session)\") cannot be replayed: \(why)"
        }
    }

    /// The message.
    public var description: String { message }
}
