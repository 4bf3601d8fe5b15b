// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tool-sequencer",
    products: [
        .library(name: "SequencerCore", targets: ["SequencerCore"]),
        .library(name: "SequencerRPC", targets: ["SequencerRPC"]),
        .executable(name: "tool-sequencer", targets: ["tool-sequencer"]),
        .executable(name: "tool-sequencer-bench", targets: ["tool-sequencer-bench"]),
    ],
    targets: [
        .target(name: "SequencerCore"),
        .target(name: "SequencerRPC", dependencies: ["SequencerCore"]),
        .target(name: "SequencerCLI", dependencies: ["SequencerCore", "SequencerRPC"]),
        .executableTarget(name: "tool-sequencer", dependencies: ["SequencerCLI", "SequencerRPC"]),
        .executableTarget(name: "tool-sequencer-bench", dependencies: ["SequencerCore"]),
        .testTarget(
            name: "SequencerCoreTests",
            dependencies: ["SequencerCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SequencerRPCTests", dependencies: ["SequencerRPC"]),
        .testTarget(name: "SequencerCLITests", dependencies: ["SequencerCLI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SequencerCore", "tool-sequencer"]),
    ],
    swiftLanguageModes: [.v6]
)
