import Foundation

/// Stops the run when an invariant does not hold: libFuzzer catches the trap, prints the stack
/// and writes the input to a `crash-…` file, as for any other crash.
@inline(never)
public func invariant(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        let text = "INVARIANT FAILED: \(message())\n"
        FileHandle.standardError.write(Data(text.utf8))
        fatalError("invariant failed", file: file, line: line)
    }
}

/// A short, printable form of a value for failure messages.
public func brief(_ value: Any, limit: Int = 600) -> String {
    let text = String(describing: value)
    return text.count > limit ? String(text.prefix(limit)) + "…" : text
}

/// Runs a fuzz target body on libFuzzer's bytes.
public func withInput(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (Data) -> Void) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    body(bytes)
    return 0
}
