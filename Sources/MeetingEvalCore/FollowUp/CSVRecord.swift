/// One record of a CSV text (RFC 4180: fields separated by commas, records by CRLF or LF,
/// a quoted field may hold commas, line breaks and doubled quotes), with the line it starts on.
struct CSVRecord: Sendable, Equatable {
    var line: Int
    var fields: [String]

    struct Failure: Error, Equatable {
        var line: Int
        var message: String
    }

    static func parse(_ text: String) -> Result<[CSVRecord], Failure> {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var wasQuoted = false
        var quoteLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return scalars.next()
        }
        func endRecord() {
            fields.append(field)
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields = []
            field = ""
            wasQuoted = false
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    return .failure(Failure(line: line, message: "has a quote inside an unquoted field; quote the whole field and double the quote"))
                }
                quoted = true
                wasQuoted = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted {
                    return .failure(Failure(line: line, message: "has text after a closing quote"))
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { return .failure(Failure(line: quoteLine, message: "has a quote that is never closed")) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return .success(records)
    }
}
