public import Foundation

/// A signed in-toto layout or link in either envelope: the classic Metablock `{"signed", "signatures"}`
/// (signatures over the OLPC canonical JSON of `signed`, hex) or DSSE (ITE-5; signatures over PAE, base64).
///
/// Parsing fixes the exact bytes every signature covers, so the verifier never re-encodes anything itself.
public struct InTotoEnvelope: Sendable, Hashable {
    /// Which wrapper the document used.
    public enum Format: String, Sendable, Hashable, Codable {
        /// `{"signed": …, "signatures": [{"keyid", "sig"}]}`.
        case metablock
        /// A DSSE envelope with payload type `application/vnd.in-toto+json`.
        case dsse
    }

    /// The signed document.
    public enum Document: Sendable, Hashable {
        /// A layout (also what a sublayout "link" file holds).
        case layout(InTotoLayout)
        /// A link.
        case link(InTotoLink)
    }

    /// One signature: the key-id hint and the signature bytes.
    public struct Signature: Sendable, Hashable {
        /// The key id the signer claims (an unauthenticated hint; may be empty in DSSE).
        public var keyid: String
        /// The raw signature bytes (hex-decoded or base64-decoded).
        public var sig: Data

        /// Makes a signature.
        public init(keyid: String, sig: Data) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    /// The DSSE payload type in-toto layouts and links use.
    public static let dssePayloadType = "application/vnd.in-toto+json"

    /// The wrapper format.
    public var format: Format
    /// The bytes the signatures cover: canonical JSON of `signed`, or the DSSE PAE.
    public var signedBytes: Data
    /// The signatures in file order (possibly none: an unsigned document then fails verification).
    public var signatures: [Signature]
    /// The parsed layout or link.
    public var document: Document

    /// Makes an envelope.
    public init(format: Format, signedBytes: Data, signatures: [Signature], document: Document) {
        self.format = format
        self.signedBytes = signedBytes
        self.signatures = signatures
        self.document = document
    }

    /// Parses either wrapper, telling them apart by their members.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> InTotoEnvelope {
        let root = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        if root.object.contains("signed") {
            return try readMetablock(root, limits: limits)
        }
        if root.object.contains("payload") {
            return try readDSSE(root, limits: limits)
        }
        throw root.error(.invalidField, "neither an in-toto Metablock (\"signed\") nor a DSSE envelope (\"payload\")")
    }

    private static func readMetablock(_ root: JSONObjectReader, limits: Limits) throws -> InTotoEnvelope {
        let signed = try root.value("signed")
        let signatures = try root.array("signatures", maxCount: limits.maxDSSESignatures).map { r in
            let o = try r.object()
            let hex = try o.string("sig")
            guard let sig = Hex.decode(hex), !sig.isEmpty else {
                throw FormatError(.invalidField, "signature is not non-empty hex", field: o.childPath("sig"))
            }
            return Signature(keyid: try o.string("keyid"), sig: sig)
        }
        let bytes: Data
        do {
            bytes = try CanonicalJSON.olpc(signed.value)
        } catch let error as FormatError {
            throw FormatError(error.code, "cannot be canonicalised: \(error.reason)", field: "signed")
        }
        return InTotoEnvelope(format: .metablock, signedBytes: bytes, signatures: signatures,
                              document: try readDocument(signed.object(), limits: limits))
    }

    private static func readDSSE(_ root: JSONObjectReader, limits: Limits) throws -> InTotoEnvelope {
        let envelope = try DSSEEnvelope.read(root, limits: limits)
        guard envelope.payloadType == dssePayloadType else {
            throw FormatError(.unsupportedVersion, "payload type \"\(envelope.payloadType)\" is not \(dssePayloadType)",
                              field: "payloadType")
        }
        let payload: JSONObjectReader
        do {
            payload = try JSONReader(JSONValue.parse(envelope.payload, limits: limits), path: "payload").object()
        } catch let error as FormatError {
            throw FormatError(error.code, "DSSE payload: \(error.reason)", field: error.field ?? "payload")
        }
        return InTotoEnvelope(
            format: .dsse, signedBytes: envelope.pae(),
            signatures: envelope.signatures.map { Signature(keyid: $0.keyid ?? "", sig: $0.sig) },
            document: try readDocument(payload, limits: limits)
        )
    }

    private static func readDocument(_ o: JSONObjectReader, limits: Limits) throws -> Document {
        switch try o.string("_type") {
        case "layout": .layout(try InTotoLayout.read(o))
        case "link": .link(try InTotoLink.read(o, limits: limits))
        case let other:
            throw FormatError(.invalidField, "expected \"layout\" or \"link\", found \"\(other)\"", field: o.childPath("_type"))
        }
    }
}
