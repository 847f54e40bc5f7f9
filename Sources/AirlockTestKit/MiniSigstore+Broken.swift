public import Foundation
import AirlockCrypto
import AirlockFormats

extension MiniSigstore {
    /// Makes the broken variant `breakage` of a good bundle over `artifact` (keyless, signed as
    /// `Identity.githubWorkflow`), with the trust root and policy inputs to verify it against.
    /// See `Breakage` for what each case changes.
    public mutating func broken(_ breakage: Breakage, artifact: Data = MiniSigstore.defaultArtifact) throws -> BrokenCase {
        var setup = BrokenSetup(artifact: artifact, identity: .githubWorkflow)
        let made = try makeBroken(breakage, &setup)
        return BrokenCase(
            breakage: breakage, bundle: made.json, trustedRoot: trustedRootJSON(setup.root), artifact: artifact,
            expectedCheckID: breakage.expectedCheckID, expectedReasonFragment: breakage.expectedReasonFragment,
            expectedIdentity: setup.expectedIdentity, managedKey: setup.managedKey, managedKeyValidity: setup.keyValidity,
            rejectedByParser: breakage.rejectedByParser, made: made)
    }

    /// A statement naming `artifact` by its SHA-256.
    static func statement(for artifact: Data, predicate: JSONValue = .object(JSONObject())) -> Data {
        inTotoStatement(subjects: [(name: "artifact.bin", sha256Hex: Hex.encode(Digest.sha256(artifact)))], predicate: predicate)
    }

    private mutating func makeBroken(_ breakage: Breakage, _ s: inout BrokenSetup) throws -> MadeSigstoreBundle {
        let withTSA = SigstoreBundleOptions(timestampCount: 1)
        switch breakage {
        case .dsseTwoSignatures:
            var made = try dsseBundle(statement: Self.statement(for: s.artifact), identity: s.identity, options: withTSA)
            guard case .dsse(let type, let payload, let signatures) = made.parts.content else { return made }
            let second = try PrivateKey.generate(.ecdsaP256).signature(for: DSSE.pae(payloadType: type, payload: payload))
            made.parts.content = .dsse(payloadType: type, payload: payload, signatures: signatures + [(second, "")])
            return made
        case .emptyCertificateChain:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: SigstoreBundleOptions(version: .v0_2))
            made.parts.material = .certificateChain([])
            return made
        case .garbageCertificate:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity)
            made.parts.material = .certificate(Data("this is not a DER certificate".utf8))
            return made
        case .setByOtherKey, .integratedTimeChanged, .integratedTimeAfterLeafExpiry:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
            var entry = made.parts.tlogEntries[0]
            switch breakage {
            case .setByOtherKey:
                entry.signedEntryTimestamp = try rekorV1.signedEntryTimestamp(
                    body: entry.canonicalizedBody, integratedTime: entry.integratedTime, logIndex: entry.logIndex,
                    signer: PrivateKey.generate(.ecdsaP256))
            case .integratedTimeChanged:
                entry.integratedTime += 1
            default:
                entry.integratedTime = Int64(made.leaf!.notAfter.timeIntervalSince1970) + 3600
                entry.signedEntryTimestamp = try rekorV1.signedEntryTimestamp(
                    body: entry.canonicalizedBody, integratedTime: entry.integratedTime, logIndex: entry.logIndex)
            }
            made.parts.tlogEntries[0] = entry
            return made
        case .v01WithoutSET:
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: SigstoreBundleOptions(version: .v0_1, includeSET: false, timestampCount: 1))
        case .logKeyNotValidAtIntegratedTime:
            s.root.tlogValidFor = TimeWindow(start: defaultSigningTime.addingTimeInterval(86_400))
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
        case .inclusionProofHashFlipped, .inclusionProofWrongIndex, .checkpointByOtherKey, .checkpointRootMismatch, .checkpointMissing:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
            made.parts.tlogEntries[0].inclusionProof = try breakProof(made.parts.tlogEntries[0].inclusionProof!, breakage)
            return made
        case .v02WithoutInclusionProof:
            return try messageBundle(artifact: s.artifact, identity: s.identity,
                                     options: SigstoreBundleOptions(version: .v0_2, includeInclusionProof: false, timestampCount: 1))
        case .entryForOtherArtifact, .bodySignatureDiffers:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
            let logged = breakage == .entryForOtherArtifact ? Self.otherArtifact : s.artifact
            var signature = try made.signingKey.signature(for: logged)
            while signature == made.signature { signature = try made.signingKey.signature(for: logged) }
            let body = RekorBodies.hashedRekordV001(digest: Digest.sha256(logged), signature: signature, verifierPEM: made.leaf!.pem)
            made.parts.tlogEntries = [try logV1(body: body, kind: "hashedrekord", version: "0.0.1", integratedTime: made.signingTime, options: withTSA)]
            return made
        case .rekorV2DSSEEntry:
            var made = try dsseBundle(statement: Self.statement(for: s.artifact), identity: s.identity, options: .rekorV2)
            guard case .dsse(_, let payload, _) = made.parts.content else { return made }
            let body = RekorBodies.dsseV002(payload: payload, signature: made.signature, verifier: .certificate(made.leaf!.der))
            made.parts.tlogEntries = [try logV2(body: body, kind: "dsse", options: .rekorV2)]
            return made
        case .kindVersionMismatch:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
            made.parts.tlogEntries[0].kind = "dsse"
            return made
        case .duplicateTlogEntry:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity)
            made.parts.tlogEntries.append(made.parts.tlogEntries[0])
            return made
        case .logNotInTrustRoot:
            s.root.includeV1Log = false
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
        case .timestampFromUntrustedTSA, .timestampOverOtherBytes, .duplicateTimestamp, .tsaNotValidAtGenTime:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
            switch breakage {
            case .timestampFromUntrustedTSA:
                let rogue = try MiniTSA(baseTime: baseTime, name: "rogue-tsa", uri: "https://timestamp.rogue.test")
                made.parts.rfc3161Timestamps = [try rogue.timestamp(over: made.signature, at: made.signingTime)]
            case .timestampOverOtherBytes:
                made.parts.rfc3161Timestamps = [try tsa.timestamp(over: Self.otherArtifact, at: made.signingTime)]
            case .duplicateTimestamp:
                made.parts.rfc3161Timestamps.append(made.parts.rfc3161Timestamps[0])
            default:
                s.root.tsaValidFor = TimeWindow(start: defaultValidityStart, end: made.signingTime.addingTimeInterval(-3600))
            }
            return made
        case .noTimeSource:
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: SigstoreBundleOptions(includeSET: false))
        case .signedAfterLeafExpired:
            var made = try messageBundle(artifact: s.artifact, identity: s.identity, options: SigstoreBundleOptions(log: .v2))
            made.parts.rfc3161Timestamps = [try tsa.timestamp(over: made.signature, at: made.leaf!.notAfter.addingTimeInterval(60))]
            return made
        case .caNotValidAtSigningTime:
            s.root.caValidFor = TimeWindow(start: defaultValidityStart, end: defaultSigningTime.addingTimeInterval(-3600))
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
        case .leafFromUntrustedCA, .leafWithoutCodeSigningEKU, .sctFromUnknownLog, .sctSignatureTampered,
             .signatureOverOtherBytes, .messageDigestMismatch:
            return try assemble(recipe(breakage, s))
        case .dssePayloadTampered:
            let original = Self.statement(for: s.artifact)
            var recipe = SigningRecipe(payload: .dsse(MediaType.inTotoPayload, original), signer: .keyless(s.identity), options: withTSA)
            recipe.envelopePayload = Self.statement(for: s.artifact, predicate: .object(JSONObject(["tampered": .bool(true)])))
            return try assemble(recipe)
        case .subjectDigestMismatch:
            return try dsseBundle(statement: Self.statement(for: Self.otherArtifact), identity: s.identity, options: withTSA, artifact: s.artifact)
        case .wrongSubjectAlternativeName:
            s.expectedIdentity = Identity(subjectAlternativeName: .uri("https://github.com/mini-org/other-repo/.github/workflows/release.yml@refs/heads/main"),
                                          issuer: s.identity.issuer)
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
        case .wrongIssuer:
            s.expectedIdentity = Identity(subjectAlternativeName: s.identity.subjectAlternativeName, issuer: "https://accounts.rogue.test")
            return try messageBundle(artifact: s.artifact, identity: s.identity, options: withTSA)
        case .keyOutsideValidity:
            let key = try PrivateKey.generate(.ecdsaP256)
            s.expectedIdentity = nil
            s.managedKey = key.publicKey
            s.keyValidity = TimeWindow(start: baseTime.addingTimeInterval(-2 * 86_400), end: baseTime.addingTimeInterval(-86_400))
            return try keyMessageBundle(artifact: s.artifact, key: key, options: withTSA)
        }
    }

    /// The signing recipe for breakages made while signing (leaf, SCT or signature deviations).
    private func recipe(_ breakage: Breakage, _ s: BrokenSetup) throws -> SigningRecipe {
        var recipe = SigningRecipe(payload: .message(s.artifact), signer: .keyless(s.identity), options: SigstoreBundleOptions(timestampCount: 1))
        switch breakage {
        case .leafFromUntrustedCA:
            recipe.issuingCA = try MiniFulcio(baseTime: baseTime, name: "rogue-fulcio", uri: "https://fulcio.rogue.test")
        case .leafWithoutCodeSigningEKU:
            recipe.leafEKUs = [MiniFulcio.serverAuthEKU]
        case .sctFromUnknownLog:
            recipe.sctLogs = [MiniCTLog(key: try PrivateKey.generate(.ecdsaP256), baseURL: "https://ctfe.rogue.test")]
        case .sctSignatureTampered:
            recipe.tamperSCT = true
        case .signatureOverOtherBytes:
            recipe.signedBytes = Self.otherArtifact
        case .messageDigestMismatch:
            // Rekor v2 rebuilds its leaf from the bundle's messageDigest, so the entry stays consistent.
            recipe.options = .rekorV2
            recipe.messageDigest = Digest.sha256(Self.otherArtifact)
        default:
            break
        }
        return recipe
    }

    /// One inclusion-proof or checkpoint deviation.
    private func breakProof(_ proof: SigstoreBundleParts.Proof, _ breakage: Breakage) throws -> SigstoreBundleParts.Proof {
        var proof = proof
        switch breakage {
        case .inclusionProofHashFlipped:
            proof.hashes[0][proof.hashes[0].startIndex] ^= 0x01
        case .inclusionProofWrongIndex:
            proof.logIndex -= 1
        case .checkpointByOtherKey:
            proof.checkpoint = try rekorV1.checkpoint(size: proof.treeSize, signer: PrivateKey.generate(.ecdsaP256))
        case .checkpointRootMismatch:
            proof.checkpoint = try rekorV1.checkpoint(size: proof.treeSize, rootHash: rekorV1.tree.root(size: proof.treeSize - 1))
        case .checkpointMissing:
            proof.checkpoint = nil
        default:
            break
        }
        return proof
    }
}

/// The inputs of one broken case that the breakage may adjust besides the bundle.
struct BrokenSetup {
    var artifact: Data
    var identity: Identity
    var root = TrustedRootOptions()
    var expectedIdentity: Identity?
    var managedKey: PublicKey?
    var keyValidity: TimeWindow?

    init(artifact: Data, identity: Identity) {
        self.artifact = artifact
        self.identity = identity
        self.expectedIdentity = identity
    }
}
