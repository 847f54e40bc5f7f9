import Foundation
import AirlockCrypto
import AirlockFormats

/// Rekor v1 signed entry timestamps (inclusion promises), docs/formats.md §3.1.
enum SignedEntryTimestamp {
    /// The RFC 8785 canonical bytes the SET signs. The four members are fixed and their values are
    /// base64, hex and integers, so the canonical form can be written directly.
    static func payload(body: Data, integratedTime: Int64, logIDHex: String, logIndex: Int64) -> Data {
        let json = "{\"body\":\"\(Base64.encode(body))\",\"integratedTime\":\(integratedTime),"
            + "\"logID\":\"\(logIDHex)\",\"logIndex\":\(logIndex)}"
        return Data(json.utf8)
    }

    /// Whether `set` is the log's signature over the entry's canonical payload.
    static func isValid(_ set: Data, body: Data, integratedTime: Int64, logIndex: Int64, log: TrustedLog) -> Bool {
        let message = payload(body: body, integratedTime: integratedTime, logIDHex: log.logIDHex, logIndex: logIndex)
        return log.key.isValidSignature(set, for: message, scheme: log.key.defaultScheme)
    }
}
