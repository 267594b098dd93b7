// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "podtrail",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "podtrail", targets: ["podtrail"]),
        .library(name: "PodtrailKit", targets: ["PodtrailKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libpq, for `podtrail publish`: it brings sslmode, ~/.pgpass, the PG* variables and
        // COPY at no build cost (postgres-nio would add minutes to every clean build).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .executableTarget(name: "QueryEmbedder"),
        .plugin(
            name: "EmbedQueries",
            capability: .buildTool(),
            dependencies: ["QueryEmbedder"]
        ),
        .target(
            name: "PodtrailKit",
            dependencies: ["CSQLite", "CZlib", "CLibPQ"],
            exclude: ["Store/Migrations"],
            plugins: ["EmbedQueries"]
        ),
        .target(name: "PodtrailSimulator", dependencies: ["PodtrailKit"]),
        .executableTarget(
            name: "podtrail",
            dependencies: [
                "PodtrailKit",
                "PodtrailSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PodtrailKitTests",
            dependencies: ["PodtrailKit", "PodtrailSimulator"],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
