import CLibFuzzer
import Foundation
import FuzzSupport

/// The bytes as the JSON body of a response submission to the teleconference evaluation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withInput(data, size) { bytes in SubmissionChecks.run(bytes) }
}

// SwiftPM renames this module's entry point and links `main` to it, so libFuzzer's own `main`
// never runs: start its driver from here.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in withInput(data, size) { bytes in SubmissionChecks.run(bytes) } })
