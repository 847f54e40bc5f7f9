import AirlockFormats
import AirlockStore

/// The in-toto layout and link files a layout rule reads. Import stores loose `*.layout` and `*.link`
/// files as evidence with no subject (`LooseEvidence`); a rule that requires a layout is given those of
/// every transfer archive the image came in, each annotated with its archive path (`path`), since a link
/// file's name says which step and functionary it is for. The annotation is stored as a blob named in
/// the verdict's inputs, so replay reads the same files under the same names.
enum LayoutEvidence {
    static func records(of digest: String, store: Store) throws(ApplianceError) -> [EvidenceRecord] {
        // The archives the image — or the release artifact (D21) — came in.
        let artifactBundles = try storeCall { try store.catalogue.artifacts() }.filter { $0.digest == digest }.map(\.bundleID)
        let bundles = Set(try storeCall { try store.catalogue.images(digest: digest) }.map(\.bundleID) + artifactBundles)
        var out: [EvidenceRecord] = []
        for bundle in bundles.sorted() {
            for var record in try storeCall({ try store.catalogue.evidence(bundleID: bundle) })
            where record.subjectDigest == nil && (record.kind == .intotoLayout || record.kind == .intotoLink) {
                record.annotations = ["path": record.source]
                out.append(record)
            }
        }
        return out
    }
}
