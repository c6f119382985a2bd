// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "distillscan",
  products: [
    .executable(name: "distillscan", targets: ["distillscan"]),
    .library(name: "DistillScanKit", targets: ["DistillScanKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    // The case store (SQLite; links the system libsqlite3, apt libsqlite3-dev).
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // MARK: C libraries (system packages; see README for the apt line; GRDB needs libsqlite3-dev)
    .systemLibrary(
      name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
      providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(
      name: "CLZ4", path: "Sources/CLZ4", pkgConfig: "liblz4",
      providers: [.apt(["liblz4-dev"])]),
    // gzip is inflated with Intel ISA-L (igzip): ~4x zlib on this machine (see README, Performance).
    .systemLibrary(
      name: "CIsal", path: "Sources/CIsal", pkgConfig: "libisal",
      providers: [.apt(["libisal-dev"])]),

    // Byte-scanning kernels (SSE2, header-only static inline): JSON string scan, ASCII runs.
    .target(name: "CScan", path: "Sources/CScan"),

    // MARK: Engine
    .target(
      name: "DistillScanKit",
      dependencies: ["CZstd", "CLZ4", "CIsal", "CScan", .product(name: "GRDB", package: "GRDB.swift")]),

    // MARK: CLI
    .executableTarget(
      name: "distillscan",
      dependencies: [
        "DistillScanKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: Fuzzing
    // A replay tool in normal builds; a libFuzzer binary when built by scripts/fuzz
    // (`-sanitize=fuzzer -D FUZZING`), which feeds the JSON reader, every decoder and the pipeline.
    .executableTarget(name: "DistillScanFuzz", dependencies: ["DistillScanKit"]),

    // MARK: Tests
    // Goldens are read from the source tree via #filePath (RECORD_GOLDENS=1 rewrites them there).
    // GRDB directly too: the case-store tests build older and newer schemas by hand.
    .testTarget(
      name: "DistillScanKitTests", dependencies: ["DistillScanKit", .product(name: "GRDB", package: "GRDB.swift")],
      exclude: ["Reporting/Goldens"]),
    .testTarget(name: "DistillScanCLITests", dependencies: ["distillscan", "DistillScanKit"]),
  ]
)

for target in package.targets where target.type != .system && target.name != "CScan" {
  var settings = target.swiftSettings ?? []
  settings.append(.enableUpcomingFeature("MemberImportVisibility"))
  if target.type != .test {
    // The hot paths index raw buffers; bounds are checked by hand where it matters.
    settings.append(.unsafeFlags(["-Ounchecked"], .when(configuration: .release)))
  }
  target.swiftSettings = settings
}
