internal import CRE2
import AirlockFormats

/// One compiled RE2 program (linear-time matching, so no pattern can make verification hang).
///
/// Compiled once, when the policy or matcher is made, never per match. Matching is **unanchored**
/// (`RE2::PartialMatch`, as Go's `MatchString` in sigstore-go). RE2 syntax only: backreferences and
/// look-around are refused at compile time with RE2's error text.
///
/// `@unchecked Sendable`: the RE2 object is immutable after compilation and RE2 documents its const
/// matching methods as safe to call from several threads at once; the pointer is freed only in `deinit`.
final class CompiledRegex: @unchecked Sendable {
    private let program: OpaquePointer
    /// The source pattern.
    let pattern: String

    /// Compiles `pattern`, refusing one longer than `limits.maxRegexPatternBytes` or whose program
    /// would need more than `limits.maxRegexMemoryBytes`.
    init(_ pattern: String, limits: Limits = .default) throws(PolicyError) {
        let size = pattern.utf8.count
        guard size <= limits.maxRegexPatternBytes else {
            throw PolicyError("regular expression is \(size) bytes, over the \(limits.maxRegexPatternBytes)-byte limit (maxRegexPatternBytes)")
        }
        var error = [CChar](repeating: 0, count: 256)
        let compiled = pattern.utf8CString.withUnsafeBufferPointer { source in
            airlock_re2_compile(source.baseAddress, size, Int64(limits.maxRegexMemoryBytes), &error, error.count)
        }
        guard let compiled else {
            let text = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw PolicyError("invalid regular expression \(pattern): \(text)")
        }
        self.program = compiled
        self.pattern = pattern
    }

    deinit { airlock_re2_free(program) }

    /// Whether the pattern matches anywhere in `text` (its UTF-8 bytes).
    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            airlock_re2_partial_match(program, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count) != 0
        }
    }
}
