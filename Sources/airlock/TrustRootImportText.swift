import Foundation
import AirlockAppliance

/// `import --update-trust-root NAME`: the TUF update run from the bundle's `tuf/` folder before the import.
enum TrustRootImportText {
    /// Runs the update when `name` is given (exits on refusal), printing one line in text mode.
    static func update(_ name: String?, bundle: String?, dir: String?, at: AtOption, options: StateOptions) throws -> TUFUpdateReport? {
        guard let name else { return nil }
        let report: TUFUpdateReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            let url = bundle == "-" ? ImportService.standardInput : URL(fileURLWithPath: dir ?? bundle ?? "", isDirectory: dir != nil)
            return try TrustRootLibrary(stateDirectory: options.stateDirectory)
                .updateFromArchive(name, archive: url, isDirectory: dir != nil, at: try at.instant() ?? Date())
        }
        if options.output == .text {
            let v = report.versions
            print("updated trust root \(name) from the bundle's tuf/: root v\(v.root), timestamp v\(v.timestamp), snapshot v\(v.snapshot), targets v\(v.targets)\(report.changed ? "" : " (trusted_root.json unchanged)")")
        }
        return report
    }
}

/// `import --update-trust-root --output json`: the update, the import report and (with --policy) the verdicts.
struct ImportWithTrustRootUpdate: Encodable {
    let trustRootUpdate: TUFUpdateReport?
    let imported: ImportReport
    let verified: VerifyReport?
}
