import Foundation
import MeetingEvalCore
import QuestionnaireYAML

/// The fixed questionnaire and evaluation that submissions and stored answers are checked
/// against.
public enum Fixtures {
    /// A copy of `Surveys/teleconference.yaml` (version 1), kept here so that the targets, their
    /// corpora and their findings do not change meaning when the shipped file is edited.
    public static let teleconferenceYAML = #"""
        # Teleconference (电视电话会议) quality evaluation.
        # Attendees at the main venue and at every branch venue answer on a phone right
        # after the meeting. Questions follow the meeting through its three phases:
        # before (会前筹备), during (会中) and after (会后).
        # Format reference: docs/questionnaire-format.md

        id: teleconference
        version: 1
        meetingType: teleconference
        locales: [zh, en]

        title:
          zh: 电视电话会议质量评估
          en: Teleconference quality evaluation
        description:
          zh: 本问卷由第三方评估机构组织实施，匿名填写，约需2分钟。请根据您在本会场的实际感受如实评价。
          en: This questionnaire is run by an independent assessment body. It is anonymous and takes about 2 minutes. Please answer from what you saw and heard at your own venue.

        grades:
          - {min: 90, label: {zh: 优秀, en: Excellent}}
          - {min: 80, label: {zh: 良好, en: Good}}
          - {min: 60, label: {zh: 合格, en: Fair}}
          - {min: 0,  label: {zh: 较差, en: Poor}}

        dimensions:
          # ---------------------------------------------------------------- 会前
          - id: preparation
            title: {zh: 会前筹备, en: Preparation}
            description:
              zh: 会议的必要性和会议通知
              en: Whether the meeting was needed, and how it was announced
            weight: 15
            questions:
              - id: necessity
                type: single
                weight: 2
                text:
                  zh: 本次会议是否有必要召开？
                  en: Was it necessary to hold this meeting?
                description:
                  zh: 如会议内容可合并到其他会议或以印发文件代替，请如实选择。
                  en: If the business could have been merged into another meeting or handled by a document, please say so.
                options:
                  - id: necessary
                    text: {zh: 确有必要单独召开, en: Necessary as a separate meeting}
                    score: 100
                  - id: merge
                    text: {zh: 可与其他会议合并召开, en: Could have been merged with another meeting}
                    score: 50
                  - id: document
                    text: {zh: 可以印发文件等方式代替, en: Could have been replaced by a document}
                    score: 20
                  - id: unnecessary
                    text: {zh: 没有必要召开, en: Not necessary at all}
                    score: 0
                  - id: unsure
                    text: {zh: 不好判断, en: Cannot judge}
                    notApplicable: true

              - id: notice
                type: rating
                allowNotApplicable: true
                text:
                  zh: 会议通知的及时性和完整性（时间、议程、参会范围等）
                  en: How timely and complete was the notice (time, agenda, who attends)?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

          # ---------------------------------------------------------------- 会中
          - id: organization
            title: {zh: 会议组织, en: Running the meeting}
            description:
              zh: 会议是否准时，议程和时长是否控制得当
              en: Punctuality, agenda and length of the meeting
            weight: 15
            questions:
              - id: punctuality
                type: single
                text:
                  zh: 会议是否按时开始、按时结束？
                  en: Did the meeting start and end on time?
                options:
                  - id: on-time
                    text: {zh: 按时开始，按时结束, en: Started and ended on time}
                    score: 100
                  - id: minor-delay
                    text: {zh: 推迟开始或超时，均在10分钟以内, en: Started late or overran by up to 10 minutes}
                    score: 60
                  - id: major-delay
                    text: {zh: 推迟开始或超时10分钟以上, en: Started late or overran by more than 10 minutes}
                    score: 0
                  - id: unsure
                    text: {zh: 未全程参会，不好判断, en: Was not there throughout / cannot judge}
                    notApplicable: true

              - id: time-control
                type: rating
                text:
                  zh: 会议按议程推进、控制时长的情况
                  en: How well were the agenda and the length of the meeting kept under control?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

          - id: av-quality
            title: {zh: 本会场音视频效果, en: Sound and picture at your venue}
            description:
              zh: 请仅就您所在会场（主会场或分会场）的收听收看效果作答。
              en: Please answer only for the venue where you attended (main or branch venue).
            weight: 15
            questions:
              - id: audio
                type: rating
                text:
                  zh: 本会场声音的清晰度和音量
                  en: At your venue, how clear was the sound and was the volume right?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

              - id: video
                type: rating
                text:
                  zh: 本会场画面的清晰度、流畅度及音画同步情况
                  en: At your venue, how clear and smooth was the picture, and was it in sync with the sound?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

              - id: signal
                type: single
                text:
                  zh: 本会场信号是否稳定？
                  en: Was the signal stable at your venue?
                options:
                  - id: stable
                    text: {zh: 全程稳定, en: Stable throughout}
                    score: 100
                  - id: brief-glitch
                    text: {zh: 偶有卡顿，很快恢复, en: Brief glitches that were quickly fixed}
                    score: 60
                  - id: repeated
                    text: {zh: 多次卡顿或中断, en: Repeated freezes or dropouts}
                    score: 20
                  - id: lost
                    text: {zh: 长时间中断，影响收听收看, en: A long outage that disrupted the meeting}
                    score: 0

          - id: discipline
            title: {zh: 会风会纪, en: Attendance and discipline}
            description:
              zh: 本会场的到会情况和会场纪律
              en: Attendance and discipline at your venue
            weight: 15
            questions:
              - id: venue-attendance
                type: single
                text:
                  zh: 本会场应参会人员是否按要求到会？
                  en: Did the people expected at your venue actually attend?
                options:
                  - id: all
                    text: {zh: 全部按要求到会, en: All attended as required}
                    score: 100
                  - id: few-absent
                    text: {zh: 个别缺席或由他人代会, en: A few were absent or sent a substitute}
                    score: 60
                  - id: many-absent
                    text: {zh: 缺席或代会较多, en: Many were absent or sent a substitute}
                    score: 0
                  - id: unsure
                    text: {zh: 不清楚, en: Don't know}
                    notApplicable: true

              - id: venue-discipline
                type: rating
                text:
                  zh: 本会场纪律（不接打电话、不随意走动、不中途离场）
                  en: How good was discipline at your venue (no phone calls, no wandering about, no leaving early)?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

          - id: content
            title: {zh: 讲话与内容, en: Speeches and content}
            description:
              zh: 讲话发言和会议内容的质量
              en: Quality of the speeches and of what the meeting dealt with
            weight: 20
            questions:
              - id: speech-brevity
                type: rating
                text:
                  zh: 讲话发言简明扼要、不照本宣科的情况
                  en: How brief and to the point were the speeches, rather than read from a script?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

              - id: relevance
                type: rating
                text:
                  zh: 会议内容紧扣主题、针对实际问题的情况
                  en: How well did the meeting stay on topic and deal with real problems?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

          # ---------------------------------------------------------------- 会后
          - id: outcome
            title: {zh: 会议成效, en: Results}
            description:
              zh: 任务部署是否明确，会议是否值得召开
              en: Whether the tasks were made clear, and whether the meeting was worth holding
            weight: 20
            questions:
              - id: task-clarity
                type: rating
                text:
                  zh: 工作任务、责任分工和完成时限的明确程度
                  en: How clearly were tasks, responsibilities and deadlines set?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

              - id: follow-up
                type: rating
                allowNotApplicable: true
                text:
                  zh: 会议对后续督办落实、情况报送的安排
                  en: How well was follow-up arranged (progress checks, reporting back)?
                scale:
                  min: 1
                  max: 5
                  labels:
                    1: {zh: 很差, en: Very poor}
                    2: {zh: 较差, en: Poor}
                    3: {zh: 一般, en: Average}
                    4: {zh: 较好, en: Good}
                    5: {zh: 很好, en: Very good}

              - id: worth
                type: single
                weight: 2
                text:
                  zh: 综合来看，本次会议是否值得所占用的时间？
                  en: All things considered, was the meeting worth the time it took?
                options:
                  - id: well-worth
                    text: {zh: 很值得, en: Well worth it}
                    score: 100
                  - id: mostly-worth
                    text: {zh: 比较值得, en: Mostly worth it}
                    score: 75
                  - id: neutral
                    text: {zh: 一般, en: Moderately}
                    score: 50
                  - id: hardly-worth
                    text: {zh: 不太值得, en: Hardly worth it}
                    score: 25
                  - id: not-worth
                    text: {zh: 不值得, en: Not worth it}
                    score: 0

          # ---------------------------------------------------------------- 不计分
          - id: remarks
            title: {zh: 意见建议, en: Remarks}
            description:
              zh: 本部分不计入评分，均为选答。
              en: This part is not scored and every question is optional.
            questions:
              - id: problems
                type: multiple
                maxSelections: 3
                text:
                  zh: 您认为本次会议存在哪些主要问题？（最多选3项）
                  en: What were the main problems with this meeting? (up to 3)
                options:
                  - id: avoidable
                    text: {zh: 可开可不开，或可合并、可发文代替, en: "Could have been skipped, merged or replaced by a document"}
                  - id: late-notice
                    text: {zh: 通知仓促或要素不全, en: Notice late or incomplete}
                  - id: overtime
                    text: {zh: 推迟开始或超时, en: Started late or overran}
                  - id: av-issues
                    text: {zh: 声音、画面或信号不佳, en: "Poor sound, picture or signal"}
                  - id: long-speeches
                    text: {zh: 讲话冗长、照本宣科, en: Long speeches read from a script}
                  - id: too-many-attendees
                    text: {zh: 参会范围过大、陪会人员多, en: Too many people invited just to sit in}
                  - id: loose-discipline
                    text: {zh: 会场纪律松散, en: Poor discipline}
                  - id: vague-tasks
                    text: {zh: 任务要求不明确, en: Tasks not made clear}
                  - id: other
                    text: {zh: 其他, en: Other}

              - id: av-detail
                type: text
                maxLength: 500
                required: false
                showIf: {question: signal, in: [repeated, lost]}
                text:
                  zh: 请简要说明本会场信号问题（出现时段、表现等）
                  en: Please describe the signal problems at your venue (when and what happened).

              - id: streamline
                type: text
                maxLength: 500
                required: false
                showIf: {question: necessity, in: [merge, document, unnecessary]}
                text:
                  zh: 您认为本次会议可以如何精简（合并、发文代替或缩短时长）？
                  en: How could this meeting have been cut back (merged, replaced by a document, shortened)?

              - id: suggestion
                type: text
                maxLength: 1000
                required: false
                text:
                  zh: 您对改进此类会议还有哪些意见建议？
                  en: Any other comments or suggestions for improving meetings like this?
        """#

    public static let questionnaire: Questionnaire = {
        let result = QuestionnaireSource.read(Data(teleconferenceYAML.utf8), format: .yaml)
        guard let questionnaire = result.questionnaire else {
            fatalError("the embedded questionnaire is invalid: \(result.errors.map { $0.formatted(file: nil) })")
        }
        return questionnaire
    }()

    /// An open evaluation with two venues and two rater groups, as in the README's walk-through.
    public static let evaluation = evaluation(for: questionnaire)

    public static let createdAt = Date(timeIntervalSince1970: 1_795_000_000)

    public static func evaluation(for questionnaire: Questionnaire) -> Evaluation {
        Evaluation(
            id: "7d0b6c1e-2f4a-4b8e-9c3d-5a6f7e8d9c0b", slug: "fuzzfuzzfuzzfuzzfuzzfu",
            questionnaireId: questionnaire.id, questionnaireVersion: questionnaire.version,
            title: "全省加快推进“互联网+政务服务”工作电视电话会议", meetingType: questionnaire.meetingType,
            meetingDate: "2026-11-20",
            venues: [
                Venue(id: "hefei", name: .plain("合肥分会场")),
                Venue(id: "wuhu", name: .localized(["zh": "芜湖分会场", "en": "Wuhu"])),
            ],
            raterGroups: [
                RaterGroup(id: "leaders", name: .localized(["zh": "领导", "en": "Leaders"]), weight: 1),
                RaterGroup(id: "attendees", name: .localized(["zh": "参会人员", "en": "Attendees"]), weight: 2),
            ],
            expectedRespondents: 120, status: .open, createdAt: createdAt
        )
    }
}
