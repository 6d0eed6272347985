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
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
    .executableTarget(
      name: "kring",
      dependencies: [
        "Pipeline", "Intake", "Grouping", "Scheduling", "Reports", "Generator",
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
    .testTarget(name: "KringCLITests", dependencies: ["Pipeline", "kring"]),
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
