/// Maximum bipartite matching between distinct signing identities and listed signers, so a threshold
/// counts signatures, not policy entries: each key or certificate counts at most once, toward at most
/// one signer (the class of bug TUF implementations fixed, CVE-2020-15093 and kin).
enum SignerMatching {
    /// The largest set of (identity, signer) pairs with no identity and no signer used twice, as a map
    /// signer index → identity index. `edges[i]` lists the signer indices identity `i` satisfies.
    /// Kuhn's augmenting paths, trying identities and signers in order so the result is deterministic.
    static func maximum(_ edges: [[Int]]) -> [Int: Int] {
        var owner: [Int: Int] = [:]
        for identity in edges.indices {
            var seen = Set<Int>()
            _ = augment(identity, edges, &owner, &seen)
        }
        return owner
    }

    private static func augment(_ identity: Int, _ edges: [[Int]], _ owner: inout [Int: Int], _ seen: inout Set<Int>) -> Bool {
        for signer in edges[identity] where seen.insert(signer).inserted {
            if let other = owner[signer] {
                guard augment(other, edges, &owner, &seen) else { continue }
            }
            owner[signer] = identity
            return true
        }
        return false
    }
}
