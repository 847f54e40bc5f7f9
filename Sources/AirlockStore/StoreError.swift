import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the state directory: the blob store or the catalogue could not be read or written.
/// Most are internal errors (disk, permissions, a corrupt database), never the bundle's fault;
/// `invalidID` and `ambiguousID` are the caller's input, `newerSchema` is a state directory this binary must not touch.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for scripts.
    public enum Code: String, Sendable, Codable {
        /// A file-system operation failed.
        case io = "io"
        /// SQLite reported an error.
        case database = "database"
        /// The disk (or the user's quota) is full: `ENOSPC`/`EDQUOT` from a write, `SQLITE_FULL` from SQLite.
        case diskFull = "disk-full"
        /// A blob's content does not match its name, or a digest string is malformed.
        case corruptBlob = "corrupt-blob"
        /// A blob asked for is not in the store.
        case missingBlob = "missing-blob"
        /// The state directory (or its catalogue) does not exist and was not to be created.
        case missingState = "missing-state"
        /// An id or id prefix given to a look-up is not lowercase hexadecimal.
        case invalidID = "invalid-id"
        /// An id prefix matches more than one record.
        case ambiguousID = "ambiguous-id"
        /// The catalogue was migrated by a newer Airlock (it lists a migration this binary does not know).
        case newerSchema = "newer-schema"
        /// What a write was decided on changed before it committed (another command wrote at the same time);
        /// nothing was written, and running the command again decides on the new state.
        case conflict = "conflict"
        /// A text value to store holds a NUL byte (SQLite text bound through GRDB would be cut at it):
        /// refused, naming the table and column; the input's fault.
        case nulInText = "nul-in-text"
    }

    /// The kind of failure.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The file or table involved, when known.
    public var path: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
    }

    /// `path: reason`.
    public var description: String {
        [path, reason].compactMap { $0 }.joined(separator: ": ")
    }
}

extension StoreError {
    /// The error for a failed system call `action` (`errno` read now): `disk-full` for `ENOSPC` and
    /// `EDQUOT` ("disk full", not a bare "I/O error"), `io` otherwise.
    static func posix(_ action: String, path: String?) -> StoreError {
        let number = errno
        let text = String(cString: strerror(number))
        if number == ENOSPC || number == EDQUOT {
            return StoreError(.diskFull, "disk full: \(action) failed (\(text)); free space in the state directory and retry", path: path)
        }
        return StoreError(.io, "\(action) failed: \(text)", path: path)
    }
}
