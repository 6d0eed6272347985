// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Kring",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "kring", targets: ["kring"]),
    .library(name: "LinearSolver", targets: ["LinearSolver"]),
    .library(name: "Intake", targets: ["Intake"]),
    .library(name: "Grouping", targets: ["Grouping"]),
    .library(name: "Scheduling", targets: ["Scheduling"]),
    .library(name: "Reports", targets: ["Reports"]),
    .library(name: "Pipeline", targets: ["Pipeline"]),
    .library(name: "Generator", targets: ["Generator"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    // Without the swift-configuration trait: the server is configured by `kring serve`'s flags.
    .package(
      url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1",
      traits: ["FullFoundation"]),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    // Already in the graph through Hummingbird; named for the tests' in-memory channel.
    .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
  ],
  targets: [
    // GLPK, the system C library (Debian: libglpk-dev, which ships no pkg-config file).
    .systemLibrary(
      name: "CGLPK",
      providers: [.apt(["libglpk-dev"])]
    ),
    // setjmp/longjmp around GLPK calls so that glp_error becomes a recoverable error.
    .target(name: "CGLPKGuard", dependencies: ["CGLPK"]),
    .target(name: "LinearSolver", dependencies: ["CGLPK", "CGLPKGuard"]),
    .target(name: "Intake", dependencies: ["Yams", "ZIPFoundation"]),
    .target(name: "Grouping", dependencies: ["Intake", "LinearSolver"]),
    .target(name: "Scheduling", dependencies: ["Intake", "Grouping", "LinearSolver"]),
    .target(name: "Reports", dependencies: ["Intake", "Grouping", "Scheduling"]),
    .target(name: "Generator", dependencies: ["Intake"]),
    .target(
      name: "Pipeline",
      dependencies: ["Intake", "Grouping", "Scheduling", "Reports", "Yams"]
    ),
    // The coordinator's workbench: the workspace (SQLite) and what its pages and API do.
    .target(
      name: "Workbench",
      dependencies: [
        "Pipeline", "Intake", "Grouping", "Scheduling", "Reports", "LinearSolver",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    // `kring serve`: the workbench over HTTP (pages, API, server-sent events).
    .target(
      name: "WorkbenchServer",
      dependencies: [
        "Workbench", "Pipeline", "Intake", "Reports",
        .product(name: "Hummingbird", package: "hummingbird"),
      ]
    ),
    .executableTarget(
      name: "kring",
      dependencies: [
        "Pipeline", "Intake", "Grouping", "Scheduling", "Reports", "Generator", "Workbench",
        "WorkbenchServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "LinearSolverTests",
      dependencies: ["LinearSolver"]
    ),
    .testTarget(
      name: "IntakeTests",
      dependencies: ["Intake", .product(name: "PropertyBased", package: "swift-property-based")],
      resources: [.copy("Resources")]
    ),
    .testTarget(
      name: "GroupingTests",
      dependencies: [
        "Grouping", "Intake", "LinearSolver",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "SchedulingTests",
      dependencies: [
        "Scheduling", "Intake", "Generator",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(name: "GeneratorTests", dependencies: ["Generator", "Intake"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
    .testTarget(
      name: "PipelineTests",
      dependencies: [
        "Pipeline", "Intake", "Grouping", "Scheduling", "Reports", "Generator",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(name: "KringCLITests", dependencies: ["Pipeline", "Workbench", "kring"]),
    .testTarget(
      name: "WorkbenchTests",
      dependencies: [
        "Workbench", "WorkbenchServer", "Pipeline", "Intake", "Grouping", "Scheduling", "Reports",
        "Generator",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ]
    ),
    // Faults a hostile or unlucky user causes: writes cut short, planted symlinks, huge
    // numbers, control characters, time limits; in process and against the real binary.
    .testTarget(
      name: "FaultTests",
      dependencies: [
        "Pipeline", "Intake", "Grouping", "Scheduling", "Reports", "LinearSolver", "Generator",
        "kring",
      ]
    ),
  ]
)
