import Foundation
import AirlockAppliance

/// `import --update-trust-root NAME`: the TUF update run from the bundle's `tuf/` folder before the import.
enum TrustRootImportText {
    /// The one line a TUF update from a bundle prints in text mode.
    static func render(_ report: TUFUpdateReport, name: String) {
        let v = report.versions
        print("updated trust root \(name) from the bundle's tuf/: root v\(v.root), timestamp v\(v.timestamp), snapshot v\(v.snapshot), targets v\(v.targets)\(report.changed ? "" : " (trusted_root.json unchanged)")")
    }
}

/// `import --update-trust-root --output json`: the update, the import report and (with --policy) the verdicts.
struct ImportWithTrustRootUpdate: Encodable {
    let trustRootUpdate: TUFUpdateReport?
    let imported: ImportReport
    let verified: VerifyReport?
}
