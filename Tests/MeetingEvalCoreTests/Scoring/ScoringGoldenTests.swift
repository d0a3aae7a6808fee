import Foundation
import Testing

@testable import MeetingEvalCore

/// Golden cases of the scoring method (BRIEF "Scoring"), each worked by hand in the comments.
/// Answer scores: a rating v on 1…5 scores 100·(v − 1)/4, so 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100.
@Suite("Scoring golden cases")
struct ScoringGoldenTests {
    // MARK: Not applicable, unanswered, renormalized weights

    /// conduct (weight 3): q1 rating, weight 2, "na" allowed · q2 single good 100 / fair 50 / na (n/a), weight 1
    ///                     · q3 rating, weight 2, optional
    /// followUp (weight 1): q4 rating
    static let conductQuestionnaire = Build.questionnaire([
        Build.dimension(
            "conduct", weight: 3,
            [
                Build.rating("q1", weight: 2, notApplicable: true),
                Build.single("q2", [("good", 100), ("fair", 50), ("na", nil)]),
                Build.rating("q3", weight: 2, required: false),
            ]),
        Build.dimension("followUp", weight: 1, [Build.rating("q4")]),
    ])

    @Test("not-applicable and unanswered answers are left out and the weights renormalized")
    func notApplicableLeftOut() throws {
        let questionnaire = Self.conductQuestionnaire
        let responses = [
            // r1: q1 5 → 100, q2 n/a, q3 unanswered, q4 3 → 50
            Build.response("r1", #"{"q1":5,"q2":"na","q4":3}"#, index: 0),
            // r2: q1 n/a, q2 fair → 50, q3 4 → 75, q4 4 → 75
            Build.response("r2", #"{"q1":"na","q2":"fair","q3":4,"q4":4}"#, index: 1),
            // r3: nothing but not-applicable answers: included, but it has no score at all
            Build.response("r3", #"{"q1":"na","q2":"na"}"#, index: 2),
        ]
        let card = Build.scorecard(questionnaire, Build.evaluation(for: questionnaire), responses)

        // s(q): q1 = 100 (r1 only; the n/a answers are not zeros), q2 = 50, q3 = 75, q4 = (50 + 75)/2 = 62.5
        #expect(try card.question("q1").score == 100)
        #expect(try card.question("q2").score == 50)
        #expect(try card.question("q3").score == 75)
        #expect(try card.question("q4").score == 62.5)
        // D(conduct) = (2·100 + 1·50 + 2·75)/(2 + 1 + 2) = 400/5 = 80; D(followUp) = 62.5
        #expect(try card.dimension("conduct").score == 80)
        #expect(try card.dimension("followUp").score == 62.5)
        // O = (3·80 + 1·62.5)/4 = 302.5/4 = 75.625 → 75.63 (half away from zero) → band 60 "合格"
        #expect(card.overall.score == 75.63)
        #expect(card.overall.grade == "合格")
        #expect(card.overall.n == 3)
        // Had the n/a answers counted as 0, s(q1) would be 100/3 and O far lower; had the
        // unanswered q3 counted as 0, s(q3) would be 25.

        // Composites (steps 3–4 per response):
        //   r1: conduct = q1 alone = 100, followUp = 50 → (3·100 + 50)/4 = 87.5
        //   r2: conduct = (1·50 + 2·75)/3 = 66.667, followUp = 75 → (3·66.667 + 75)/4 = 68.75
        //   r3: no composite (nothing scored), so n_g = 2 although 3 responses are included.
        // sd² = (87.5 − 68.75)²/2 = 175.78125; √(sd²/2) = √87.890625 = 9.375; 1.96·9.375 = 18.375
        // CI = 75.625 ± 18.375 = [57.25, 94.00]
        #expect(card.overall.ci95 == [57.25, 94])

        // Normalized weights: dimensions 3/4, 1/4; questions of conduct 2/5, 1/5, 2/5.
        #expect(try card.dimension("conduct").weight == 0.75)
        #expect(try card.dimension("followUp").weight == 0.25)
        #expect(try card.question("q1").weight == 0.4)
        #expect(try card.question("q2").weight == 0.2)
        #expect(try card.question("q3").weight == 0.4)
        #expect(try card.question("q4").weight == 1)

        // Per-question statistics.
        let q1 = try card.question("q1")
        #expect(q1.n == 1 && q1.mean == 100 && q1.sd == nil && q1.notApplicable == 2)
        #expect(q1.distributionPairs == ["5:1"])  // "na" is no scale point
        let q2 = try card.question("q2")
        #expect(q2.n == 1 && q2.mean == 50 && q2.notApplicable == 2)
        #expect(q2.distributionPairs == ["fair:1", "na:2"])  // option ids, option order, zeros left out
        let q3 = try card.question("q3")
        #expect(q3.n == 1 && q3.notApplicable == 0 && q3.distributionPairs == ["4:1"])
        // q4: scores 50, 75 → mean 62.5, sd = √((12.5² + 12.5²)/1) = 17.677… → 17.68
        let q4 = try card.question("q4")
        #expect(q4.n == 2 && q4.mean == 62.5 && q4.sd == 17.68 && q4.distributionPairs == ["3:1", "4:1"])

        // Dimension n: responses that scored at least one of its questions (r1, r2).
        #expect(try card.dimension("conduct").n == 2)
        #expect(try card.dimension("followUp").n == 2)
        // α: conduct's rating questions q1, q3 are never both scored by one response; followUp has one.
        #expect(try card.dimension("conduct").alpha == nil)
        #expect(try card.dimension("conduct").alphaN == 0)
        #expect(try card.dimension("followUp").alpha == nil)
        // No rater groups: one implicit group, nothing listed.
        #expect(card.raterGroups.isEmpty)
    }

    // MARK: Rater groups

    @Test("O is the W-weighted mean of the group overalls, and a group without responses is left out")
    func raterGroupWeighting() throws {
        let questionnaire = Build.questionnaire([Build.dimension("meeting", weight: 1, [Build.rating("q1")])])
        let evaluation = Build.evaluation(
            for: questionnaire, groups: [("leaders", 2), ("attendees", 1), ("public", 1)])
        let responses = [
            // leaders: 5 → 100, 4 → 75
            Build.response("l1", group: "leaders", #"{"q1":5}"#, index: 0),
            Build.response("l2", group: "leaders", #"{"q1":4}"#, index: 1),
            // attendees: 3 → 50, 2 → 25, 4 → 75
            Build.response("a1", group: "attendees", #"{"q1":3}"#, index: 2),
            Build.response("a2", group: "attendees", #"{"q1":2}"#, index: 3),
            Build.response("a3", group: "attendees", #"{"q1":4}"#, index: 4),
            // public: no responses
        ]
        let card = Build.scorecard(questionnaire, evaluation, responses)

        // O(leaders) = (100 + 75)/2 = 87.5; O(attendees) = (50 + 25 + 75)/3 = 50; O(public): none
        #expect(try card.group("leaders").score == 87.5)
        #expect(try card.group("attendees").score == 50)
        #expect(try card.group("public").score == nil)
        #expect(try card.group("public").n == 0)
        #expect(try card.group("public").dimensions.map(\.score) == [nil])
        // O = (2·87.5 + 1·50)/(2 + 1) = 225/3 = 75 — not the pooled mean 325/5 = 65,
        // and not (2·87.5 + 1·50 + 1·0)/4: the public group is left out of the weights.
        #expect(card.overall.score == 75)
        #expect(card.overall.grade == "合格")
        // s(q1) is the same weighted mean (75); its plain mean is the pooled 65.
        #expect(try card.question("q1").score == 75)
        #expect(try card.question("q1").mean == 65)
        // sd of 100, 75, 50, 25, 75: deviations from 65 are 35, 10, −15, −40, 10 → Σ² = 3250
        // → √(3250/4) = 28.504… → 28.5
        #expect(try card.question("q1").sd == 28.5)

        // weight: configured, normalized over all groups (2/4, 1/4, 1/4);
        // appliedWeight: normalized over the groups present (2/3, 1/3), null for public.
        #expect(try card.group("leaders").weight == 0.5)
        #expect(try card.group("attendees").weight == 0.25)
        #expect(try card.group("public").weight == 0.25)
        #expect(isClose(try card.group("leaders").appliedWeight, 2.0 / 3))
        #expect(isClose(try card.group("attendees").appliedWeight, 1.0 / 3))
        #expect(try card.group("public").appliedWeight == nil)

        // 95 % CI with two groups, W' = 2/3 and 1/3:
        //   leaders: composites 100, 75 → sd² = (12.5² + 12.5²)/1 = 312.5, n = 2 → sd²/n = 156.25
        //   attendees: composites 50, 25, 75 → sd² = (0 + 625 + 625)/2 = 625, n = 3 → sd²/n = 208.333…
        //   Σ W'²·sd²/n = (4/9)·156.25 + (1/9)·208.333… = 69.444… + 23.148… = 92.5926
        //   √92.5926 = 9.62250; 1.96·9.62250 = 18.86011
        //   CI = 75 ± 18.86011 = [56.13989, 93.86011] → [56.14, 93.86]
        #expect(card.overall.ci95 == [56.14, 93.86])

        // The JSON: appliedWeight, score and comparison of the empty group are null.
        let json = card.json.serialized()
        #expect(
            json.contains(
                #"{"id":"public","name":"public group","weight":0.25,"appliedWeight":null,"n":0,"score":null,"dimensions":[{"id":"meeting","score":null}],"comparison":{"difference":null,"ci95":null,"p":null,"pAdjusted":null,"flag":null}}"#
            ))
        // Leaders against the rest (the attendees; the public has no responses): 87.5 − 50 = 37.5,
        // se = √(312.5/2 + 625/3) = √364.5833 = 19.09407, ci95 = 37.5 ± 37.42438 = [0.08, 74.92],
        // p = 2·(1 − Φ(1.963961)) = 0.0495; Holm over the two groups with a p: 2·0.04954 = 0.0991.
        #expect(
            json.contains(
                #""comparison":{"difference":37.5,"ci95":[0.08,74.92],"p":0.0495,"pAdjusted":0.0991,"flag":"none"}"#))
        #expect(try card.group("attendees").comparison.difference == -37.5)
    }

    @Test("D(d) and s(q) are weighted over the groups that have them")
    func dimensionOverGroupsThatHaveIt() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension("a", weight: 1, [Build.rating("qa")]),
            Build.dimension("b", weight: 1, [Build.rating("qb", required: false)]),
        ])
        let evaluation = Build.evaluation(for: questionnaire, groups: [("leaders", 3), ("attendees", 1)])
        let responses = [
            // leaders answer only qa: 5 → 100
            Build.response("l1", group: "leaders", #"{"qa":5}"#, index: 0),
            // attendees: qa 3 → 50 and 1 → 0; qb 5 → 100 and 4 → 75
            Build.response("a1", group: "attendees", #"{"qa":3,"qb":5}"#, index: 1),
            Build.response("a2", group: "attendees", #"{"qa":1,"qb":4}"#, index: 2),
        ]
        let card = Build.scorecard(questionnaire, evaluation, responses)
        // O(leaders) = D(leaders, a) = 100 (b has no score, its weight drops out)
        // attendees: s(qa) = 25, s(qb) = 87.5 → O(attendees) = (25 + 87.5)/2 = 56.25
        #expect(try card.group("leaders").score == 100)
        #expect(try card.group("leaders").dimensions.map(\.score) == [100, nil])
        #expect(try card.group("attendees").score == 56.25)
        // O = (3·100 + 1·56.25)/4 = 356.25/4 = 89.0625 → 89.06
        #expect(card.overall.score == 89.06)
        #expect(card.overall.grade == "良好")
        // D(a) = (3·100 + 1·25)/4 = 81.25; D(b) = attendees only = 87.5 (not 87.5·1/4)
        #expect(try card.dimension("a").score == 81.25)
        #expect(try card.dimension("b").score == 87.5)
        #expect(try card.question("qa").score == 81.25)
        #expect(try card.question("qb").score == 87.5)
        // leaders have a single composite → no CI
        #expect(card.overall.ci95 == nil)
    }

    // MARK: Single response

    @Test("a single response has a score but no sd and no confidence interval")
    func singleResponse() throws {
        let questionnaire = Self.conductQuestionnaire
        let card = Build.scorecard(
            questionnaire, Build.evaluation(for: questionnaire),
            // q1 4 → 75, q2 good → 100, q3 2 → 25, q4 5 → 100
            [Build.response("only", #"{"q1":4,"q2":"good","q3":2,"q4":5}"#)])
        // D(conduct) = (2·75 + 100 + 2·25)/5 = 300/5 = 60; O = (3·60 + 100)/4 = 70
        #expect(card.overall.score == 70)
        #expect(card.overall.n == 1)
        #expect(card.overall.ci95 == nil)
        #expect(card.questions.allSatisfy { $0.sd == nil })
        #expect(try card.question("q1").mean == 75)
        // α needs two complete responses
        #expect(try card.dimension("conduct").alpha == nil)
        #expect(try card.dimension("conduct").alphaN == 1)
        let json = card.json.serialized()
        #expect(json.contains(#""overall":{"score":70,"grade":"合格","ci95":null,"gradeConfidence":null,"n":1}"#))
        #expect(json.contains(#""sd":null"#))
    }

    @Test("no confidence interval when one present group has a single composite")
    func confidenceIntervalNeedsTwoPerGroup() throws {
        let questionnaire = Build.questionnaire([Build.dimension("meeting", weight: 1, [Build.rating("q1")])])
        let evaluation = Build.evaluation(for: questionnaire, groups: [("leaders", 1), ("attendees", 1)])
        let card = Build.scorecard(
            questionnaire, evaluation,
            [
                Build.response("l1", group: "leaders", #"{"q1":5}"#, index: 0),
                Build.response("a1", group: "attendees", #"{"q1":3}"#, index: 1),
                Build.response("a2", group: "attendees", #"{"q1":4}"#, index: 2),
            ])
        // O = (100 + 62.5)/2 = 81.25; leaders have n_g = 1 → null
        #expect(card.overall.score == 81.25)
        #expect(card.overall.ci95 == nil)
    }

    @Test("no scores at all: every score null, no grade")
    func noResponses() throws {
        let questionnaire = Self.conductQuestionnaire
        let card = Build.scorecard(questionnaire, Build.evaluation(for: questionnaire, venues: ["hefei"]), [])
        #expect(card.overall.score == nil && card.overall.grade == nil && card.overall.ci95 == nil)
        #expect(card.overall.n == 0)
        #expect(card.dimensions.allSatisfy { $0.score == nil && $0.alpha == nil && $0.n == 0 })
        #expect(card.questions.allSatisfy { $0.score == nil && $0.mean == nil && $0.n == 0 && $0.distribution.isEmpty })
        #expect(try card.venue("hefei").score == nil)
        #expect(
            card.json.serialized().contains(
                #""overall":{"score":null,"grade":null,"ci95":null,"gradeConfidence":null,"n":0}"#))
        #expect(card.dimensions.allSatisfy { $0.gradeStableWeight == nil })
        #expect(try card.venue("hefei").comparison == .undefined)
    }

    // MARK: Cronbach's α

    @Test("Cronbach's alpha worked by hand on 3 items × 4 responses")
    func cronbachAlpha() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension(
                "d", weight: 1,
                [
                    Build.rating("i1", notApplicable: true), Build.rating("i2", notApplicable: true),
                    Build.rating("i3", notApplicable: true),
                    // A single-choice question: scored, but not an α item.
                    Build.single("s1", [("yes", 100), ("no", 0)]),
                ])
        ])
        let responses = [
            // raw answers          → 0–100 scores        total
            // r1: 5, 4, 5          → 100, 75, 100        275
            // r2: 3, 3, 4          →  50, 50,  75        175
            // r3: 2, 1, 2          →  25,  0,  25         50
            // r4: 4, 4, 3          →  75, 75,  50        200
            Build.response("r1", #"{"i1":5,"i2":4,"i3":5,"s1":"yes"}"#, index: 0),
            Build.response("r2", #"{"i1":3,"i2":3,"i3":4,"s1":"no"}"#, index: 1),
            Build.response("r3", #"{"i1":2,"i2":1,"i3":2}"#, index: 2),
            Build.response("r4", #"{"i1":4,"i2":4,"i3":3,"s1":"yes"}"#, index: 3),
            // r5 did not score i2: not in α's sample (but in the dimension's n)
            Build.response("r5", #"{"i1":5,"i2":"na","i3":4,"s1":"no"}"#, index: 4),
        ]
        let card = Build.scorecard(questionnaire, Build.evaluation(for: questionnaire), responses)
        // item 1: 100, 50, 25, 75 → mean 62.5, Σdev² = 37.5² + 12.5² + 37.5² + 12.5² = 3125 → var 3125/3 = 1041.667
        // item 2:  75, 50,  0, 75 → mean 50,   Σdev² = 25² + 0² + 50² + 25²        = 3750 → var 1250
        // item 3: 100, 75, 25, 50 → mean 62.5, Σdev² = 3125                          → var 1041.667
        // total: 275, 175, 50, 200 → mean 175, Σdev² = 100² + 0² + 125² + 25² = 26250 → var 8750
        // α = k/(k−1)·(1 − Σvar(item)/var(total)) = 3/2·(1 − 3333.333/8750) = 3/2·(13/21) = 13/14 = 0.92857 → 0.93
        let dimension = try card.dimension("d")
        #expect(dimension.alpha == 0.93)
        #expect(dimension.alphaN == 4)
        #expect(dimension.n == 5)
    }

    @Test("alpha is null with one rating question, one complete response, or no variance")
    func cronbachAlphaUndefined() throws {
        // One rating question (and a single) in the dimension.
        let one = Build.questionnaire([
            Build.dimension("d", weight: 1, [Build.rating("r"), Build.single("s", [("yes", 100), ("no", 0)])])
        ])
        let oneCard = Build.scorecard(
            one, Build.evaluation(for: one),
            (0..<6).map {
                Build.response("r\($0)", #"{"r":\#($0 % 5 + 1),"s":"\#($0 % 2 == 0 ? "yes" : "no")"}"#, index: $0)
            })
        #expect(try oneCard.dimension("d").alpha == nil)
        #expect(try oneCard.dimension("d").alphaN == 0)

        // Two rating questions, but only one response scores both.
        let two = Build.questionnaire([
            Build.dimension("d", weight: 1, [Build.rating("a"), Build.rating("b", required: false)])
        ])
        let twoCard = Build.scorecard(
            two, Build.evaluation(for: two),
            [
                Build.response("r1", #"{"a":5,"b":3}"#, index: 0), Build.response("r2", #"{"a":2}"#, index: 1),
                Build.response("r3", #"{"a":4}"#, index: 2),
            ])
        #expect(try twoCard.dimension("d").alpha == nil)
        #expect(try twoCard.dimension("d").alphaN == 1)

        // Two complete responses with the same totals: var(total) = 0, α undefined.
        let flat = Build.scorecard(
            two, Build.evaluation(for: two),
            [Build.response("r1", #"{"a":5,"b":3}"#, index: 0), Build.response("r2", #"{"a":3,"b":5}"#, index: 1)])
        #expect(try flat.dimension("d").alpha == nil)
        #expect(try flat.dimension("d").alphaN == 2)
    }

    // MARK: Venues

    @Test("venue scores are steps 1–5 on the venue's responses; an empty venue has n 0 and no score")
    func venues() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension("a", weight: 2, [Build.rating("qa")]),
            Build.dimension("b", weight: 1, [Build.rating("qb", required: false)]),
        ])
        let evaluation = Build.evaluation(
            for: questionnaire, venues: ["hefei", "wuhu", "bengbu"], groups: [("leaders", 3), ("attendees", 1)])
        let responses = [
            Build.response("L1", venue: "hefei", group: "leaders", #"{"qa":5,"qb":4}"#, index: 0),  // 100, 75
            Build.response("A1", venue: "hefei", group: "attendees", #"{"qa":3}"#, index: 1),  // 50
            Build.response("A2", venue: "hefei", group: "attendees", #"{"qa":4,"qb":2}"#, index: 2),  // 75, 25
            Build.response("A3", venue: "wuhu", group: "attendees", #"{"qa":1,"qb":5}"#, index: 3),  // 0, 100
            Build.response("A4", venue: "wuhu", group: "attendees", #"{"qa":2}"#, index: 4),  // 25
            Build.response("A5", group: "attendees", #"{"qa":5}"#, index: 5),  // no venue: 100
        ]
        let card = Build.scorecard(questionnaire, evaluation, responses)

        // hefei:
        //   leaders: D(a) = 100, D(b) = 75 → O = (2·100 + 75)/3 = 91.667
        //   attendees: s(qa) = (50 + 75)/2 = 62.5, s(qb) = 25 → O = (2·62.5 + 25)/3 = 50
        //   venue O = (3·91.667 + 1·50)/4 = 325/4 = 81.25 → "良好"
        //   venue D(a) = (3·100 + 62.5)/4 = 90.625 → 90.63; D(b) = (3·75 + 25)/4 = 62.5
        let hefei = try card.venue("hefei")
        #expect(hefei.n == 3)
        #expect(hefei.score == 81.25)
        #expect(hefei.grade == "良好")
        #expect(hefei.dimensions.map(\.score) == [90.63, 62.5])
        // wuhu: attendees only: s(qa) = (0 + 25)/2 = 12.5, s(qb) = 100 → O = (2·12.5 + 100)/3 = 41.667 → 41.67
        let wuhu = try card.venue("wuhu")
        #expect(wuhu.n == 2)
        #expect(wuhu.score == 41.67)
        #expect(wuhu.grade == "较差")
        #expect(wuhu.dimensions.map(\.score) == [12.5, 100])
        // bengbu: nothing
        let bengbu = try card.venue("bengbu")
        #expect(bengbu.n == 0 && bengbu.score == nil && bengbu.grade == nil)
        #expect(bengbu.dimensions.map(\.score) == [nil, nil])
        #expect(
            card.json.serialized().contains(#"{"id":"bengbu","name":"bengbu venue","n":0,"score":null,"grade":null,"#))

        // Overall (A5 without a venue counts here):
        //   leaders: 91.667 (L1 alone)
        //   attendees: s(qa) = (50 + 75 + 0 + 25 + 100)/5 = 50, s(qb) = (25 + 100)/2 = 62.5
        //              → O = (2·50 + 62.5)/3 = 54.167
        //   O = (3·91.667 + 54.167)/4 = 329.167/4 = 82.2917 → 82.29
        #expect(card.overall.score == 82.29)
        #expect(card.overall.n == 6)
        // D(a) = (3·100 + 50)/4 = 87.5; D(b) = (3·75 + 62.5)/4 = 71.875 → 71.88
        #expect(card.dimensions.map(\.score) == [87.5, 71.88])

        // A venue's figures are those of a scorecard over its responses alone.
        for venue in ["hefei", "wuhu"] {
            let alone = Build.scorecard(questionnaire, evaluation, responses.filter { $0.venue == venue })
            #expect(alone.overall.score == (try card.venue(venue).score))
            #expect(alone.dimensions.map(\.score) == (try card.venue(venue).dimensions.map(\.score)))
        }
    }

    // MARK: Hidden answers

    @Test("answers to questions hidden by showIf are left out, through chains of conditions")
    func hiddenAnswers() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension(
                "a", weight: 1,
                [
                    Build.single("q1", [("ok", 100), ("bad", 0)]),
                    Build.rating("q2", showIf: ShowIf(question: "q1", options: ["bad"])),
                ]),
            Build.dimension(
                "remarks", weight: nil,
                [
                    Build.multiple("m1", ["x", "y"], showIf: ShowIf(question: "q1", options: ["bad"])),
                    Build.text("t1", showIf: ShowIf(question: "q1", options: ["bad"])),
                    Build.text("t2", showIf: ShowIf(question: "m1", options: ["x"])),
                ]),
        ])
        let responses = [
            // r1: q1 ok → q2, m1, t1 hidden; t2 hidden too, because m1 (its condition) is hidden.
            Build.response(
                "r1", #"{"q1":"ok","q2":1,"m1":["x"],"t1":"hidden remark","t2":"hidden chain"}"#, index: 0),
            // r2: q1 bad → 0, q2 5 → 100 shown; m1 [y] shown; t1 shown; t2 hidden (m1 has no x)
            Build.response(
                "r2", #"{"q1":"bad","q2":5,"m1":["y"],"t1":"shown remark","t2":"hidden by y"}"#, index: 1),
        ]
        let card = Build.scorecard(questionnaire, Build.evaluation(for: questionnaire), responses)
        // s(q1) = (100 + 0)/2 = 50; s(q2) = 100 (r2 only; r1's hidden 1 → 0 is not counted)
        // D(a) = (50 + 100)/2 = 75. Had the hidden answer counted: s(q2) = 50, D(a) = 50.
        #expect(try card.question("q2").score == 100)
        #expect(try card.question("q2").n == 1)
        #expect(try card.question("q2").distributionPairs == ["5:1"])
        #expect(card.overall.score == 75)
        #expect(try card.question("m1").n == 1)
        #expect(try card.question("m1").distributionPairs == ["y:1"])
        #expect(try card.question("t1").n == 1)
        #expect(try card.question("t2").n == 0)
        #expect(card.comments.map(\.text) == ["shown remark"])
        #expect(card.commentCount == 1)
        // Screening sees the cells after hiding too.
        let plan = ScoringPlan(questionnaire: questionnaire, evaluation: Build.evaluation(for: questionnaire))
        let cells = ResponseAssessor(plan: plan, exclusions: [:]).assess(responses[0]).cells
        #expect(cells == [.option(0), .none, .none, .none, .none])
    }

    // MARK: Distribution, not applicable counts, comments

    @Test("distributions, not-applicable counts and comments of included responses")
    func distributionAndComments() throws {
        let questionnaire = Build.questionnaire([
            Build.dimension(
                "a", weight: 1,
                [
                    Build.rating("q1", notApplicable: true),
                    Build.single("q2", [("yes", 100), ("partly", 60), ("no", 0), ("na", nil)]),
                ]),
            Build.dimension("remarks", weight: nil, [Build.multiple("m1", ["a", "b", "c"]), Build.text("t1")]),
        ])
        let evaluation = Build.evaluation(for: questionnaire, venues: ["hefei"], groups: [("attendees", 1)])
        let responses = [
            Build.response(
                "r1", venue: "hefei", group: "attendees", #"{"q1":5,"q2":"yes","m1":["a","c"],"t1":"会议很好"}"#,
                index: 0),
            Build.response("r2", venue: "hefei", #"{"q1":5,"q2":"na","m1":["c"],"t1":"  \n\t "}"#, index: 1),
            Build.response("r3", #"{"q1":"na","q2":"partly","t1":"Shorter speeches, please."}"#, index: 2),
            // Excluded by hand: none of its answers is counted, its remark is not collected.
            Build.response(
                "r4", venue: "hefei", #"{"q1":2,"q2":"no","m1":["a","b"],"t1":"excluded remark"}"#, index: 3),
        ]
        let card = Build.scorecard(questionnaire, evaluation, responses, exclusions: [Build.exclusion("r4")])
        let q1 = try card.question("q1")
        #expect(q1.distributionPairs == ["5:2"])
        #expect(q1.notApplicable == 1)
        #expect(q1.n == 2)
        let q2 = try card.question("q2")
        #expect(q2.distributionPairs == ["yes:1", "partly:1", "na:1"])
        #expect(q2.notApplicable == 1)
        #expect(q2.n == 2)
        #expect(q2.mean == 80)  // (100 + 60)/2
        let m1 = try card.question("m1")
        #expect(m1.distributionPairs == ["a:1", "c:2"])
        #expect(m1.n == 2 && m1.weight == nil && m1.score == nil && m1.mean == nil && m1.sd == nil)
        let t1 = try card.question("t1")
        #expect(t1.distribution.isEmpty)
        #expect(t1.n == 3)  // answered, the blank answer too
        #expect(
            card.comments == [
                Scorecard.Comment(question: "t1", venue: "hefei", raterGroup: "attendees", text: "会议很好"),
                Scorecard.Comment(question: "t1", venue: nil, raterGroup: nil, text: "Shorter speeches, please."),
            ])
        #expect(card.commentCount == 2)
        let json = card.json.serialized()
        #expect(json.contains(#""notApplicable":1,"distribution":{"5":2}"#))
        #expect(json.contains(#""distribution":{"yes":1,"partly":1,"na":1}"#))
        #expect(json.contains(#""distribution":{}"#))
        #expect(
            json.contains(
                #""comments":[{"question":"t1","venue":"hefei","raterGroup":"attendees","text":"会议很好"},{"question":"t1","venue":null,"raterGroup":null,"text":"Shorter speeches, please."}]"#
            ))
        #expect(!json.contains("excluded remark"))
    }
}
