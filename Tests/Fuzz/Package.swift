// swift-tools-version: 6.1
// Fuzzing Kring's readers, in a package of its own so that the default build stays light.
// See README.md ("Fuzzing") and Tests/Fuzz/run.sh.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "KringFuzz",
  platforms: [.macOS(.v14)],
  dependencies: [.package(path: "../..")],
  targets: [
    // What one input does to each reader; shared by both drivers below.
    .target(
      name: "Harness",
      dependencies: [
        .product(name: "Intake", package: root),
        .product(name: "Scheduling", package: root),
        .product(name: "Grouping", package: root),
        .product(name: "Reports", package: root),
        .product(name: "Pipeline", package: root),
      ]
    ),
    // libFuzzer's driver over the harness; build with -sanitize=fuzzer (see run.sh).
    .executableTarget(name: "KringFuzz", dependencies: ["Harness"]),
    // The fallback without libFuzzer: random mutations of the corpus for a given time.
    .executableTarget(name: "KringMutate", dependencies: ["Harness"]),
  ]
)
