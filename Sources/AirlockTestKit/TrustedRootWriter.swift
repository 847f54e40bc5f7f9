public import Foundation
public import AirlockCrypto
import AirlockFormats

/// A trust-root validity window (`TimeRange`): both ends inclusive, no end = open-ended.
public struct TimeWindow: Sendable, Hashable {
    /// Start (inclusive).
    public var start: Date
    /// End (inclusive), or nil for open-ended.
    public var end: Date?

    /// Makes a window.
    public init(start: Date, end: Date? = nil) {
        self.start = start
        self.end = end
    }
}

/// What a generated `trusted_root.json` lists and with which validity windows.
public struct TrustedRootOptions: Sendable {
    /// List the Rekor v1 log.
    public var includeV1Log = true
    /// List the Rekor v2 log.
    public var includeV2Log = true
    /// List the CT log.
    public var includeCTLog = true
    /// List the Fulcio CA.
    public var includeCA = true
    /// List the TSA.
    public var includeTSA = true
    /// Also write `checkpointKeyId` for the Rekor v2 log (a v0.2 trust-root field).
    public var includeCheckpointKeyID = false
    /// Validity of the log keys (nil: from `defaultValidityStart`, open-ended).
    public var tlogValidFor: TimeWindow?
    /// Validity of the CT log key.
    public var ctlogValidFor: TimeWindow?
    /// Validity of the CA.
    public var caValidFor: TimeWindow?
    /// Validity of the TSA.
    public var tsaValidFor: TimeWindow?
    /// More CAs to list after the main one (their own default window).
    public var extraCAs: [MiniFulcio] = []
    /// More TSAs to list after the main one.
    public var extraTSAs: [MiniTSA] = []
    /// More CT logs to list after the main one.
    public var extraCTLogs: [MiniCTLog] = []
    /// The media type (sigstore-go accepts only the default).
    public var mediaType = MediaType.trustedRootV01Legacy

    /// Everything listed, default windows.
    public init() {}
}

extension MiniSigstore {
    /// A `trusted_root.json` listing exactly the chosen parts of this miniature Sigstore.
    public func trustedRootJSON(includeV1Log: Bool = true, includeV2Log: Bool = true, includeCTLog: Bool = true, includeTSA: Bool = true) -> Data {
        var options = TrustedRootOptions()
        options.includeV1Log = includeV1Log
        options.includeV2Log = includeV2Log
        options.includeCTLog = includeCTLog
        options.includeTSA = includeTSA
        return trustedRootJSON(options)
    }

    /// A `trusted_root.json` per `options`: logs with `baseUrl` `https://<host>`, `keyDetails` names,
    /// log ids; CA chain intermediate-first and root last; TSA chain `[leaf, root]`.
    public func trustedRootJSON(_ options: TrustedRootOptions) -> Data {
        let open = TimeWindow(start: defaultValidityStart)
        var tlogs: [JSONValue] = []
        if options.includeV1Log {
            tlogs.append(Self.log(baseURL: "https://\(rekorV1.host)", key: rekorV1.key.publicKey, logID: rekorV1.logID,
                                  checkpointKeyID: nil, window: options.tlogValidFor ?? open))
        }
        if options.includeV2Log {
            tlogs.append(Self.log(baseURL: "https://\(rekorV2.host)", key: rekorV2.key.publicKey, logID: rekorV2.logID,
                                  checkpointKeyID: options.includeCheckpointKeyID ? rekorV2.logID : nil, window: options.tlogValidFor ?? open))
        }
        var ctlogs: [JSONValue] = []
        for (i, log) in ([ctLog] + options.extraCTLogs).enumerated() where i > 0 || options.includeCTLog {
            ctlogs.append(Self.log(baseURL: log.baseURL, key: log.key.publicKey, logID: log.logID, checkpointKeyID: nil,
                                   window: i == 0 ? options.ctlogValidFor ?? open : open))
        }
        var cas: [JSONValue] = []
        for (i, ca) in ([fulcio] + options.extraCAs).enumerated() where i > 0 || options.includeCA {
            cas.append(Self.authority(organization: "mini.test", commonName: ca.name, uri: ca.uri,
                                      chain: ca.chain, window: i == 0 ? options.caValidFor ?? open : open))
        }
        var tsas: [JSONValue] = []
        for (i, authority) in ([tsa] + options.extraTSAs).enumerated() where i > 0 || options.includeTSA {
            tsas.append(Self.authority(organization: "mini.test", commonName: authority.name, uri: authority.uri,
                                       chain: authority.chain, window: i == 0 ? options.tsaValidFor ?? open : open))
        }
        var root = JSONObject()
        root["mediaType"] = .string(options.mediaType)
        root["tlogs"] = .array(tlogs)
        root["certificateAuthorities"] = .array(cas)
        root["ctlogs"] = .array(ctlogs)
        root["timestampAuthorities"] = .array(tsas)
        return CanonicalJSON.compact(.object(root))
    }

    /// The protobuf `PublicKeyDetails` name for a log key.
    public static func keyDetails(_ key: PublicKey) -> String {
        switch key.algorithm {
        case .ecdsaP256: "PKIX_ECDSA_P256_SHA_256"
        case .ecdsaP384: "PKIX_ECDSA_P384_SHA_384"
        case .ecdsaP521: "PKIX_ECDSA_P521_SHA_512"
        case .ed25519: "PKIX_ED25519"
        case .rsa(let bits): "PKIX_RSA_PKCS1V15_\(bits)_SHA256"
        }
    }

    static func window(_ w: TimeWindow) -> JSONValue {
        var o = JSONObject()
        o["start"] = .string(RFC3339.format(w.start, .millisecondsIfFractional))
        if let end = w.end { o["end"] = .string(RFC3339.format(end, .millisecondsIfFractional)) }
        return .object(o)
    }

    private static func log(baseURL: String, key: PublicKey, logID: Data, checkpointKeyID: Data?, window w: TimeWindow) -> JSONValue {
        var o = JSONObject()
        o["baseUrl"] = .string(baseURL)
        o["hashAlgorithm"] = .string("SHA2_256")
        o["publicKey"] = .object(JSONObject([
            "rawBytes": .string(Base64.encode(key.spkiDER)),
            "keyDetails": .string(keyDetails(key)),
            "validFor": window(w),
        ]))
        o["logId"] = .object(JSONObject(["keyId": .string(Base64.encode(logID))]))
        if let checkpointKeyID {
            o["checkpointKeyId"] = .object(JSONObject(["keyId": .string(Base64.encode(checkpointKeyID))]))
        }
        return .object(o)
    }

    private static func authority(organization: String, commonName: String, uri: String, chain: [Certificate], window w: TimeWindow) -> JSONValue {
        .object(JSONObject([
            "subject": .object(JSONObject(["organization": .string(organization), "commonName": .string(commonName)])),
            "uri": .string(uri),
            "certChain": .object(JSONObject([
                "certificates": .array(chain.map { .object(JSONObject(["rawBytes": .string(Base64.encode($0.der))])) }),
            ])),
            "validFor": window(w),
        ]))
    }
}
