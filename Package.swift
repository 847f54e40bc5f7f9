// swift-tools-version:6.0
// Airlock — a sealed, offline verification appliance for software supply-chain evidence.
// Module layering follows docs/design.md: dependencies point down only.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Airlock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "airlock", targets: ["airlock"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Layer C: system libraries. Only AirlockCrypto imports COpenSSL; only AirlockImport imports CArchive;
        // only AirlockVerify imports CRE2.
        .target(
            name: "COpenSSL",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        // C++ shim over the system RE2 (libre2-dev) for linear-time regular expressions; only AirlockVerify imports it.
        .target(
            name: "CRE2",
            linkerSettings: [.linkedLibrary("re2")]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // Layer 1
        .target(name: "AirlockCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // Layer 2
        .target(name: "AirlockFormats", swiftSettings: strict),
        // Layer 3
        .target(name: "AirlockVerify", dependencies: ["CRE2", "AirlockCrypto", "AirlockFormats"], swiftSettings: strict),
        .target(
            name: "AirlockStore",
            // GRDBSQLite: the system SQLite module GRDB is built on, for `audit verify`'s raw scan of every row.
            dependencies: ["AirlockFormats", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "AirlockImport",
            dependencies: ["CArchive", "AirlockFormats", "AirlockStore"],
            swiftSettings: strict
        ),
        // Layer 4
        .target(
            name: "AirlockAppliance",
            dependencies: [
                "AirlockCrypto", "AirlockFormats", "AirlockVerify", "AirlockStore", "AirlockImport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Layer 5
        .executableTarget(
            name: "airlock",
            // Actions go through AirlockAppliance only; Formats, Verify and Import are imported solely to
            // render the value types the Appliance returns (MemberImportVisibility makes that explicit).
            dependencies: ["AirlockAppliance", "AirlockFormats", "AirlockVerify", "AirlockImport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Benchmark driver for tools/bench (not part of the appliance).
        .executableTarget(
            name: "airlock-bench",
            dependencies: ["AirlockCrypto", "AirlockFormats", "AirlockVerify", "AirlockAppliance", "AirlockStore", "AirlockTestKit"],
            swiftSettings: strict
        ),
        // Generator of the demo evidence and trust root for tools/make-demo-bundle (not part of the appliance).
        .executableTarget(
            name: "make-demo-bundle",
            dependencies: ["AirlockTestKit", "AirlockCrypto", "AirlockFormats"],
            swiftSettings: strict
        ),
        // libFuzzer driver for tools/fuzz (not part of the appliance); a normal build is a stub that says how to build it.
        .executableTarget(
            name: "airlock-fuzz",
            dependencies: ["AirlockCrypto", "AirlockFormats", "AirlockVerify"],
            path: "Sources/FuzzAirlock",
            swiftSettings: strict
        ),
        // Test support: a miniature Sigstore and the corpus locator.
        .target(
            name: "AirlockTestKit",
            dependencies: ["AirlockCrypto", "AirlockFormats", "AirlockVerify"],
            swiftSettings: strict
        ),
        .testTarget(name: "AirlockCryptoTests", dependencies: ["AirlockCrypto", "AirlockTestKit"], swiftSettings: strict),
        .testTarget(name: "AirlockFormatsTests", dependencies: ["AirlockFormats", "AirlockTestKit"], swiftSettings: strict),
        .testTarget(
            name: "AirlockVerifyTests",
            dependencies: ["AirlockVerify", "AirlockCrypto", "AirlockFormats", "AirlockTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AirlockImportTests",
            dependencies: ["AirlockImport", "AirlockStore", "AirlockAppliance", "AirlockTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AirlockPolicyTests",
            dependencies: ["AirlockAppliance", "AirlockVerify", "AirlockStore", "AirlockFormats", "AirlockCrypto", "AirlockTestKit"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AirlockCLITests",
            dependencies: ["AirlockAppliance", "AirlockTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AirlockStoreTests",
            dependencies: [
                "AirlockStore", "AirlockFormats", "AirlockAppliance", "AirlockTestKit",
                // Only to play a newer Airlock writing the catalogue; the Store's clients never see GRDB.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AirlockApproveTests",
            dependencies: ["AirlockAppliance", "AirlockStore", "AirlockFormats", "AirlockCrypto", "AirlockVerify", "AirlockTestKit"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
