public import Foundation
import AirlockFormats

/// Writes checkpoints as signed notes (C2SP `signed-note`, `tlog-checkpoint`), in both the Rekor v1
/// and the C2SP (Rekor v2) flavour: the note text, a blank line, then one
/// `"— <name> <base64(keyID4 || signature)>"` line per signature.
public enum SignedNoteWriter {
    /// The checkpoint body: `origin\nsize\nbase64(root)\n` plus optional extension lines.
    public static func checkpointText(origin: String, size: Int64, rootHash: Data, extensions: [String] = []) -> String {
        var text = "\(origin)\n\(size)\n\(Base64.encode(rootHash))\n"
        for line in extensions { text += line + "\n" }
        return text
    }

    /// One signature line, without the trailing newline.
    public static func signatureLine(name: String, keyID: Data, signature: Data) -> String {
        var blob = Data(keyID)
        blob.append(signature)
        return "\u{2014} \(name) \(Base64.encode(blob))"
    }

    /// The whole note: text, blank line, signature lines each ending in `\n`.
    public static func note(text: String, signatureLines: [String]) -> String {
        text + "\n" + signatureLines.map { $0 + "\n" }.joined()
    }
}
