public import Foundation
import AirlockFormats
import AirlockStore

/// What `audit export` wrote.
public struct AuditExportReport: Sendable, Codable, Equatable {
    /// The directory written.
    public var directory: String
    /// Leaves exported.
    public var treeSize: Int
    /// Checkpoints exported.
    public var checkpoints: Int
}

extension DecisionLogService {
    /// `airlock audit export DIR`: the log for an outside verifier: `entries/<index>.json` (each entry's
    /// bytes), `log.jsonl` (index, kind, record id, subject, leaf data), `checkpoints/<size>.note`,
    /// `keys/<key id>.pub.pem`, `verify.py` (recomputes the RFC 6962 root of every checkpoint with
    /// hashlib only) and `README.md` (the recipe, including the signature check with openssl).
    /// `directory` must not exist or be empty.
    public func export(to directory: URL) throws(ApplianceError) -> AuditExportReport {
        let store = try openStore(stateDirectory, mode: .existing)
        let leaves = try storeCall { try store.catalogue.logLeaves() }
        let checkpoints = try storeCall { try store.catalogue.logCheckpoints() }
        let ring = checkpoints.isEmpty ? nil : try ApplianceKeys(stateDirectory: stateDirectory).load()
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw ApplianceError(.badInput, "the export directory is not empty", code: "output-exists", file: directory.path)
        }
        do {
            for sub in ["entries", "checkpoints", "keys"] {
                try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            var lines = ""
            for leaf in leaves {
                try leaf.entry.write(to: directory.appendingPathComponent("entries/\(leaf.index).json"))
                let line = JSONValue.object(JSONObject([
                    "index": .number(JSONNumber(leaf.index)), "kind": .string(leaf.kind.rawValue), "recordId": .string(leaf.recordID),
                    "subject": .string(leaf.subject), "leafData": .string(Hex.encode(Self.leafData(leaf.entry))),
                ]))
                lines += String(decoding: try CanonicalJSON.rfc8785(line), as: UTF8.self) + "\n"
            }
            try Data(lines.utf8).write(to: directory.appendingPathComponent("log.jsonl"))
            for checkpoint in checkpoints {
                try Data(checkpoint.note.utf8).write(to: directory.appendingPathComponent("checkpoints/\(checkpoint.size).note"))
            }
            for key in ring?.keys ?? [] {
                try Data(key.publicKeyPEM.utf8).write(to: directory.appendingPathComponent("keys/\(key.id).pub.pem"))
            }
            try Data(Self.verifierScript.utf8).write(to: directory.appendingPathComponent("verify.py"))
            try Data(Self.readme(origin: ring.map { DecisionLogNote.origin(applianceID: $0.applianceID) }).utf8)
                .write(to: directory.appendingPathComponent("README.md"))
        } catch let error as ApplianceError {
            throw error
        } catch {
            throw ApplianceError(.badInput, "cannot write the export: \(error.localizedDescription)", code: "io", file: directory.path)
        }
        return AuditExportReport(directory: directory.path, treeSize: leaves.count, checkpoints: checkpoints.count)
    }

    static func readme(origin: String?) -> String {
        """
        # Airlock decision log export

        Each file in `entries/` is one leaf's entry: RFC 8785 canonical JSON of a logged record
        (import, verdict, approval, revocation or key event). The RFC 6962 leaf data is
        `SHA-256(entry)`; the leaf hash is `SHA-256(0x00 || leaf data)`; nodes are
        `SHA-256(0x01 || left || right)`. `log.jsonl` lists the leaves in order.

        `checkpoints/<size>.note` are C2SP signed notes by the appliance (origin and key name
        `\(origin ?? "airlock.local/<appliance id>")`): origin, tree size and base64 root hash, a blank
        line, then `— <name> base64(4-byte key id || signature)`. The signature is over the three
        text lines (each ending in a newline): ECDSA P-256 with SHA-256 (DER) or Ed25519, by a key in
        `keys/` (key id = SHA-256 of its DER SubjectPublicKeyInfo, the file name).

        ## Recipe

        1. Roots: `python3 verify.py .` recomputes the root of every checkpoint size from
           `entries/` and compares it with the signed note (hashlib only), and checks `log.jsonl`.
        2. Signatures, for each note (ECDSA):

               head -n 3 checkpoints/N.note > text
               tail -n 1 checkpoints/N.note | cut -d' ' -f3 | base64 -d | tail -c +5 > sig.der
               openssl dgst -sha256 -verify keys/KEYID.pub.pem -signature sig.der text

           (Ed25519: `openssl pkeyutl -verify -pubin -inkey keys/KEYID.pub.pem -rawin -in text -sigfile sig`.)
        3. Keep the latest checkpoint outside the appliance: a later export must contain it, and
           `airlock audit consistency OLD NEW` proves the newer log extends it.

        """
    }

    static let verifierScript = """
        import base64, hashlib, json, os, sys
        H = lambda b: hashlib.sha256(b).digest()
        def root(hashes):
            if not hashes: return H(b'')
            if len(hashes) == 1: return hashes[0]
            k = 1
            while k << 1 < len(hashes): k <<= 1
            return H(b'\\x01' + root(hashes[:k]) + root(hashes[k:]))
        d = sys.argv[1] if len(sys.argv) > 1 else '.'
        log = [json.loads(l) for l in open(os.path.join(d, 'log.jsonl'))]
        leaves = []
        for i, rec in enumerate(log):
            assert rec['index'] == i, 'log.jsonl: index %d missing' % i
            data = H(open(os.path.join(d, 'entries', '%d.json' % i), 'rb').read())
            assert data.hex() == rec['leafData'], 'entry %d does not hash to its leaf data' % i
            leaves.append(H(b'\\x00' + data))
        notes = sorted(int(n[:-5]) for n in os.listdir(os.path.join(d, 'checkpoints')) if n.endswith('.note'))
        for size in notes:
            lines = open(os.path.join(d, 'checkpoints', '%d.note' % size)).read().split('\\n')
            assert int(lines[1]) == size and size <= len(leaves), 'checkpoint %d: bad size' % size
            assert base64.b64decode(lines[2]) == root(leaves[:size]), 'checkpoint %d: root differs' % size
        print('ok: %d leaves, %d checkpoints' % (len(leaves), len(notes)))
        """
}
