import Foundation
import Hummingbird
import HummingbirdTesting
import MeetingEvalServer
import Testing

/// Organizations and memberships through the router: bad input of every kind gets a clear
/// error and changes nothing; the default rule places new evaluations.
@Suite struct OrganizationRoutesTests {
    @Test func badOrganizationBodiesChangeNothing() async throws {
        try await withServer { api, store in
            #expect(
                try await api.send(.post, "/api/organizations", json: ["id": "city-a", "name": "甲市"]).status == .created
            )
            let before = try await snapshot(store)
            let organizations = try await store.organizations()
            for (body, status, paths) in [
                ("[1]", HTTPResponse.Status.unprocessableContent, []),
                (#"{"id": "City A!", "name": ""}"#, .unprocessableContent, ["id", "name"]),
                (#"{"name": {"zh": "甲"}}"#, .unprocessableContent, ["id"]),
                (#"{"id": "city-b", "name": 7}"#, .unprocessableContent, ["name"]),
                (#"{"id": "city-a", "name": "again"}"#, .conflict, []),
                ("{", .badRequest, []),
            ] {
                let response = try await api.send(.post, "/api/organizations", body: body)
                #expect(response.status == status, "\(body): \(response.text)")
                if !paths.isEmpty { #expect(response.issuePaths.sorted() == paths, "\(body): \(response.text)") }
            }
            #expect(try await api.send(.put, "/api/organizations/nowhere", json: ["name": "x"]).status == .notFound)
            #expect(
                try await api.send(.put, "/api/organizations/city-a", json: ["name": ""]).status
                    == .unprocessableContent)
            #expect(try await api.send(.delete, "/api/organizations/nowhere").status == .notFound)
            let deleteDefault = try await api.send(.delete, "/api/organizations/default")
            #expect(deleteDefault.status == .conflict && deleteDefault.errorCode == "wrong_state")
            #expect(try await store.organizations() == organizations)
            // Accounts: an unknown organization is named, and nothing is stored.
            let user = try await api.send(
                .post, "/api/users",
                json: [
                    "name": "clerk", "role": "organizer", "password": "clerk-password-1",
                    "organizations": ["city-a", "nowhere"],
                ])
            #expect(user.status == .unprocessableContent && user.issuePaths == ["organizations[1]"])
            let wrongType = try await api.send(
                .post, "/api/users", json: ["name": "clerk", "role": "organizer", "organizations": "city-a"])
            #expect(wrongType.status == .unprocessableContent && wrongType.issuePaths == ["organizations"])
            #expect(try await store.account(name: "clerk") == nil)
            #expect(try await snapshot(store) == before)
        }
    }

    @Test func membershipsDecideWhereNewEvaluationsGoAndWhatIsSeen() async throws {
        try await withServer { api, store in
            for id in ["city-a", "city-b"] {
                #expect(
                    try await api.send(.post, "/api/organizations", json: ["id": id, "name": id]).status == .created)
            }
            let tokens = try await AuthorizationMatrixTests.roleTokens(api, organizations: ["city-a"])
            let organizer = api.bearer(tokens[.organizer]!)
            let created = try await organizer.createEvaluation(open: false)
            #expect(try await store.evaluation(id: created.id)?.organization == "city-a")
            let outside = try await organizer.send(
                .post, "/api/evaluations",
                json: [
                    "questionnaire": ["id": "teleconference"], "title": "x", "meetingDate": "2026-11-20",
                    "organization": "city-b",
                ])
            #expect(outside.status == .unprocessableContent && outside.issuePaths == ["organization"])
            // In two organizations, a new evaluation must say which.
            let both = try await api.send(
                .put, "/api/users/organizer-user/organizations", json: ["organizations": ["city-b", "city-a"]])
            #expect(both.status == .ok && both.json["organizations"] as? [String] == ["city-a", "city-b"])
            let unnamed = try await organizer.send(
                .post, "/api/evaluations",
                json: ["questionnaire": ["id": "teleconference"], "title": "x", "meetingDate": "2026-11-20"])
            #expect(unnamed.status == .unprocessableContent && unnamed.issuePaths == ["organization"])
            let named = try await organizer.createEvaluation(open: false, extra: ["organization": "city-b"])
            #expect(try await store.evaluation(id: named.id)?.organization == "city-b")
            let listed = try await organizer.send(.get, "/api/evaluations")
            #expect((listed.json["evaluations"] as? [[String: Any]])?.count == 2)
            let mine = try await organizer.send(.get, "/api/organizations")
            #expect(
                (mine.json["organizations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    "city-a", "city-b",
                ])
            // Out of city-b again: its evaluation is gone from every view of this organizer.
            #expect(
                try await api.send(.put, "/api/users/organizer-user/organizations", json: ["organizations": ["city-a"]])
                    .status == .ok)
            #expect(try await organizer.send(.get, "/api/evaluations/\(named.id)").status == .notFound)
            let session = try await organizer.send(.get, "/api/session")
            #expect(session.json["organizations"] as? [String] == ["city-a"])
            // A questionnaire saved by the organizer goes to its organization; another's id is taken.
            let template = try await api.send(.get, "/api/questionnaires/teleconference")
            var definition = template.json["definition"] as! [String: Any]
            let edited = try await organizer.send(.post, "/api/questionnaires", json: definition)
            #expect(edited.status == .conflict && edited.errorCode == "id_taken", "\(edited.text)")
            definition["id"] = "city-a-survey"
            #expect(try await organizer.send(.post, "/api/questionnaires", json: definition).status == .created)
            #expect(try await store.latestQuestionnaire(id: "city-a-survey")?.organization == "city-a")
            // An organization that still has members or evaluations stays.
            let full = try await api.send(.delete, "/api/organizations/city-b")
            #expect(full.status == .conflict && full.errorCode == "not_empty")
        }
    }
}
