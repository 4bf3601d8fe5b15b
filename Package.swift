// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tool-sequencer",
    products: [
        .library(name: "SequencerCore", targets: ["SequencerCore"]),
        .library(name: "SequencerRPC", targets: ["SequencerRPC"]),
        .library(name: "SequencerStore", targets: ["SequencerStore"]),
        .executable(name: "tool-sequencer", targets: ["tool-sequencer"]),
        .executable(name: "tool-sequencer-bench", targets: ["tool-sequencer-bench"]),
    ],
    targets: [
        // The one vector instruction Swift's SIMD types lack (see its header): header-only C.
        .target(name: "CVectorMask"),
        .target(name: "SequencerCore", dependencies: ["CVectorMask"]),
        .target(name: "SequencerRPC", dependencies: ["SequencerCore"]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SequencerStore", dependencies: ["CSQLite", "SequencerRPC"]),
        .target(name: "SequencerCLI", dependencies: ["SequencerCore", "SequencerRPC"]),
        .executableTarget(name: "tool-sequencer", dependencies: ["SequencerCLI", "SequencerRPC", "SequencerStore"]),
        // The benchmark draws its histories from the tests' SplitMix64 (a plain target, so it may).
        .executableTarget(name: "tool-sequencer-bench", dependencies: ["SequencerCore", "SequencerRPC", "SequencerTestSupport"]),
        // Helpers written once for every test target (as swift-nio ships NIOTestUtils): the seeded
        // generator, process spawning, clock and log recorders, request makers, schema checking.
        .target(
            name: "SequencerTestSupport",
            dependencies: ["SequencerCore", "SequencerRPC"],
            path: "Tests/SequencerTestSupport",
            exclude: ["README.md"],
            resources: [.copy("ProviderSchemas")]
        ),
        .testTarget(
            name: "SequencerCoreTests",
            dependencies: ["SequencerCore", "SequencerTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SequencerRPCTests", dependencies: ["SequencerRPC", "SequencerTestSupport"]),
        .testTarget(
            name: "SequencerStoreTests",
            dependencies: ["SequencerStore", "SequencerRPC", "SequencerCore", "SequencerTestSupport"]
        ),
        .testTarget(name: "SequencerTestSupportTests", dependencies: ["SequencerTestSupport", "SequencerCore"]),
        .testTarget(name: "SequencerCLITests", dependencies: ["SequencerCLI"], exclude: ["Traces"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["SequencerCore", "SequencerRPC", "SequencerTestSupport", "tool-sequencer"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
