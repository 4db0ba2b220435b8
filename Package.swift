// swift-tools-version: 6.0
import PackageDescription

// Layers point one way: pieredze (CLI) → PieredzeKit (knowledge base) → PieredzeStorage
// (sqlite3 wrapper, migrator) → CSQLite. LatvianText is pure Swift text analysis that
// knows nothing of SQLite; LatvianFTS5 plugs it into FTS5 as a tokenizer, for PieredzeKit's
// connections and, as the loadable extension liblatvian.so, for other SQLite programs.
let package = Package(
    name: "Pieredze",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pieredze", targets: ["pieredze"]),
        .library(name: "PieredzeKit", targets: ["PieredzeKit"]),
        // liblatvian.so: the latvian tokenizer for other SQLite programs (sqlite3 shell, Python).
        .library(name: "latvian", type: .dynamic, targets: ["SQLiteLatvianExtension"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The web front end (`pieredze serve`): HTTP server, logging, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // NIOThreadPool: the server's blocking SQLite work runs there, off the async executors.
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "PieredzeStorage",
            dependencies: ["CSQLite", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "LatvianText"),
        // Snowball's stemmers (Russian, for Cyrillic words), from Debian's libstemmer-dev.
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "LatvianFTS5", dependencies: ["CSQLite", "CStemmer", "LatvianText"]),
        .systemLibrary(name: "CSQLiteExtension", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SQLiteLatvianExtension", dependencies: ["CSQLiteExtension", "LatvianFTS5"]),
        .executableTarget(name: "EmbedMigrations"),
        .plugin(
            name: "MigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedMigrations"]
        ),
        .target(
            name: "PieredzeKit",
            dependencies: [
                "PieredzeStorage", "LatvianText", "LatvianFTS5", "CSQLite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["MigrationsPlugin"]
        ),
        // `pieredze serve`: the knowledge base as web pages and a JSON API, over PieredzeKit only.
        .target(
            name: "PieredzeServer",
            dependencies: [
                "PieredzeKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "pieredze",
            dependencies: [
                "PieredzeKit", "PieredzeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pieredze-bench",
            dependencies: ["PieredzeKit", "PieredzeStorage", "CSQLite"],
            path: "Sources/PieredzeBench"
        ),
        .testTarget(name: "PieredzeStorageTests", dependencies: ["PieredzeStorage", "CSQLite"]),
        .testTarget(name: "LatvianTextTests", dependencies: ["LatvianText"]),
        .testTarget(name: "LatvianFTS5Tests", dependencies: ["LatvianFTS5", "LatvianText", "CSQLite"]),
        .testTarget(
            name: "PieredzeKitTests",
            dependencies: ["PieredzeKit", "PieredzeStorage", "LatvianText", "LatvianFTS5"],
            exclude: ["Golden"]  // expected report outputs, read from the source tree by path
        ),
        .testTarget(name: "PieredzeCLITests", dependencies: ["PieredzeKit", "CSQLiteExtension"]),
        .testTarget(
            name: "PieredzeServerTests",
            dependencies: [
                "PieredzeServer", "PieredzeKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
