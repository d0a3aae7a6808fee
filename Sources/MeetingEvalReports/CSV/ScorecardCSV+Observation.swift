import MeetingEvalCore

extension ScorecardCSV {
    /// The observation section's rows: one `observation` row per venue (its observed score,
    /// grade and number of observations; `detail`: rank, the attendees' perception and the
    /// gap), one `observationDimension` row per venue and checklist dimension, and one
    /// `observationNote` row per written answer (times, remarks). None without observers.
    static func observationRows(_ observation: ObservationSection?) -> [[String: String]] {
        guard let observation else { return [] }
        func n(_ value: Double?) -> String { CSVFormat.number(value) }
        var rows: [[String: String]] = []
        for venue in observation.venues {
            rows.append([
                "section": "observation", "id": venue.id, "name": venue.name, "score": n(venue.score),
                "grade": venue.grade ?? "", "n": CSVFormat.number(venue.n),
                "detail": "rank=\(venue.rank.map(String.init) ?? ""); perception=\(n(venue.perception)); gap=\(n(venue.gap))",
            ])
            for dimension in venue.dimensions {
                rows.append([
                    "section": "observationDimension", "id": venue.id, "name": venue.name,
                    "dimension": dimension.id, "score": n(dimension.score),
                ])
            }
            for note in venue.notes {
                rows.append(["section": "observationNote", "id": note.question, "name": note.text, "detail": venue.id])
            }
        }
        return rows
    }
}
