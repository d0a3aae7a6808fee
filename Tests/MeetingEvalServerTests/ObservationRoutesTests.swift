import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalCore
import MeetingEvalServer
import MeetingEvalStorage
import Testing

/// Observers at the venues over the API: an observer group on the evaluation, codes bound to a
/// venue, the checklist on the attendee page's data, one observation per venue, and the
/// scorecard's observation section apart from the survey.
@Suite("Observers over the API")
struct ObservationRoutesTests {
    static var groups: [[String: Any]] {
        [
            ["id": "attendees", "name": "参会人员", "weight": 1],
            ["id": "observers", "name": ["zh": "督查员", "en": "Observers"], "observer": true],
        ]
    }

    /// An observation of the shipped checklist: seated by the start, one or two phones, the rest right (75).
    static func observation(id: String = UUID().uuidString, token: String) -> [String: Any] {
        [
            "id": id, "token": token, "locale": "zh",
            "answers": [
                "seated": "by-start", "seated-at": "08:58", "sign-in": "matches", "phone-use": "few",
                "phone-at": "09:20", "left-early": "nobody", "faults": "none",
            ] as [String: Any],
        ]
    }

    @Test func observersAnswerTheChecklistOncePerVenueApartFromTheSurvey() async throws {
        try await withServer { api, store in
            let evaluation = try await api.createEvaluation(extra: ["access": "invitation", "raterGroups": Self.groups])
            let shown = try await api.send(.get, "/api/evaluations/\(evaluation.id)")
            let groups = try #require(shown.json["raterGroups"] as? [[String: Any]])
            #expect(groups[0]["observer"] == nil)
            #expect(groups[1]["observer"] as? Bool == true)
            #expect((groups[1]["checklist"] as? [String: Any])?["id"] as? String == "venue-observation")

            // Observer codes are bound to a venue; one code is enough, even for an anonymous evaluation.
            let unbound = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 1, "raterGroup": "observers"])
            #expect(unbound.status == .unprocessableContent)
            #expect(unbound.issuePaths == ["venue"])
            var codes: [String: [String]] = [:]
            for venue in ["hefei", "wuhu"] {
                let made = try await api.send(
                    .post, "/api/evaluations/\(evaluation.id)/invitations",
                    json: ["count": 2, "raterGroup": "observers", "venue": venue])
                #expect(made.status == .created, "\(made.text)")
                codes[venue] = made.json["codes"] as? [String]
            }
            let attendeeCodes = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 10, "raterGroup": "attendees"])
            let attendeeCode = try #require((attendeeCodes.json["codes"] as? [String])?.first)

            // The attendee page's data carries the checklist and the groups that answer it.
            let public_ = api.anonymous
            let form = try await public_.send(.get, "/api/public/evaluations/\(evaluation.slug)")
            let observation = try #require(form.json["observation"] as? [String: Any])
            #expect(observation["raterGroups"] as? [String] == ["observers"])
            #expect((observation["checklist"] as? [String: Any])?["id"] as? String == "venue-observation")
            let questionnaire = try #require(form.json["questionnaire"] as? [String: Any])
            #expect(questionnaire["id"] as? String == "teleconference")

            let responses = "/api/public/evaluations/\(evaluation.slug)/responses"
            let hefei = try #require(codes["hefei"])
            // The attendee questionnaire's answers are not a checklist: refused, every problem listed.
            var wrong = fullSubmission(venue: "hefei", group: "observers")
            wrong["token"] = hefei[0]
            let refused = try await public_.send(.post, responses, json: wrong)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.issuePaths.contains("answers.seated"))
            // A time that is not HH:MM is refused at its question.
            var badTime = Self.observation(token: hefei[0])
            badTime["answers"] = [
                "seated": "early", "sign-in": "matches", "phone-use": "none", "left-early": "nobody", "faults": "none",
                "left-at": "9点",
            ]
            let badTimeAnswer = try await public_.send(.post, responses, json: badTime)
            #expect(badTimeAnswer.status == .unprocessableContent)
            #expect(badTimeAnswer.issuePaths == ["answers.left-at"])
            #expect(try await store.responses(evaluationId: evaluation.id).isEmpty)

            let first = Self.observation(token: hefei[0])
            let stored = try await public_.send(.post, responses, json: first)
            #expect(stored.status == .created, "\(stored.text)")
            let retry = try await public_.send(.post, responses, json: first)
            #expect(retry.status == .ok)
            // The venue's second observer code: refused, the venue is observed.
            let second = try await public_.send(.post, responses, json: Self.observation(token: hefei[1]))
            #expect(second.status == .conflict)
            #expect(second.errorCode == "observation_exists")
            #expect(second.errorMessage?.contains("once per venue") == true)
            let wuhu = try await public_.send(.post, responses, json: Self.observation(token: try #require(codes["wuhu"]?[0])))
            #expect(wuhu.status == .created, "\(wuhu.text)")

            // A code bound to a venue but to no group cannot file an observation by choosing the group.
            let venueCodes = try await api.send(
                .post, "/api/evaluations/\(evaluation.id)/invitations", json: ["count": 5, "venue": "wuhu"])
            var posing = Self.observation(token: try #require((venueCodes.json["codes"] as? [String])?.first))
            posing["raterGroup"] = "observers"
            let posed = try await public_.send(.post, responses, json: posing)
            #expect(posed.status == .unprocessableContent)
            #expect(posed.issuePaths == ["raterGroup"])

            // An attendee of 合肥 answers the survey as before.
            var attendee = fullSubmission(venue: "hefei", group: "attendees")
            attendee["token"] = attendeeCode
            let answered = try await public_.send(.post, responses, json: attendee)
            #expect(answered.status == .created, "\(answered.text)")

            let scorecard = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.json")
            #expect(scorecard.status == .ok)
            // Observations never enter the survey: one response, one rater group.
            #expect((scorecard.json["responses"] as? [String: Any])?["received"] as? Int == 1)
            let surveyGroups = try #require(scorecard.json["raterGroups"] as? [[String: Any]])
            #expect(surveyGroups.map { $0["id"] as? String } == ["attendees"])
            let section = try #require(scorecard.json["observation"] as? [String: Any])
            #expect(section["received"] as? Int == 2)
            let venues = try #require(section["venues"] as? [[String: Any]])
            #expect(venues.map { $0["id"] as? String } == ["hefei", "wuhu"])
            #expect(venues.map { $0["score"] as? Double } == [75, 75])
            #expect(venues.map { $0["rank"] as? Int } == [1, 1])
            let venueScores = try #require(scorecard.json["venues"] as? [[String: Any]])
            let perception = try #require(venueScores.first { $0["id"] as? String == "hefei" }?["score"] as? Double)
            #expect(venues[0]["perception"] as? Double == perception)
            #expect(venues[0]["gap"] as? Double == ScoreRounding.round(perception - 75))
            #expect(venues[1]["perception"] is NSNull)

            let csv = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.csv")
            #expect(csv.text.contains("observation,hefei,合肥分会场,,,75,"))
            #expect(csv.text.contains("observationNote,phone-at,09:20"))
            let report = try await api.send(.get, "/api/evaluations/\(evaluation.id)/scorecard.html")
            #expect(report.text.contains("会场督查：观察结果与参会人员感受"))
            #expect(report.text.contains("08:58"))
        }
    }

    @Test func anEvaluationWithObserversNeedsVenues() async throws {
        try await withServer { api, store in
            let before = try await snapshot(store)
            let created = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "全省电视电话会议", "meetingDate": "2026-11-20",
                    "raterGroups": Self.groups,
                ] as [String: Any])
            #expect(created.status == .unprocessableContent)
            // Without venues and without invitation codes: both said at the observer group.
            #expect(created.issuePaths == ["raterGroups[1].observer", "raterGroups[1].observer"])
            #expect(created.text.contains("at least one venue") && created.text.contains("set access to 'invitation'"))
            let wrongType = try await api.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "全省电视电话会议", "meetingDate": "2026-11-20",
                    "venues": [["id": "hefei", "name": "合肥"]],
                    "raterGroups": [["id": "observers", "name": "督查员", "observer": "yes"]],
                ] as [String: Any])
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.issuePaths == ["raterGroups[0].observer"])
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func aDraftGainsAndLosesAnObserverGroupByEditing() async throws {
        try await withServer { api, _ in
            let evaluation = try await api.createEvaluation(open: false, extra: ["access": "invitation"])
            let edited = try await api.send(
                .patch, "/api/evaluations/\(evaluation.id)", json: ["raterGroups": Self.groups])
            #expect(edited.status == .ok, "\(edited.text)")
            let groups = try #require(edited.json["raterGroups"] as? [[String: Any]])
            #expect((groups[1]["checklist"] as? [String: Any])?["version"] as? Int == 1)
            // Editing something else keeps the observers and their checklist.
            let renamed = try await api.send(.patch, "/api/evaluations/\(evaluation.id)", json: ["title": "全省电视电话会议（改）"])
            #expect((renamed.json["raterGroups"] as? [[String: Any]])?[1]["observer"] as? Bool == true)
            let plain = try await api.send(
                .patch, "/api/evaluations/\(evaluation.id)",
                json: ["raterGroups": [["id": "attendees", "name": "参会人员"], ["id": "observers", "name": "督查员"]]])
            let after = try #require(plain.json["raterGroups"] as? [[String: Any]])
            #expect(after[1]["observer"] == nil && after[1]["checklist"] == nil)
            let form = try await api.anonymous.send(.get, "/api/public/evaluations/\(evaluation.slug)")
            #expect(form.json["observation"] == nil)
        }
    }
}
