import Foundation
import Testing
@testable import AirlockFormats

/// Runs `body` and returns the `FormatError` it throws (failing the test if it throws nothing or something else).
func formatError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> FormatError? {
    do {
        try body()
        Issue.record("expected a FormatError, but no error was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as FormatError {
        return error
    } catch {
        Issue.record("expected a FormatError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// UTF-8 bytes of a string.
func utf8(_ s: String) -> Data { Data(s.utf8) }
