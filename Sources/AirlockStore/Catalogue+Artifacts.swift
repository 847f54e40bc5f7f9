internal import GRDB

extension Catalogue {
    /// Release artifacts, of one bundle or of all, by bundle then path.
    public func artifacts(bundleID: String? = nil) throws(StoreError) -> [ArtifactRecord] {
        try read { db in
            var request = ArtifactRecord.rows.order(ArtifactRecord.Columns.bundleID, ArtifactRecord.Columns.path)
            if let bundleID { request = request.filter(ArtifactRecord.Columns.bundleID == bundleID) }
            return try request.records(db)
        }
    }
}
