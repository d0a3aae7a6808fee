import CLibFuzzer
import Foundation
import FuzzSupport

/// The bytes as the stored answers JSON of a response, read by the scoring.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withInput(data, size) { bytes in StoredAnswersChecks.run(bytes) }
}

// SwiftPM renames this module's entry point and links `main` to it, so libFuzzer's own `main`
// never runs: start its driver from here.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in withInput(data, size) { bytes in StoredAnswersChecks.run(bytes) }
    })
