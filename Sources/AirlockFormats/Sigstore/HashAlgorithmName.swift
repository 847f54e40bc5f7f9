/// Maps the protobuf `HashAlgorithm` enum names and the lowercase spellings used in Rekor bodies and
/// in-toto digest sets to one normalised name, so that comparisons elsewhere are plain string equality.
public enum HashAlgorithmName {
    /// `SHA2_256` / `sha256` → `sha256`, likewise for 384, 512 and the SHA-3 names (`sha3-256`, `sha3-384`);
    /// nil for `HASH_ALGORITHM_UNSPECIFIED` and anything unknown.
    public static func normalise(_ name: String) -> String? {
        switch name {
        case "SHA2_256", "sha256": "sha256"
        case "SHA2_384", "sha384": "sha384"
        case "SHA2_512", "sha512": "sha512"
        case "SHA3_256", "sha3-256": "sha3-256"
        case "SHA3_384", "sha3-384": "sha3-384"
        default: nil
        }
    }

    /// The protobuf enum name for a normalised name (`sha256` → `SHA2_256`), nil if there is none.
    public static func protoName(_ normalised: String) -> String? {
        switch normalised {
        case "sha256": "SHA2_256"
        case "sha384": "SHA2_384"
        case "sha512": "SHA2_512"
        case "sha3-256": "SHA3_256"
        case "sha3-384": "SHA3_384"
        default: nil
        }
    }

    /// The digest length in bytes for a normalised name.
    public static func digestLength(_ normalised: String) -> Int? {
        switch normalised {
        case "sha256", "sha3-256": 32
        case "sha384", "sha3-384": 48
        case "sha512": 64
        default: nil
        }
    }
}
