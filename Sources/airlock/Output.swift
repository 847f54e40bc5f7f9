import ArgumentParser
import Foundation
import AirlockAppliance

/// The one output path: JSON documents on stdout, text lines with control characters escaped, and
/// the one failure printer every command uses.
enum Output {
    /// Prints a JSON object (with `schemaVersion`) on standard output.
    static func printJSON<T: Encodable>(_ value: T) throws {
        Swift.print(String(decoding: try ApplianceJSON.encode(value), as: UTF8.self))
    }

    /// Prints `error` and exits by its kind (2 bad input, 1 verification failed, 3 internal): with
    /// `--output json` a `{"schemaVersion":1,"error":{…}}` object on stdout; always one escaped line on stderr.
    static func fail(_ error: ApplianceError, output: OutputFormat) throws -> Never {
        if output == .json, let data = try? ApplianceJSON.encode(error: error) {
            Swift.print(String(decoding: data, as: UTF8.self))
        }
        printError("error: \(error)")
        throw ExitStatus.code(for: error)
    }

    /// `fail` for a failure that came after something was recorded (e.g. `import --policy` refused after
    /// its import, or its verdicts, committed): with `--output json` the one object also carries `stored`,
    /// what the store now holds from this command, so a script sees it as an operator reading the text does.
    static func fail<Stored: Encodable>(_ error: ApplianceError, output: OutputFormat, stored: Stored) throws -> Never {
        if output == .json, let data = try? ApplianceJSON.encode(FailureAfterRecording(error: error, stored: stored)) {
            Swift.print(String(decoding: data, as: UTF8.self))
            printError("error: \(error)")
            throw ExitStatus.code(for: error)
        }
        try fail(error, output: output)
    }

    /// Runs one appliance call and returns its result; on failure prints the error and exits by its
    /// kind (`fail`). The one place a command turns an `ApplianceError` into output and an exit code.
    static func attempt<T>(_ output: OutputFormat, _ call: () throws(ApplianceError) -> T) throws -> T {
        do { return try call() } catch { try fail(error, output: output) }
    }

    /// `text` with every control character (C0, DEL, C1: ESC, CR, BS, newline…) shown as `\u{XX}`
    /// (or `\n`, `\r`, `\t`), so untrusted text (bundle fields, certificate names, file names) cannot
    /// move the cursor, recolour or rewrite the operator's terminal.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F..<0xA0: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// `{"schemaVersion":1,"error":{…},"stored":{…}}`: a failure and what was recorded before it.
private struct FailureAfterRecording<Stored: Encodable>: Encodable {
    let error: ApplianceError
    let stored: Stored
}

/// Prints one text line on standard output with control characters escaped (`Output.escape`).
///
/// Deliberately shadows `Swift.print` inside this executable: every text renderer goes through it, so
/// no line can reach the terminal unescaped. JSON is printed with `Swift.print` (the encoder escapes).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(Output.escape(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

/// Prints one line to standard error, control characters escaped.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((Output.escape(line) + "\n").utf8))
}
