import Foundation

/// TEST ONLY: the parts of an RFC 3161 `TimeStampResp` that no signature covers, located by walking its
/// DER, so the mutation suite can tell a flip that must fail from one that cannot change the outcome by
/// specification. The CMS signature covers only the DER of `signedAttrs` (RFC 5652 §5.4), which bind
/// the TSTInfo through `messageDigest`; everything listed here lies outside it.
enum TimestampUnsignedRegions {
    struct Region {
        let range: Range<Int>
        let reason: String
    }

    /// One DER element: where it starts, where its content starts, where it ends, and its tag.
    struct Element {
        let tag: UInt8
        let start: Int
        let contentStart: Int
        let end: Int
    }

    static func element(_ der: Data, at offset: Int) -> Element? {
        guard offset + 2 <= der.count else { return nil }
        let tag = der[der.startIndex + offset]
        var length = Int(der[der.startIndex + offset + 1])
        var header = 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 3, offset + 2 + count <= der.count else { return nil }
            length = 0
            for i in 0..<count { length = length << 8 | Int(der[der.startIndex + offset + 2 + i]) }
            header += count
        }
        guard offset + header + length <= der.count else { return nil }
        return Element(tag: tag, start: offset, contentStart: offset + header, end: offset + header + length)
    }

    static func children(_ der: Data, of parent: Element) -> [Element] {
        var out: [Element] = []
        var offset = parent.contentStart
        while offset < parent.end, let child = element(der, at: offset) {
            out.append(child)
            offset = child.end
        }
        return out
    }

    /// The unsigned regions of a `TimeStampResp`, or empty when the bytes are not one.
    static func regions(_ der: Data) -> [Region] {
        guard let response = element(der, at: 0) else { return [] }
        let top = children(der, of: response)
        guard top.count == 2 else { return [] }
        var out = [Region(range: top[0].start..<top[0].end, reason: "PKIStatusInfo is outside the signed token (RFC 3161 §2.4.2)")]
        guard let explicit = children(der, of: top[1]).last, let signedData = children(der, of: explicit).first else { return out }
        let parts = children(der, of: signedData)
        guard parts.count >= 4 else { return out }
        out.append(Region(range: parts[0].start..<parts[0].end, reason: "SignedData.version is not signed"))
        out.append(Region(range: parts[1].start..<parts[1].end, reason: "SignedData.digestAlgorithms is not signed (the SignerInfo's digest algorithm is used)"))
        for part in parts.dropFirst(3) where part.tag == 0xA0 || part.tag == 0xA1 {
            out.append(Region(range: part.start..<part.end, reason: "SignedData.certificates/crls are not signed (the chain is built from the trust root)"))
        }
        guard let signerInfos = parts.last, signerInfos.tag == 0x31 else { return out }
        for info in children(der, of: signerInfos) {
            let fields = children(der, of: info)
            guard let version = fields.first else { continue }
            out.append(Region(range: version.start..<version.end, reason: "SignerInfo.version is not signed"))
            if let signedAttributes = fields.firstIndex(where: { $0.tag == 0xA0 }), signedAttributes + 1 < fields.count {
                let algorithm = fields[signedAttributes + 1]
                out.append(Region(range: algorithm.start..<algorithm.end,
                                  reason: "SignerInfo.signatureAlgorithm is not signed (the verifier takes the algorithm from the TSA's key)"))
            }
            if let unsigned = fields.last, unsigned.tag == 0xA1 {
                out.append(Region(range: unsigned.start..<unsigned.end, reason: "SignerInfo.unsignedAttrs are not signed by definition"))
            }
        }
        return out
    }
}
