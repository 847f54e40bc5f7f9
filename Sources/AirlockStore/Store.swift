public import Foundation

/// The state directory as one value: the blob store and the catalogue side by side.
public struct Store: Sendable {
    /// Content-addressed blobs.
    public let blobs: BlobStore
    /// The SQLite catalogue.
    public let catalogue: Catalogue

    /// Opens (creating when needed) the state directory.
    public init(stateDirectory: URL) throws(StoreError) {
        blobs = try BlobStore(stateDirectory: stateDirectory)
        catalogue = try Catalogue(stateDirectory: stateDirectory)
    }
}
