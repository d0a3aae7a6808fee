import CLibFuzzer
import Foundation
import FuzzSupport

/// The bytes as a YAML questionnaire file, as `meeting-eval validate` and the server's
/// questionnaire POST read it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withInput(data, size) { bytes in QuestionnaireChecks.run(bytes, format: .yaml) }
}

// SwiftPM renames this module's entry point and links `main` to it, so libFuzzer's own `main`
// never runs: start its driver from here.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        withInput(data, size) { bytes in QuestionnaireChecks.run(bytes, format: .yaml) }
    })
