public import Foundation

/// A signed in-toto layout or link in either envelope: the classic `Metablock` `{"signed", "signatures"}`
/// (signatures over the OLPC canonical JSON of `signed`, hex) or DSSE (ITE-5; signatures over PAE, base64,
/// payload type `application/vnd.in-toto+json`).
///
/// Parsing fixes the exact bytes every signature covers, so the verifier never re-encodes anything itself.
public struct InTotoEnvelope: Sendable, Hashable {
    /// Which wrapper the document used.
    public enum Format: String, Sendable, Hashable, Codable {
        /// `{"signed": …, "signatures": [{"keyid", "sig"}]}`.
        case metablock
        /// A DSSE envelope.
        case dsse
    }

    /// The signed document.
    public enum Document: Sendable, Hashable {
        /// A layout (also what a sublayout's "link" file holds).
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


    /// The wrapper format.
    public var format: Format
    /// The bytes the signatures cover: canonical JSON of `signed`, or the DSSE PAE.
    public var signedBytes: Data
    /// The signatures in file order (a Metablock may have none: it then fails verification).
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

    /// Parses either wrapper, telling them apart by their members (`signed` vs `payload`).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> InTotoEnvelope {
        let root = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        if root.object.contains("signed") {
            let metablock = try Metablock.parse(data, limits: limits)
            let bytes: Data
            do {
                bytes = try metablock.canonicalSignedBytes()
            } catch let error as FormatError {
                throw FormatError(error.code, "cannot be canonicalised: \(error.reason)", field: "signed")
            }
            return InTotoEnvelope(format: .metablock, signedBytes: bytes,
                                  signatures: metablock.signatures.map { Signature(keyid: $0.keyid, sig: $0.sig) },
                                  document: try document(metablock.signed))
        }
        if root.object.contains("payload") {
            let envelope = try DSSEEnvelope.read(root, limits: limits)
            guard envelope.payloadType == MediaType.inTotoPayload else {
                throw FormatError(.unsupportedVersion, "payload type \"\(envelope.payloadType)\" is not \(MediaType.inTotoPayload)",
                                  field: "payloadType")
            }
            let payload: JSONValue
            do {
                payload = try JSONValue.parse(envelope.payload, limits: limits)
            } catch let error as FormatError {
                throw FormatError(error.code, "DSSE payload: \(error.reason)", field: error.field ?? "payload")
            }
            return InTotoEnvelope(format: .dsse, signedBytes: envelope.pae(),
                                  signatures: envelope.signatures.map { Signature(keyid: $0.keyid ?? "", sig: $0.sig) },
                                  document: try dsseDocument(payload, limits: limits))
        }
        throw root.error(.invalidField, "neither an in-toto Metablock (\"signed\") nor a DSSE envelope (\"payload\")")
    }

    /// A DSSE payload: a layout or link, or a link attestation (Statement, link predicate v0.3).
    private static func dsseDocument(_ payload: JSONValue, limits: Limits) throws -> Document {
        if let type = payload.objectValue?["_type"]?.stringValue, type == PredicateType.statementV1 || type == PredicateType.statementV01 {
            return .link(try InTotoLink.parse(statement: payload, limits: limits))
        }
        return try document(payload)
    }

    private static func document(_ signed: JSONValue) throws -> Document {
        switch signed.objectValue?["_type"]?.stringValue {
        case "layout": .layout(try InTotoLayout.parse(signed: signed))
        case "link": .link(try InTotoLink.parse(signed: signed))
        default: throw FormatError(.invalidField, "expected _type \"layout\" or \"link\"", field: "signed._type")
        }
    }
}
