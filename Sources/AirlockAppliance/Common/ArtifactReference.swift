import Foundation
import AirlockCrypto
public import AirlockFormats
import AirlockVerify

/// What the user named as the artifact: a file, or a digest written `sha256:<64 hex>`
/// (also `sha384:`/`sha512:` with their lengths). A `sha256:` argument is always a digest, never a path.
public enum ArtifactReference: Sendable, Equatable, CustomStringConvertible {
    /// A file whose bytes are the artifact.
    case file(String)
    /// A digest of a supported algorithm.
    case digest(ContentDigest)

    /// Interprets a command-line argument.
    public static func parse(_ argument: String) throws(ApplianceError) -> ArtifactReference {
        for algorithm in DigestAlgorithm.allCases where argument.hasPrefix("\(algorithm.rawValue):") {
            guard let digest = try? ContentDigest(parsing: argument) else {
                throw ApplianceError(.badInput, "\(algorithm.rawValue) digest must be \(algorithm.byteCount * 2) lowercase hex digits", field: "artifact")
            }
            return .digest(digest)
        }
        return .file(argument)
    }

    /// The artifact's digests: the one given, or every supported digest of the file (streamed).
    func input(limits: Limits) throws(ApplianceError) -> ArtifactInput {
        switch self {
        case .digest(let digest):
            guard let algorithm = DigestAlgorithm(rawValue: digest.algorithm), let value = digest.bytes else {
                throw ApplianceError(.badInput, "unsupported digest \(digest.algorithm)", field: "artifact")
            }
            return .digest(algorithm, value)
        case .file(let path):
            return try FileDigests.all(path: path, limits: limits)
        }
    }

    /// `sha256:…` or the path.
    public var description: String {
        switch self {
        case .file(let path): return path
        case .digest(let digest): return digest.description
        }
    }
}

/// Streams a file once through every supported digest.
enum FileDigests {
    static func all(path: String, limits: Limits) throws(ApplianceError) -> ArtifactInput {
        try InputFile.requireRegular(path, what: "artifact")
        if let problem = InputFile.openProblem(path) {
            throw ApplianceError(.badInput, "artifact: \(problem)", code: "unreadable", file: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ApplianceError(.badInput, "cannot read the artifact", code: "unreadable", file: path)
        }
        defer { try? handle.close() }
        var hashers = DigestAlgorithm.allCases.map { StreamingHasher($0) }
        var total = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw ApplianceError(.badInput, "read failed: \(error.localizedDescription)", file: path)
            }
            if chunk.isEmpty { break }
            total += chunk.count
            guard total <= limits.maxArtifactBytes else {
                throw ApplianceError(.badInput, "artifact exceeds the \(limits.maxArtifactBytes)-byte limit", file: path)
            }
            for i in hashers.indices { hashers[i].update(chunk) }
        }
        var digests: [DigestAlgorithm: Data] = [:]
        for (i, algorithm) in DigestAlgorithm.allCases.enumerated() {
            digests[algorithm] = hashers[i].finalize()
        }
        return ArtifactInput(digests: digests)
    }
}
