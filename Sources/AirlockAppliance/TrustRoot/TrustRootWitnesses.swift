public import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

extension TrustRootLibrary {
    /// Pins witness `name` for the log whose checkpoints have origin `origin`. `key` is a C2SP verifier key
    /// (`name+keyid+base64(0x04 || key)`, whose name must be `name`) or the path of an Ed25519 PEM public
    /// key. Refuses a bad key (`bad-witness-key`) and a name already pinned for the log (`witness-exists`).
    public func addWitness(origin: String, name: String, key: String, now: Date = Date()) throws(ApplianceError) -> WitnessEntry {
        guard !origin.isEmpty, !origin.contains("\n") else {
            throw ApplianceError(.badInput, "the log origin must be one non-empty line (the checkpoint's first line)", code: "bad-witness-key", field: "LOG_ORIGIN")
        }
        let witness: WitnessKey
        let isFile = FileManager.default.fileExists(atPath: key)
        do {
            if isFile {
                let pem = try readLimitedFile(key, limit: limits.maxJSONBytes)
                witness = try WitnessKey(name: name, pem: String(decoding: pem, as: UTF8.self))
            } else {
                witness = try WitnessKey(verifierKey: key)
                guard witness.name == name else {
                    throw ApplianceError(.badInput, "the verifier key names \(witness.name), not \(name)", code: "bad-witness-key", field: "KEY")
                }
            }
        } catch let error as WitnessKey.Failure {
            // A PEM file is named; text that is neither a file nor a verifier key says both were tried.
            let reason = isFile ? error.reason
                : "\(error.reason); KEY is neither an existing PEM file nor a C2SP verifier key"
            throw ApplianceError(.badInput, reason, code: "bad-witness-key", file: isFile ? key : nil, field: "KEY")
        } catch let error as ApplianceError {
            throw error
        } catch {
            throw ApplianceError(.badInput, "\(error)", code: "bad-witness-key", field: "KEY")
        }
        let store = try openStore(stateDirectory, mode: .create)
        if try storeCall({ try store.catalogue.tlogWitnesses() }).contains(where: { $0.origin == origin && $0.name == name }) {
            throw ApplianceError(.badInput, "witness \(name) is already pinned for \(origin) (remove it first)", code: "witness-exists", field: "NAME")
        }
        let record = TlogWitnessRecord(origin: origin, name: name, verifierKey: witness.verifierKey, addedAt: Self.whole(now))
        try storeCall { try store.catalogue.changeTlogWitness(origin: origin, name: name, record) }
        return Self.witnessEntry(record)
    }

    /// Unpins witness `name` of `origin`; `unknown-witness` when it is not pinned.
    public func removeWitness(origin: String, name: String) throws(ApplianceError) -> WitnessEntry {
        guard try existingStore() != nil else { throw Self.unknownWitness(origin, name) }
        let store = try openStore(stateDirectory, mode: .existing)
        guard let record = try storeCall({ try store.catalogue.tlogWitnesses() }).first(where: { $0.origin == origin && $0.name == name }) else {
            throw Self.unknownWitness(origin, name)
        }
        try storeCall { try store.catalogue.changeTlogWitness(origin: origin, name: name, nil) }
        return Self.witnessEntry(record)
    }

    /// Every pinned witness, by log origin then name.
    public func witnesses() throws(ApplianceError) -> [WitnessEntry] {
        guard let store = try existingStore() else { return [] }
        return try storeCall { try store.catalogue.tlogWitnesses() }.map(Self.witnessEntry)
    }

    static func witnessEntry(_ record: TlogWitnessRecord) -> WitnessEntry {
        WitnessEntry(origin: record.origin, name: record.name, verifierKey: record.verifierKey, addedAt: record.addedAt)
    }

    static func unknownWitness(_ origin: String, _ name: String) -> ApplianceError {
        ApplianceError(.badInput, "no witness \(name) is pinned for \(origin) (see airlock trustroot witness list)", code: "unknown-witness", field: "NAME")
    }
}
