import Testing

@testable import MeetingEvalReports

/// Every CSV the server writes goes through `CSVFormat.cell`; a cell a spreadsheet would run
/// as a formula is shown as text.
@Suite struct CSVFormatTests {
    @Test(arguments: [
        ("=1+1", "'=1+1"),
        ("+SUM(1)", "'+SUM(1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        (" =1+1", "' =1+1"),
        ("  +SUM(1)", "'  +SUM(1)"),
        ("\"=1+1", "\"'\"\"=1+1\""),
        ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
        ("\u{FF0B}SUM(1)", "'\u{FF0B}SUM(1)"),
        ("\u{FF0D}2", "'\u{FF0D}2"),
        ("\u{FF20}cmd", "'\u{FF20}cmd"),
        (" \u{FF1D}1", "' \u{FF1D}1"),
        ("\u{3000}=1", "'\u{3000}=1"),
        ("-12", "-12"),
        ("-3.5", "-3.5"),
        ("", ""),
        ("   ", "   "),
        ("a=b", "a=b"),
        ("合肥分会场", "合肥分会场"),
        ("a,b", "\"a,b\""),
    ])
    func neutralizesFormulas(_ value: String, _ written: String) {
        #expect(CSVFormat.cell(value) == written, "\(value)")
    }
}
