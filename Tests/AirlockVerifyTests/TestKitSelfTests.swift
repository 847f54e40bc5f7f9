import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// Self-tests of the miniature Sigstore: every artefact it makes is checked here with a reference
/// algorithm written independently of both the test kit and the verifier.
@Suite("TestKit self-tests")
struct TestKitSelfTests {
    // MARK: Reference RFC 9162 verifiers (§2.1.3.2 and §2.1.4.2), written from the RFC text.

    static func referenceRoot(index: UInt64, size: UInt64, leafHash: Data, proof: [Data]) -> Data? {
        guard index < size else { return nil }
        var fn = index, sn = size - 1, r = leafHash
        for p in proof {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = MiniMerkleLog.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = MiniMerkleLog.nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    static func referenceConsistency(first: UInt64, second: UInt64, firstRoot: Data, secondRoot: Data, proof: [Data]) -> Bool {
        guard first > 0, first < second, !proof.isEmpty else { return false }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        var fn = first - 1, sn = second - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MiniMerkleLog.nodeHash(c, fr)
                sr = MiniMerkleLog.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = MiniMerkleLog.nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }

    static func log(size: Int) -> MiniMerkleLog {
        var log = MiniMerkleLog()
        for i in 0..<size { log.append(Data("leaf \(i)".utf8)) }
        return log
    }

    @Test("Merkle roots match RFC 6962 hand computations")
    func merkleRootsByHand() {
        let log = Self.log(size: 3)
        let l = (0..<3).map { MiniMerkleLog.leafHash(Data("leaf \($0)".utf8)) }
        #expect(log.root(size: 0) == Digest.sha256(Data()))
        #expect(log.root(size: 1) == l[0])
        #expect(log.root(size: 2) == MiniMerkleLog.nodeHash(l[0], l[1]))
        #expect(log.root(size: 3) == MiniMerkleLog.nodeHash(MiniMerkleLog.nodeHash(l[0], l[1]), l[2]))
        #expect(MiniMerkleLog.leafHash(Data()) == Digest.sha256(Data([0])))
    }

    @Test("inclusion proofs verify for every index of every size up to 33", arguments: Array(1...33))
    func inclusionProofs(size: Int) {
        let log = Self.log(size: 33)
        let root = log.root(size: Int64(size))
        for index in 0..<size {
            let proof = log.inclusionProof(index: Int64(index), size: Int64(size))
            let leaf = log.leafHashes[index]
            #expect(Self.referenceRoot(index: UInt64(index), size: UInt64(size), leafHash: leaf, proof: proof) == root)
            if let first = proof.first {
                // A proof with one hash flipped must not verify: the reference is not vacuous.
                var bad = proof
                var flipped = first
                flipped[flipped.startIndex] ^= 1
                bad[0] = flipped
                #expect(Self.referenceRoot(index: UInt64(index), size: UInt64(size), leafHash: leaf, proof: bad) != root)
            }
        }
    }

    @Test("consistency proofs verify between every pair of sizes up to 20")
    func consistencyProofs() {
        let log = Self.log(size: 20)
        for second in 2...20 {
            for first in 1..<second {
                let proof = log.consistencyProof(from: Int64(first), to: Int64(second))
                #expect(Self.referenceConsistency(
                    first: UInt64(first), second: UInt64(second),
                    firstRoot: log.root(size: Int64(first)), secondRoot: log.root(size: Int64(second)), proof: proof),
                    "consistency \(first)→\(second)")
                #expect(!Self.referenceConsistency(
                    first: UInt64(first), second: UInt64(second),
                    firstRoot: log.root(size: Int64(first - 1 == 0 ? second : first - 1)), secondRoot: log.root(size: Int64(second)), proof: proof))
            }
        }
        #expect(log.consistencyProof(from: 0, to: 5).isEmpty)
        #expect(log.consistencyProof(from: 5, to: 5).isEmpty)
    }

    // MARK: Mini Sigstore artefacts

    static let artifact = Data("mini sigstore self-test artifact\n".utf8)

    /// The SET payload written by hand from docs/formats.md §3.1 (not with the JCS encoder).
    static func handSETPayload(_ e: TransparencyLogEntry) -> Data {
        Data(("{\"body\":\"\(Base64.encode(e.canonicalizedBody))\",\"integratedTime\":\(e.integratedTime),"
            + "\"logID\":\"\(Hex.encode(e.logID))\",\"logIndex\":\(e.logIndex)}").utf8)
    }

    /// Checks one entry's proof against its checkpoint with the reference algorithm and the log key.
    static func checkProof(_ e: TransparencyLogEntry, key: PublicKey, keyID: Data, name: String, origin: String, v2: Bool) throws {
        let proof = try #require(e.inclusionProof)
        let note = try SignedNote.parse(try #require(proof.checkpoint))
        let checkpoint = try Checkpoint.parse(noteText: note.text)
        #expect(checkpoint.origin == origin)
        #expect(checkpoint.rootHash == proof.rootHash && Int64(checkpoint.size) == proof.treeSize)
        #expect(note.signatures.count == 1 && note.signatures[0].name == name && note.signatures[0].keyHint == keyID)
        #expect(key.isValidSignature(note.signatures[0].signature, for: Data(note.text.utf8), scheme: key.defaultScheme))
        let index = v2 ? e.logIndex : proof.logIndex
        #expect(referenceRoot(index: UInt64(index), size: UInt64(proof.treeSize),
                              leafHash: MiniMerkleLog.leafHash(e.canonicalizedBody), proof: proof.hashes) == proof.rootHash)
        #expect(!proof.hashes.isEmpty, "prefilled logs give non-trivial proofs")
    }

    @Test("Rekor v1 entries: SET, checkpoint and inclusion proof verify; bodies parse and match", arguments: SigstoreBundleOptions.Version.allCases)
    func rekorV1Bundle(version: SigstoreBundleOptions.Version) throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: Self.artifact, identity: .githubWorkflow, options: SigstoreBundleOptions(version: version))
        let bundle = try SigstoreBundle.parse(made.json)
        #expect(bundle.version.rawValue == version.rawValue)
        let e = try #require(bundle.verificationMaterial.tlogEntries.first)
        #expect(e.kind == "hashedrekord" && e.version == "0.0.1" && e.logID == mini.rekorV1.logID)
        #expect(e.integratedTime == Int64(mini.defaultSigningTime.timeIntervalSince1970))
        #expect(e.logIndex == e.inclusionProof!.logIndex + mini.rekorV1.shardOffset)
        let logKey = mini.rekorV1.key.publicKey
        let set = try #require(e.signedEntryTimestamp)
        #expect(logKey.isValidSignature(set, for: Self.handSETPayload(e), scheme: .ecdsa(.sha256)))
        #expect(e.logID == Digest.sha256(logKey.spkiDER))
        try Self.checkProof(e, key: logKey, keyID: e.logID.prefix(4), name: "rekor.mini.test", origin: "rekor.mini.test - 1234", v2: false)
        guard case .hashedRekordV001(let body) = try RekorBody.parse(e.canonicalizedBody) else { Issue.record("kind"); return }
        #expect(body.signature == made.signature && body.hashHex == Hex.encode(Digest.sha256(Self.artifact)))
        #expect(String(decoding: body.publicKeyPEM, as: UTF8.self) == made.leaf!.pem)
        guard case .messageSignature(let message) = bundle.content else { Issue.record("content"); return }
        #expect(made.signingKey.publicKey.isValidSignature(message.signature, for: Self.artifact, scheme: .ecdsa(.sha256)))
        #expect(bundle.verificationMaterial.content.leafCertificate == made.leaf!.der)
    }

    @Test("Rekor v2 entries: C2SP checkpoint, rebuilt hashedrekord 0.0.2 leaf, no SET, integratedTime 0")
    func rekorV2Bundle() throws {
        var mini = try MiniSigstore()
        let statement = MiniSigstore.inTotoStatement(subjects: [("a.bin", Hex.encode(Digest.sha256(Self.artifact)))])
        for made in [try mini.messageBundle(artifact: Self.artifact, identity: .email, options: .rekorV2),
                     try mini.dsseBundle(statement: statement, identity: .username("alice"), options: .rekorV2)] {
            let bundle = try SigstoreBundle.parse(made.json)
            let e = try #require(bundle.verificationMaterial.tlogEntries.first)
            #expect(e.kind == "hashedrekord" && e.version == "0.0.2" && e.integratedTime == 0 && e.signedEntryTimestamp == nil)
            let key = mini.rekorV2.key.publicKey
            var material = Data("log2025-1.rekor.mini.test\n".utf8) + Data([0x01])
            material.append(key.rawEd25519!)
            #expect(e.logID == Digest.sha256(material))
            try Self.checkProof(e, key: key, keyID: e.logID.prefix(4), name: "log2025-1.rekor.mini.test",
                                origin: "log2025-1.rekor.mini.test", v2: true)
            let digest: Data
            if case .dsseEnvelope(let env) = bundle.content {
                digest = Digest.sha256(DSSEEnvelope.pae(type: env.payloadType, body: env.payload))
                #expect(DSSE.pae(payloadType: env.payloadType, payload: env.payload) == env.pae())
            } else {
                digest = Digest.sha256(Self.artifact)
            }
            let rebuilt = RekorBody.canonicalHashedRekordV002(
                digestAlgorithm: "SHA2_256", digest: digest, signature: made.signature,
                keyDetails: "PKIX_ECDSA_P256_SHA_256", verifier: .x509Certificate(made.leaf!.der))
            #expect(rebuilt == e.canonicalizedBody)
            #expect(bundle.verificationMaterial.rfc3161Timestamps.count == 1)
        }
    }

    @Test("leaf certificates: chain at the signing time, Fulcio extensions, critical SAN, verifying SCT")
    func fulcioLeaf() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: Self.artifact, identity: .githubWorkflow)
        let leaf = try #require(made.leaf)
        let pool = CertificatePool(anchors: [mini.fulcio.root], intermediates: [mini.fulcio.intermediate])
        let path = try pool.validate(leaf, at: made.signingTime, usage: .codeSigning).get()
        #expect(path.count == 3)
        if case .success = pool.validate(leaf, at: made.signingTime.addingTimeInterval(600), usage: .codeSigning) {
            Issue.record("a ten-minute leaf must be expired 10 minutes after signing")
        }
        #expect(leaf.fulcioExtensions.issuer == Identity.githubWorkflow.issuer)
        #expect(leaf.fulcioExtensions.sourceRepositoryURI == "https://github.com/mini-org/mini-repo")
        #expect(leaf.subjectAlternativeNames == [Identity.githubWorkflow.subjectAlternativeName])
        #expect(leaf.extendedKeyUsages == [MiniFulcio.codeSigningEKU])
        let scts = try leaf.embeddedSCTs()
        #expect(scts.count == 1 && scts[0].logID == mini.ctLog.logID)
        #expect(scts[0].verify(leaf: leaf, issuer: mini.fulcio.intermediate, logKey: mini.ctLog.key.publicKey))
        #expect(!scts[0].verify(leaf: leaf, issuer: mini.fulcio.root, logKey: mini.ctLog.key.publicKey))
    }

    @Test("TSA tokens verify over the signature at the signing time and not over other bytes")
    func timestamps() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: Self.artifact, identity: .email, options: SigstoreBundleOptions(timestampCount: 2))
        let tokens = made.parts.rfc3161Timestamps
        #expect(tokens.count == 2 && tokens[0] != tokens[1])
        for der in tokens {
            let response = try TimestampResponse(der: der)
            let time = try response.verify(signedData: made.signature, anchors: [mini.tsa.root], intermediates: [],
                                           expectedSigner: mini.tsa.leaf).get()
            #expect(time == made.signingTime)
            guard case .failure(let error) = response.verify(signedData: Self.artifact, anchors: [mini.tsa.root], intermediates: [],
                                                              expectedSigner: mini.tsa.leaf) else { Issue.record("must fail"); continue }
            #expect(error.reason.contains("imprint"))
        }
    }

    @Test("trusted root lists exactly what is asked, with parseable windows and chains")
    func trustedRoot() throws {
        let mini = try MiniSigstore()
        let full = try TrustedRoot.parse(mini.trustedRootJSON())
        #expect(full.mediaType == "application/vnd.dev.sigstore.trustedroot+json;version=0.1")
        #expect(full.tlogs.map(\.logID) == [mini.rekorV1.logID, mini.rekorV2.logID])
        #expect(full.tlogs.map(\.originHost) == ["rekor.mini.test", "log2025-1.rekor.mini.test"])
        #expect(full.tlogs.map(\.publicKey.keyDetails) == ["PKIX_ECDSA_P256_SHA_256", "PKIX_ED25519"])
        #expect(full.ctlogs.map(\.logID) == [mini.ctLog.logID])
        #expect(full.certificateAuthorities.first?.certChain == [mini.fulcio.intermediate.der, mini.fulcio.root.der])
        #expect(full.timestampAuthorities.first?.certChain == [mini.tsa.leaf.der, mini.tsa.root.der])
        #expect(full.certificateAuthorities.first?.validFor.contains(mini.defaultSigningTime) == true)
        let partial = try TrustedRoot.parse(mini.trustedRootJSON(includeV1Log: false, includeV2Log: true, includeCTLog: false, includeTSA: false))
        #expect(partial.tlogs.count == 1 && partial.ctlogs.isEmpty && partial.timestampAuthorities.isEmpty)
        var options = TrustedRootOptions()
        options.caValidFor = TimeWindow(start: mini.defaultValidityStart, end: mini.baseTime)
        let windowed = try TrustedRoot.parse(mini.trustedRootJSON(options))
        #expect(windowed.certificateAuthorities.first?.validFor.contains(mini.defaultSigningTime) == false)
    }

    @Test("DSSE bundles in Rekor v1 (dsse 0.0.1 and intoto 0.0.2) and key-signed bundles parse and match their bodies")
    func dsseAndKeyBundles() throws {
        var mini = try MiniSigstore()
        let statement = MiniSigstore.inTotoStatement(subjects: [("a.bin", Hex.encode(Digest.sha256(Self.artifact)))])
        let parsedStatement = try InTotoStatement.parse(statement)
        #expect(parsedStatement.subjects.first?.digest["sha256"] == Hex.encode(Digest.sha256(Self.artifact)))
        for kind in [SigstoreBundleOptions.DSSEKind.dsse, .intoto] {
            let made = try mini.dsseBundle(statement: statement, identity: .email, options: SigstoreBundleOptions(version: .v0_2, dsseKind: kind))
            let bundle = try SigstoreBundle.parse(made.json)
            guard case .dsseEnvelope(let env) = bundle.content else { Issue.record("content"); continue }
            #expect(env.payload == statement && env.signatures.count == 1)
            #expect(made.signingKey.publicKey.isValidSignature(env.signatures[0].sig, for: env.pae(), scheme: .ecdsa(.sha256)))
            let e = bundle.verificationMaterial.tlogEntries[0]
            switch try RekorBody.parse(e.canonicalizedBody) {
            case .dsseV001(let body):
                #expect(kind == .dsse && body.signatures.first?.signature == made.signature)
                #expect(body.payloadHashHex == Hex.encode(Digest.sha256(statement)))
            case .intotoV002(let body):
                #expect(kind == .intoto && body.signatures.first?.signature == made.signature)
                #expect(body.payloadHashHex == Hex.encode(Digest.sha256(statement)))
            default: Issue.record("unexpected body kind \(e.kind)")
            }
        }
        let key = try PrivateKey.generate(.ecdsaP256)
        let keyed = try mini.keyMessageBundle(artifact: Self.artifact, key: key, options: SigstoreBundleOptions(version: .v0_1))
        let bundle = try SigstoreBundle.parse(keyed.json)
        #expect(bundle.verificationMaterial.content == .publicKey(hint: MiniSigstore.keyHint(key.publicKey)))
        guard case .hashedRekordV001(let body) = try RekorBody.parse(bundle.verificationMaterial.tlogEntries[0].canonicalizedBody) else {
            Issue.record("kind"); return
        }
        #expect(try PublicKey(pemData: body.publicKeyPEM) == key.publicKey)
    }

    // MARK: Broken variants

    @Test("every broken variant builds, parses (unless meant not to) and names a check", arguments: Breakage.allCases)
    func brokenVariantBuilds(breakage: Breakage) throws {
        var mini = try MiniSigstore()
        let c = try mini.broken(breakage)
        #expect(c.expectedCheckID == breakage.expectedCheckID && !c.expectedReasonFragment.isEmpty)
        _ = try TrustedRoot.parse(c.trustedRoot)
        if c.rejectedByParser {
            let error = #expect(throws: FormatError.self) { try SigstoreBundle.parse(c.bundle) }
            #expect(error?.code == .missingField, "\(String(describing: error))")
            #expect(error?.reason.contains(c.expectedReasonFragment) == true, "\(String(describing: error))")
        } else {
            _ = try SigstoreBundle.parse(c.bundle)
        }
        #expect((c.managedKey != nil) == (breakage == .keyOutsideValidity))
        #expect((c.expectedIdentity == nil) == (breakage == .keyOutsideValidity))
    }

    @Test("broken variants break exactly the named artefact")
    func brokenVariantsSpotChecks() throws {
        var mini = try MiniSigstore()
        let logKey = mini.rekorV1.key.publicKey

        let set = try SigstoreBundle.parse(mini.broken(.setByOtherKey).bundle).verificationMaterial.tlogEntries[0]
        #expect(!logKey.isValidSignature(set.signedEntryTimestamp!, for: Self.handSETPayload(set), scheme: .ecdsa(.sha256)))
        try Self.checkProof(set, key: logKey, keyID: set.logID.prefix(4), name: "rekor.mini.test", origin: "rekor.mini.test - 1234", v2: false)

        let flipped = try SigstoreBundle.parse(mini.broken(.inclusionProofHashFlipped).bundle).verificationMaterial.tlogEntries[0]
        #expect(logKey.isValidSignature(flipped.signedEntryTimestamp!, for: Self.handSETPayload(flipped), scheme: .ecdsa(.sha256)))
        let proof = flipped.inclusionProof!
        #expect(Self.referenceRoot(index: UInt64(proof.logIndex), size: UInt64(proof.treeSize),
                                   leafHash: MiniMerkleLog.leafHash(flipped.canonicalizedBody), proof: proof.hashes) != proof.rootHash)

        let forged = try SigstoreBundle.parse(mini.broken(.checkpointByOtherKey).bundle).verificationMaterial.tlogEntries[0]
        let note = try SignedNote.parse(forged.inclusionProof!.checkpoint!)
        #expect(note.signatures[0].keyHint == forged.logID.prefix(4))
        #expect(!logKey.isValidSignature(note.signatures[0].signature, for: Data(note.text.utf8), scheme: .ecdsa(.sha256)))

        let sct = try mini.broken(.sctSignatureTampered).made.leaf!
        #expect(!(try sct.embeddedSCTs()[0].verify(leaf: sct, issuer: mini.fulcio.intermediate, logKey: mini.ctLog.key.publicKey)))
        let pool = CertificatePool(anchors: [mini.fulcio.root], intermediates: [mini.fulcio.intermediate])
        #expect((try? pool.validate(sct, at: mini.defaultSigningTime, usage: .codeSigning).get()) != nil, "only the SCT is broken")

        let other = try mini.broken(.timestampOverOtherBytes)
        let response = try TimestampResponse(der: other.made.parts.rfc3161Timestamps[0])
        let overOther = #expect(throws: CryptoError.self) {
            try response.verify(signedData: other.made.signature, anchors: [mini.tsa.root], intermediates: [], expectedSigner: nil).get()
        }
        #expect(overOther?.code == .timestampInvalid && overOther?.reason.contains("message imprint mismatch") == true, "\(String(describing: overOther))")
        #expect((try? response.verify(signedData: MiniSigstore.otherArtifact, anchors: [mini.tsa.root], intermediates: [], expectedSigner: nil).get()) != nil)

        let expired = try mini.broken(.signedAfterLeafExpired)
        let genTime = try TimestampResponse(der: expired.made.parts.rfc3161Timestamps[0]).genTime
        #expect(genTime > expired.made.leaf!.notAfter)

        let ca = try TrustedRoot.parse(mini.broken(.caNotValidAtSigningTime).trustedRoot)
        #expect(ca.certificateAuthorities[0].validFor.contains(mini.defaultSigningTime) == false)
        let noV1 = try TrustedRoot.parse(mini.broken(.logNotInTrustRoot).trustedRoot)
        #expect(noV1.tlogs.map(\.logID) == [mini.rekorV2.logID])
    }
}
