public import Foundation
public import AirlockCrypto
import AirlockFormats

extension MiniSigstore {
    /// A keyless `messageSignature` bundle over `artifact`: ephemeral P-256 key, Fulcio leaf for
    /// `identity` with an SCT, hashedrekord entry (v1 0.0.1 or v2 0.0.2), timestamps per `options`.
    public mutating func messageBundle(artifact: Data, identity: Identity, options: SigstoreBundleOptions = SigstoreBundleOptions()) throws -> MadeSigstoreBundle {
        try assemble(SigningRecipe(payload: .message(artifact), signer: .keyless(identity), options: options))
    }

    /// A keyless DSSE bundle over an in-toto `statement` (see `inTotoStatement`). `artifact` is
    /// carried into `MadeSigstoreBundle.artifact` for the caller's convenience (the statement's subject).
    public mutating func dsseBundle(statement: Data, identity: Identity, options: SigstoreBundleOptions = SigstoreBundleOptions(),
                                    artifact: Data = Data()) throws -> MadeSigstoreBundle {
        var made = try assemble(SigningRecipe(payload: .dsse(MediaType.inTotoPayload, statement), signer: .keyless(identity), options: options))
        made.artifact = artifact
        return made
    }

    /// A `messageSignature` bundle signed by a managed `key` (`publicKey.hint` = base64 SHA-256 of
    /// the SPKI); the log entry carries the PEM public key.
    public mutating func keyMessageBundle(artifact: Data, key: PrivateKey, options: SigstoreBundleOptions = SigstoreBundleOptions()) throws -> MadeSigstoreBundle {
        try assemble(SigningRecipe(payload: .message(artifact), signer: .key(key), options: options))
    }

    /// The key hint written for a managed key: base64 of SHA-256 of its SPKI.
    public static func keyHint(_ key: PublicKey) -> String { Base64.encode(Digest.sha256(key.spkiDER)) }
}

/// What to sign and how, including the deliberate deviations broken variants need.
struct SigningRecipe {
    enum Payload {
        case message(Data)
        case dsse(String, Data)
    }

    enum Signer {
        case keyless(Identity)
        case key(PrivateKey)
    }

    var payload: Payload
    var signer: Signer
    var options: SigstoreBundleOptions
    /// Issue the leaf from this CA instead of the trusted one.
    var issuingCA: MiniFulcio?
    /// Leaf EKUs instead of code signing.
    var leafEKUs: [String]?
    /// CT logs for the leaf's SCTs instead of the trusted one.
    var sctLogs: [MiniCTLog]?
    /// Flip SCT signature bytes.
    var tamperSCT = false
    /// Sign these bytes instead of the artifact / PAE.
    var signedBytes: Data?
    /// Claim this message digest instead of the artifact's.
    var messageDigest: Data?
    /// Put this payload in the envelope after signing the original.
    var envelopePayload: Data?

    init(payload: Payload, signer: Signer, options: SigstoreBundleOptions) {
        self.payload = payload
        self.signer = signer
        self.options = options
    }
}

extension MiniSigstore {
    /// Signs per `recipe`, logs, timestamps and assembles the bundle.
    mutating func assemble(_ recipe: SigningRecipe) throws -> MadeSigstoreBundle {
        let options = recipe.options
        let time = options.signingTime ?? defaultSigningTime
        let key: PrivateKey
        var leaf: Certificate?
        var identity: Identity?
        let ca = recipe.issuingCA ?? fulcio
        switch recipe.signer {
        case .keyless(let who):
            key = try PrivateKey.generate(.ecdsaP256)
            identity = who
            leaf = try ca.issueLeaf(for: key.publicKey, identity: who, options: MiniFulcio.LeafOptions(
                notBefore: time.addingTimeInterval(-30), extendedKeyUsages: recipe.leafEKUs ?? [MiniFulcio.codeSigningEKU],
                ctLogs: recipe.sctLogs ?? [ctLog], tamperSCTSignatures: recipe.tamperSCT))
        case .key(let managed):
            key = managed
        }
        let signature: Data
        let content: SigstoreBundleParts.Content
        let artifact: Data
        switch recipe.payload {
        case .message(let bytes):
            signature = try key.signature(for: recipe.signedBytes ?? bytes)
            content = .message(digestAlgorithm: "SHA2_256", digest: recipe.messageDigest ?? Digest.sha256(bytes), signature: signature)
            artifact = bytes
        case .dsse(let type, let payload):
            signature = try key.signature(for: recipe.signedBytes ?? DSSE.pae(payloadType: type, payload: payload))
            content = .dsse(payloadType: type, payload: recipe.envelopePayload ?? payload, signatures: [(signature, "")])
            artifact = payload
        }
        let material: SigstoreBundleParts.Material
        if let leaf {
            material = options.version == .v0_3 ? .certificate(leaf.der) : .certificateChain([leaf.der, ca.intermediate.der])
        } else {
            material = .publicKey(hint: Self.keyHint(key.publicKey))
        }
        var parts = SigstoreBundleParts(mediaType: options.version.mediaType, material: material, tlogEntries: [], rfc3161Timestamps: [], content: content)
        let verifierPEM = leaf?.pem ?? key.publicKey.pem
        switch options.log {
        case .v1:
            let (kind, version, body) = v1Body(parts, verifierPEM: verifierPEM, dsseKind: options.dsseKind)
            parts.tlogEntries = [try logV1(body: body, kind: kind, version: version, integratedTime: time, options: options)]
        case .v2:
            let verifier: RekorBodies.V2Verifier = leaf.map { .certificate($0.der) } ?? .publicKey(key.publicKey.spkiDER)
            let body = v2Body(parts, verifier: verifier, keyDetails: Self.keyDetails(key.publicKey))
            parts.tlogEntries = [try logV2(body: body, kind: "hashedrekord", options: options)]
        case .none:
            break
        }
        parts.rfc3161Timestamps = try (0..<options.timestampCount).map {
            try tsa.timestamp(over: signature, at: time, serial: UInt64($0 + 1), embedCertificates: options.embedTSACertificates)
        }
        return MadeSigstoreBundle(parts: parts, artifact: artifact, leaf: leaf, signingKey: key, signature: signature,
                          identity: identity, signingTime: time)
    }

    /// The Rekor v1 body for the bundle's content: hashedrekord 0.0.1, dsse 0.0.1 or intoto 0.0.2.
    func v1Body(_ parts: SigstoreBundleParts, verifierPEM: String, dsseKind: SigstoreBundleOptions.DSSEKind) -> (String, String, Data) {
        switch parts.content {
        case .message(_, let digest, let signature):
            return ("hashedrekord", "0.0.1", RekorBodies.hashedRekordV001(digest: digest, signature: signature, verifierPEM: verifierPEM))
        case .dsse(let type, let payload, let signatures):
            let envelope = parts.dsseEnvelopeJSON().map(CanonicalJSON.compact) ?? Data()
            switch dsseKind {
            case .dsse:
                return ("dsse", "0.0.1", RekorBodies.dsseV001(
                    payload: payload, envelopeJSON: envelope, signatures: signatures.map(\.sig), verifierPEM: verifierPEM))
            case .intoto:
                return ("intoto", "0.0.2", RekorBodies.intotoV002(
                    payloadType: type, payload: payload, envelopeJSON: envelope, signatures: signatures.map(\.sig), verifierPEM: verifierPEM))
            }
        }
    }

    /// The Rekor v2 hashedrekord 0.0.2 body: the message digest, or SHA-256 of the envelope's PAE.
    func v2Body(_ parts: SigstoreBundleParts, verifier: RekorBodies.V2Verifier, keyDetails: String) -> Data {
        switch parts.content {
        case .message(_, let digest, let signature):
            return RekorBodies.hashedRekordV002(digest: digest, signature: signature, keyDetails: keyDetails, verifier: verifier)
        case .dsse(let type, let payload, let signatures):
            return RekorBodies.hashedRekordV002(
                digest: Digest.sha256(DSSE.pae(payloadType: type, payload: payload)), signature: signatures.first?.sig ?? Data(),
                keyDetails: keyDetails, verifier: verifier)
        }
    }

    /// Appends `body` to the Rekor v1 log and returns its bundle entry (SET and proof per options).
    mutating func logV1(body: Data, kind: String, version: String, integratedTime time: Date, options: SigstoreBundleOptions) throws -> SigstoreBundleParts.TlogEntry {
        let index = rekorV1.append(body: body)
        let globalIndex = index + rekorV1.shardOffset
        let integratedTime = Int64(time.timeIntervalSince1970.rounded(.down))
        let set = options.includeSET
            ? try rekorV1.signedEntryTimestamp(body: body, integratedTime: integratedTime, logIndex: globalIndex) : nil
        let proof = options.includeInclusionProof ? try Self.proof(index, in: rekorV1.tree) { try rekorV1.checkpoint(size: $0) } : nil
        return SigstoreBundleParts.TlogEntry(
            logIndex: globalIndex, logID: rekorV1.logID, kind: kind, version: version, integratedTime: integratedTime,
            signedEntryTimestamp: set, inclusionProof: proof, canonicalizedBody: body)
    }

    /// Appends `body` to the Rekor v2 log and returns its bundle entry (proof per options, no SET).
    mutating func logV2(body: Data, kind: String, options: SigstoreBundleOptions) throws -> SigstoreBundleParts.TlogEntry {
        let index = rekorV2.append(body: body)
        let proof = options.includeInclusionProof ? try Self.proof(index, in: rekorV2.tree) { try rekorV2.checkpoint(size: $0) } : nil
        return SigstoreBundleParts.TlogEntry(
            logIndex: index, logID: rekorV2.logID, kind: kind, version: "0.0.2", integratedTime: 0,
            signedEntryTimestamp: nil, inclusionProof: proof, canonicalizedBody: body)
    }

    /// The inclusion proof of leaf `index` in `tree` at its current size, with the log's checkpoint for that size.
    private static func proof(_ index: Int64, in tree: MiniMerkleLog, checkpoint: (Int64) throws -> String) rethrows -> InclusionProof {
        let size = tree.size
        return InclusionProof(logIndex: index, rootHash: tree.root(size: size), treeSize: size,
                              hashes: tree.inclusionProof(index: index, size: size), checkpoint: try checkpoint(size))
    }
}
