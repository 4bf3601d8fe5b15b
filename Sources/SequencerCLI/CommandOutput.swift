/// What a one-shot command prints and how it exits.
public struct CommandOutput: Equatable, Sendable {
    /// The bytes for stdout.
    public var stdout: [UInt8]
    /// The text for stderr.
    public var stderr: String
    /// The exit status.
    public var status: Int32

    /// An output with every field given.
    public init(stdout: [UInt8] = [], stderr: String = "", status: Int32 = 0) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }
}
