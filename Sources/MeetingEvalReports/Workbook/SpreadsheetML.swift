import Foundation
import ZIPFoundation

/// A workbook as plain SpreadsheetML (Office Open XML, the `.xlsx` format): sheets of typed
/// cells, written as a zip of XML parts. Numbers are numeric cells with a number format; text
/// is always an inline string (`t="inlineStr"`), never a formula, so a text that begins with
/// `=` stays text. Text is XML-escaped, and the characters XML 1.0 cannot carry (C0 controls
/// other than tab and line breaks, U+FFFE, U+FFFF) are removed.
public struct SpreadsheetWorkbook: Sendable {
    public enum Format: Int, Sendable {
        /// General (integers, counts).
        case general = 0
        /// Bold, for header rows.
        case header = 1
        /// `0.00`.
        case twoDecimals = 2
        /// `0.00%`: the value is a fraction (0.25 shows as 25.00%).
        case percent = 3
        /// Text that wraps inside its column.
        case wrapped = 4
    }

    public enum Cell: Sendable, Equatable {
        case empty
        case text(String, Format = .general)
        case number(Double, Format = .general)
        case boolean(Bool)

        public static func integer(_ value: Int?) -> Cell { value.map { .number(Double($0)) } ?? .empty }
        public static func decimal(_ value: Double?) -> Cell { value.map { .number($0, .twoDecimals) } ?? .empty }
        public static func percent(_ value: Double?) -> Cell { value.map { .number($0, .percent) } ?? .empty }
        public static func string(_ value: String?) -> Cell { value.map { .text($0) } ?? .empty }
    }

    public struct Sheet: Sendable {
        public var name: String
        /// Column widths in characters, from the first column.
        public var widths: [Double]
        /// Rows kept in view while scrolling (the header).
        public var frozenRows: Int
        public var rows: [[Cell]]

        public init(name: String, widths: [Double], frozenRows: Int = 1, rows: [[Cell]] = []) {
            self.name = name
            self.widths = widths
            self.frozenRows = frozenRows
            self.rows = rows
        }

        /// Adds a bold header row.
        public mutating func header(_ titles: [String]) {
            rows.append(titles.map { .text($0, .header) })
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The `.xlsx` file.
    public func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.fixedDate,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", contentTypes())
        try add("_rels/.rels", Self.packageRelationships)
        try add("xl/workbook.xml", workbook())
        try add("xl/_rels/workbook.xml.rels", workbookRelationships())
        try add("xl/styles.xml", Self.styles)
        for (index, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The same bytes for the same workbook: every part carries this time, not the clock's.
    static let fixedDate = Date(timeIntervalSince1970: 1_577_836_800)

    // MARK: Text

    /// `text` escaped for XML character data and attribute values, without the characters
    /// XML 1.0 does not allow.
    public static func escaped(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            case "\r": output += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
    public static func sheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) && !($0.unicodeScalars.first!.value < 0x20) })
        return String(cleaned.prefix(31))
    }

    /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    // MARK: Parts

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if sheet.frozenRows > 0 {
            xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(sheet.frozenRows)" topLeftCell="A\#(sheet.frozenRows + 1)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        }
        if !sheet.widths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.widths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += #"<row r="\#(rowIndex + 1)">"#
            for (columnIndex, cell) in row.enumerated() {
                let reference = columnName(columnIndex) + String(rowIndex + 1)
                switch cell {
                case .empty:
                    continue
                case .number(let value, let format):
                    guard value.isFinite else { continue }
                    xml += #"<c r="\#(reference)"\#(styleAttribute(format))><v>\#(numberText(value))</v></c>"#
                case .boolean(let value):
                    xml += #"<c r="\#(reference)" t="b"><v>\#(value ? 1 : 0)</v></c>"#
                case .text(let text, let format):
                    xml += #"<c r="\#(reference)" t="inlineStr"\#(styleAttribute(format))><is><t xml:space="preserve">"#
                    xml += escaped(text) + "</t></is></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    private static func styleAttribute(_ format: Format) -> String {
        format == .general ? "" : #" s="\#(format.rawValue)""#
    }

    /// The shortest text that reads back as the same double.
    private static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private func contentTypes() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in sheets.indices {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    private static let packageRelationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private func workbook() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            xml += #"<sheet name="\#(Self.escaped(Self.sheetName(sheet.name)))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    private func workbookRelationships() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in sheets.indices {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// The cell formats of `Format`, in its order: general, bold header, `0.00` (built-in 2),
    /// `0.00%` (built-in 10), wrapped text.
    private static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"
}
