/// The mustache templates of the printable scorecard.
///
/// Every value is printed with double braces, which HTML-escape it: titles, names, comments
/// and exclusion reasons come from organizers, evaluators and attendees. The page has no
/// script and loads nothing; its CSS prints on A4 portrait.
enum ScorecardTemplate {
    static let page = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="MeetingEval">
        <title>{{labels.documentTitle}} · {{title}}</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main class="sheet">
        <section class="cover">
          <p class="kicker">{{labels.kickerReport}}</p>
          <p class="cover-title">{{labels.reportTitle}}</p>
          <h1>{{title}}</h1>
          {{#isDraft}}<p class="draft-mark">{{reportStatus}}</p>{{/isDraft}}
          <table class="cover-facts">
            <tbody>
              <tr><th scope="row">{{labels.coverMeeting}}</th><td>{{title}}</td></tr>
              <tr><th scope="row">{{labels.meetingType}}</th><td>{{meetingType}}</td></tr>
              <tr><th scope="row">{{labels.meetingDate}}</th><td>{{meetingDate}}</td></tr>
              <tr><th scope="row">{{labels.client}}</th><td class="client">{{client}}</td></tr>
              <tr><th scope="row">{{labels.assessor}}</th><td class="assessor">{{assessor}}</td></tr>
              <tr><th scope="row">{{labels.reportNumber}}</th><td class="report-number">{{reportNumber}}</td></tr>
              <tr><th scope="row">{{labels.reportDate}}</th><td>{{reportDate}}</td></tr>
              <tr><th scope="row">{{labels.reportStatus}}</th><td class="report-status">{{reportStatus}}</td></tr>
            </tbody>
          </table>
          <dl class="facts cover-small">
            <div><dt>{{labels.status}}</dt><dd>{{status}}</dd></div>
            <div><dt>{{labels.questionnaire}}</dt><dd>{{questionnaireTitle}} <span class="muted">({{questionnaireRef}})</span></dd></div>
            <div><dt>{{labels.evaluationId}}</dt><dd class="mono">{{evaluationId}}</dd></div>
            <div><dt>{{labels.generatedAt}}</dt><dd>{{generatedAt}}</dd></div>
          </dl>
          <p class="note">{{timesIn}}</p>
          {{#isProvisional}}<p class="notice">{{labels.provisional}}</p>{{/isProvisional}}
        </section>

        <section class="summary-page">
          <h2>{{labels.sectionSummary}}</h2>
          {{#isDraft}}<p class="notice draft-notice">{{labels.draftNotice}}</p>{{/isDraft}}
          <div class="summary-score">
            <div><div class="caption">{{labels.overallScore}}</div><div class="big">{{overallScore}}</div></div>
            <div><div class="caption">{{labels.grade}}</div><div class="grade-big">{{grade}}</div></div>
            <div><div class="caption">{{labels.ci95}}</div><div class="ci-big">{{ci}}</div><div class="caption">n = {{sampleSize}}</div></div>
          </div>
          <h3>{{labels.summaryFindings}}</h3>
          {{#hasSummaryFindings}}
          <ul class="key-findings">
          {{#summaryFindings}}<li class="finding{{#attention}} attention{{/attention}}">{{#attention}}<span class="mark">!</span>{{/attention}}{{text}}</li>
          {{/summaryFindings}}
          </ul>
          <p class="note">{{labels.summaryFindingsNote}}</p>
          {{/hasSummaryFindings}}
          {{^hasSummaryFindings}}<p>{{labels.noFindings}}</p>{{/hasSummaryFindings}}
          <h3>{{labels.opinion}}</h3>
          <div class="opinion">
          {{#hasOpinion}}{{#opinionParagraphs}}<p>{{.}}</p>
          {{/opinionParagraphs}}<p class="opinion-by">{{opinionBy}}</p>{{/hasOpinion}}
          {{^hasOpinion}}<p class="draft-notice">{{labels.opinionMissing}}</p>{{/hasOpinion}}
          </div>
        </section>

        <section class="overall">
          <h2>{{labels.sectionOverall}}</h2>
          <div class="summary">
            <div class="score-card">
              <div class="caption">{{labels.overallScore}}</div>
              <div class="big">{{overallScore}}</div>
              <div class="grade"><span class="caption">{{labels.grade}}</span> <span class="badge">{{grade}}</span></div>
              <dl class="pairs">
                <div><dt>{{labels.ci95}}</dt><dd>{{ci}}</dd></div>
                <div><dt>{{labels.sampleSize}}</dt><dd>n = {{sampleSize}}</dd></div>
              </dl>
              {{^hasCI}}<p class="note">{{labels.ciMissingNote}}</p>{{/hasCI}}
            </div>
            <div class="counts">
              <h3>{{labels.responseCounts}}</h3>
              <table class="compact">
                <tbody>
                {{#counts}}<tr{{#isSub}} class="sub"{{/isSub}}><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
                {{/counts}}
                </tbody>
              </table>
              {{#countsNotes}}<p class="note">{{.}}</p>{{/countsNotes}}
            </div>
          </div>
          <figure class="chart-box">
            <figcaption>{{labels.gradeScale}}</figcaption>
            {{#gradeScale}}{{> gradeScale}}{{/gradeScale}}
            <p class="note">{{labels.gradeScaleNote}}</p>
          </figure>
          {{#hasFindings}}<div class="findings"><h3>{{labels.findingsTitle}}</h3><ul>{{#findings}}<li class="finding">{{text}}</li>{{/findings}}</ul></div>{{/hasFindings}}
        </section>

        <section>
          <h2>{{labels.sectionDimensions}}</h2>
          <figure class="chart-box">
            <figcaption>{{labels.dimensionChart}}</figcaption>
            {{#dimensionChart}}{{> barChart}}{{/dimensionChart}}
          </figure>
          <table>
            <thead><tr><th>{{labels.dimension}}</th><th class="num">{{labels.weight}}</th><th class="num">{{labels.score}}</th><th class="num">{{labels.n}}</th><th class="num">{{labels.alpha}}</th></tr></thead>
            <tbody>
            {{#dimensions}}<tr><td>{{title}}</td><td class="num">{{weight}}</td><td class="num strong">{{score}}</td><td class="num">{{n}}</td><td class="num">{{alpha}}{{#hasAlpha}} <span class="muted">({{alphaN}})</span>{{/hasAlpha}}</td></tr>
            {{/dimensions}}
            </tbody>
          </table>
          <p class="note">{{labels.alphaNote}}</p>
        </section>

        <section>
          <h2>{{labels.sectionGroups}}</h2>
          {{#hasRaterGroups}}
          <table>
            <thead><tr><th>{{labels.raterGroup}}</th><th class="num">{{labels.weight}}</th><th class="num">{{labels.appliedWeight}}</th><th class="num">{{labels.n}}</th><th class="num">{{labels.score}}</th></tr></thead>
            <tbody>
            {{#raterGroups}}<tr><td>{{name}}</td><td class="num">{{weight}}</td><td class="num">{{appliedWeight}}</td><td class="num">{{n}}</td><td class="num strong">{{score}}</td></tr>
            {{/raterGroups}}
            </tbody>
          </table>
          <p class="note">{{labels.appliedWeightNote}}</p>
          {{/hasRaterGroups}}
          {{^hasRaterGroups}}<p>{{labels.noRaterGroups}}</p>{{/hasRaterGroups}}
        </section>

        <section>
          <h2>{{labels.sectionVenues}}</h2>
          {{#hasVenues}}
          <figure class="chart-box">
            <figcaption>{{labels.venueChart}}</figcaption>
            {{#venueChart}}{{> barChart}}{{/venueChart}}
          </figure>
          <table>
            <thead><tr><th class="num rank">{{labels.rank}}</th><th>{{labels.venue}}</th><th class="num">{{labels.n}}</th><th class="num">{{labels.score}}</th><th>{{labels.grade}}</th>{{#hasVenueRates}}<th class="num">{{labels.venueRate}}</th>{{/hasVenueRates}}</tr></thead>
            <tbody>
            {{#venues}}<tr><td class="num">{{rank}}</td><td>{{name}}</td><td class="num">{{n}}</td><td class="num strong">{{score}}</td><td>{{grade}}</td>{{#hasVenueRates}}<td class="num{{#isLow}} low-rate{{/isLow}}">{{#isLow}}! {{/isLow}}{{rate}}</td>{{/hasVenueRates}}</tr>
            {{/venues}}
            </tbody>
          </table>
          {{#hasVenueRates}}<p class="note">{{lowRateNote}}</p>{{/hasVenueRates}}
          {{#hasUnscoredVenues}}<p class="note">{{labels.noVenueScoreNote}}</p>{{/hasUnscoredVenues}}
          {{/hasVenues}}
          {{^hasVenues}}<p>{{labels.noVenues}}</p>{{/hasVenues}}
        </section>

        {{#factsSection}}
        <section class="meeting-facts">
          <h2>{{labels.sectionFacts}}</h2>
          <p>{{labels.factsStandard}}: {{standard}}</p>
          {{#hasURL}}<p class="note">{{citation}} <span class="mono">{{url}}</span></p>{{/hasURL}}
          {{^hasURL}}<p class="note">{{citation}}</p>{{/hasURL}}
          <p class="facts-score">{{labels.factsScore}}: <strong>{{score}}</strong> · {{labels.factsDeducted}}: {{deducted}}</p>
          {{#combined}}<p class="facts-combined">{{.}}</p>{{/combined}}
          <table>
            <thead><tr><th>{{labels.factsQuantity}}</th><th class="num">{{labels.factsValue}}</th></tr></thead>
            <tbody>
            {{#quantities}}<tr{{#isSub}} class="sub"{{/isSub}}><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
            {{/quantities}}
            </tbody>
          </table>
          {{#hasChecks}}
          <table class="facts-checks">
            <thead><tr><th>{{labels.factsRule}}</th><th class="num">{{labels.factsValue}}</th><th>{{labels.factsLimit}}</th><th>{{labels.factsOutcome}}</th><th class="num">{{labels.factsDeduction}}</th></tr></thead>
            <tbody>
            {{#checks}}<tr{{#isBroken}} class="broken"{{/isBroken}}><td>{{title}}</td><td class="num">{{value}}</td><td>{{limit}}</td><td>{{#isBroken}}! {{/isBroken}}{{outcome}}</td><td class="num">{{deducted}}</td></tr>
            {{/checks}}
            </tbody>
          </table>
          <p class="note">{{labels.factsScoreNote}}</p>
          {{/hasChecks}}
          {{#notes}}<p class="note">{{.}}</p>{{/notes}}
        </section>
        {{/factsSection}}
        {{#observation}}
        <section class="observation">
          <h2>{{labels.sectionObservation}}</h2>
          <p class="note">{{intro}}</p>
          <table>
            <thead><tr><th class="num rank">{{labels.rank}}</th><th>{{labels.venue}}</th><th class="num">{{labels.observedScore}}</th><th>{{labels.grade}}</th><th class="num">{{labels.perception}}</th><th class="num">{{labels.perceptionGap}}</th></tr></thead>
            <tbody>
            {{#venues}}<tr><td class="num">{{rank}}</td><td>{{name}}</td><td class="num strong">{{score}}</td><td>{{grade}}</td><td class="num">{{perception}}</td><td class="num">{{gap}}</td></tr>
            {{/venues}}
            </tbody>
          </table>
          <p class="note">{{labels.observationNote}}</p>
          {{#hasNotes}}
          <table>
            <thead><tr><th>{{labels.venue}}</th><th>{{labels.observationItem}}</th><th>{{labels.observationRecord}}</th></tr></thead>
            <tbody>
            {{#notes}}<tr><td class="v-col">{{venue}}</td><td>{{item}}</td><td class="text">{{text}}</td></tr>
            {{/notes}}
            </tbody>
          </table>
          {{/hasNotes}}
        </section>
        {{/observation}}

        <section class="questions">
          <h2>{{labels.sectionQuestions}}</h2>
          <p class="note">{{labels.questionNote}}</p>
          {{#questionSections}}
          <h3>{{title}}{{#isUnscored}} <span class="muted">{{labels.unscoredDimension}}</span>{{/isUnscored}}</h3>
          {{#questions}}
          <article class="question">
            <div class="q-head"><span class="q-text">{{text}}</span> <span class="q-kind">{{kind}} · {{id}}</span></div>
            <table class="q-stats">
              <thead><tr><th class="num">{{labels.score}}</th><th class="num">{{labels.mean}}</th><th class="num">{{labels.n}}</th><th class="num">{{labels.sd}}</th><th class="num">{{labels.notApplicable}}</th><th class="num">{{labels.weight}}</th></tr></thead>
              <tbody><tr><td class="num strong">{{score}}</td><td class="num">{{mean}}</td><td class="num">{{n}}</td><td class="num">{{sd}}</td><td class="num">{{notApplicable}}</td><td class="num">{{weight}}</td></tr></tbody>
            </table>
            {{#chart}}{{> barChart}}{{/chart}}
            {{#notes}}<p class="note">{{.}}</p>{{/notes}}
          </article>
          {{/questions}}
          {{/questionSections}}
        </section>

        {{> followUpSection}}

        <section class="signature">
          <h2>{{labels.signatureTitle}}</h2>
          <div class="sign-grid">
            <div class="seal-box"><div class="seal-space"></div><div class="sign-line">{{labels.signatureAssessor}}</div><div class="sign-name">{{assessor}}</div></div>
            <div><div class="sign-space"></div><div class="sign-line">{{labels.signatureEvaluator}}</div></div>
            <div><div class="sign-space"></div><div class="sign-line">{{labels.signatureReviewer}}</div></div>
            <div><div class="sign-space"></div><div class="sign-line">{{labels.signatureDate}}</div></div>
          </div>
        </section>

        <section class="comments appendix">
          <h2>{{labels.appendixComments}}</h2>
          {{#hasComments}}
          <p>{{commentsCount}}</p>
          {{#commentsKept}}<p class="notice">{{.}}</p>{{/commentsKept}}
          {{#commentGroups}}
          <h3>{{question}}</h3>
          <p class="note">{{count}}</p>
          <table class="comment-list">
            <thead><tr><th class="num">#</th><th>{{labels.venue}}</th><th>{{labels.commentText}}</th></tr></thead>
            <tbody>
            {{#comments}}<tr><td class="num muted">{{number}}</td><td class="v-col">{{venue}}</td><td class="text">{{text}}</td></tr>
            {{/comments}}
            </tbody>
          </table>
          {{/commentGroups}}
          {{/hasComments}}
          {{^hasComments}}<p>{{labels.noComments}}</p>{{/hasComments}}
        </section>

        <section class="appendix">
          <h2>{{labels.appendixQuality}}</h2>
          <div class="columns">
            <div>
              <h3>{{labels.screening}}</h3>
              <table class="compact">
                <tbody>
                  <tr><th scope="row">{{labels.minSeconds}}</th><td class="num">{{minSeconds}}</td></tr>
                  <tr><th scope="row">{{labels.excludeFlagged}}</th><td class="num">{{excludeFlagged}}</td></tr>
                </tbody>
              </table>
            </div>
            <div>
              <h3>{{labels.flagged}}</h3>
              <table class="compact">
                <tbody>
                {{#flags}}<tr><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>
                {{/flags}}
                </tbody>
              </table>
            </div>
          </div>
          <p class="note">{{labels.flagRules}}</p>
          <h3>{{labels.manualExclusions}}</h3>
          {{#hasExclusions}}
          <table>
            <thead><tr><th>{{labels.responseId}}</th><th>{{labels.exclusionReason}}</th><th>{{labels.exclusionBy}}</th><th>{{labels.exclusionAt}}</th></tr></thead>
            <tbody>
            {{#exclusions}}<tr><td class="mono">{{responseId}}</td><td class="text">{{reason}}</td><td>{{actor}}</td><td class="mono">{{at}}</td></tr>
            {{/exclusions}}
            </tbody>
          </table>
          {{/hasExclusions}}
          {{^hasExclusions}}<p>{{labels.none}}</p>{{/hasExclusions}}
          <h3>{{labels.exclusionHistory}}</h3>
          {{#hasExclusionHistory}}
          <p class="note">{{labels.exclusionHistoryNote}}</p>
          <table>
            <thead><tr><th>{{labels.exclusionAt}}</th><th>{{labels.exclusionAction}}</th><th>{{labels.responseId}}</th><th>{{labels.exclusionReason}}</th><th>{{labels.exclusionBy}}</th></tr></thead>
            <tbody>
            {{#exclusionHistory}}<tr><td class="mono">{{at}}</td><td>{{action}}</td><td class="mono">{{responseId}}</td><td class="text">{{reason}}</td><td>{{actor}}</td></tr>
            {{/exclusionHistory}}
            </tbody>
          </table>
          {{/hasExclusionHistory}}
          {{^hasExclusionHistory}}<p>{{labels.none}}</p>{{/hasExclusionHistory}}
        </section>

        <section class="appendix verify">
          <h2>{{labels.appendixVerify}}</h2>
          <ol class="steps"><li>{{labels.verifyStep1}}</li><li>{{labels.verifyStep2}}</li><li>{{labels.verifyStep3}}</li></ol>
          <dl class="colophon">
            <div><dt>{{labels.generatedAt}}</dt><dd>{{generatedAt}}</dd></div>
            <div><dt>{{labels.evaluationId}}</dt><dd class="mono">{{evaluationId}}</dd></div>
            <div><dt>{{labels.digest}}</dt><dd class="mono digest">{{digest}}</dd></div>
          </dl>
          <p class="note">{{labels.digestNote}}</p>
          <p class="product">{{labels.product}}</p>
        </section>
        </main>
        </body>
        </html>

        """

    /// A horizontal bar chart from `BarChart`.
    static let barChart = """
        <svg id="{{id}}" class="chart {{style}}" role="img" aria-label="{{title}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}">
        <title>{{title}}</title>
        {{#gridlines}}<line class="grid" x1="{{x}}" y1="{{top}}" x2="{{x}}" y2="{{bottom}}"/><text class="tick" x="{{x}}" y="{{textY}}" text-anchor="middle">{{text}}</text>
        {{/gridlines}}
        {{#rows}}<g class="row">{{#tracks}}<rect class="track" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/tracks}}<text class="label" x="{{labelX}}" y="{{textY}}" text-anchor="{{labelAnchor}}">{{#isTruncated}}<title>{{fullName}}</title>{{/isTruncated}}{{name}}</text>{{#bars}}<rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/bars}}<text class="value{{#isEmpty}} empty{{/isEmpty}}" x="{{valueX}}" y="{{textY}}">{{value}}</text></g>
        {{/rows}}
        {{#references}}<line class="reference" x1="{{x}}" y1="{{top}}" x2="{{x}}" y2="{{bottom}}"/><text class="reference-label" x="{{textX}}" y="{{textY}}" text-anchor="middle">{{text}}</text>
        {{/references}}
        </svg>
        """

    /// The grade bands strip from `GradeScale`.
    static let gradeScale = """
        <svg id="chart-grades" class="chart grades" role="img" aria-label="{{title}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}">
        <title>{{title}}</title>
        {{#bands}}<rect class="{{style}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{#captions}}<text class="band-label" x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>{{/captions}}
        {{/bands}}
        {{#ticks}}<text class="tick" x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>
        {{/ticks}}
        {{#intervals}}<line class="interval" x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}"/><line class="interval" x1="{{x1}}" y1="{{capTop}}" x2="{{x1}}" y2="{{capBottom}}"/><line class="interval" x1="{{x2}}" y1="{{capTop}}" x2="{{x2}}" y2="{{capBottom}}"/>
        {{/intervals}}
        {{#markers}}<circle class="marker" cx="{{x}}" cy="{{y}}" r="5"/><text class="marker-label" x="{{textX}}" y="{{textY}}" text-anchor="middle">{{text}}</text>
        {{/markers}}
        </svg>
        """

    /// A4 portrait print first; on screen the same page on a grey desk.
    static let style = """
        @page { size: A4 portrait; margin: 15mm 14mm 16mm;
          @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #5f6b7a; } }
        :root { --ink: #1c2733; --muted: #5f6b7a; --line: #d9dee5; --rule: #1f4e79; --accent: #2f6f9f;
          --soft: #eef3f8; --warn: #b34a1d; }
        * { box-sizing: border-box; }
        html { font-family: "Noto Sans CJK SC", "Noto Sans", "Helvetica Neue", Arial, "WenQuanYi Micro Hei",
          "Microsoft YaHei", sans-serif; font-size: 10pt; line-height: 1.5; color: var(--ink);
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        html:lang(zh) { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; }
        body { margin: 0; background: #e9ecf0; }
        .sheet { max-width: 210mm; margin: 8mm auto; padding: 14mm 14mm 12mm; background: #fff;
          box-shadow: 0 1px 6px rgba(20, 30, 45, .18); }
        @media print {
          body { background: #fff; }
          .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
        }
        h1 { font-size: 17pt; line-height: 1.3; margin: 1mm 0 4mm; color: var(--rule); }
        h2 { font-size: 12.5pt; margin: 8mm 0 3mm; padding-bottom: 1.2mm; border-bottom: 1.5pt solid var(--rule);
          color: var(--rule); break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 10.5pt; margin: 4mm 0 2mm; break-after: avoid; page-break-after: avoid; }
        p { margin: 1.5mm 0; }
        .kicker { margin: 0; font-size: 8.5pt; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
        .muted { color: var(--muted); font-weight: normal; }
        .mono { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8pt; }
        td.mono { white-space: nowrap; }
        .note { font-size: 8.5pt; color: var(--muted); }
        .notice { padding: 2mm 3mm; background: #fdf3e7; border-left: 3px solid var(--warn); font-size: 9pt; }
        .masthead { border-bottom: 3pt solid var(--rule); padding-bottom: 3mm; }
        dl { margin: 0; }
        .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 8mm; }
        .facts div, .pairs div, .colophon dl div { display: flex; gap: 3mm; }
        .facts dt, .pairs dt, .colophon dt { flex: 0 0 auto; min-width: 20mm; color: var(--muted); }
        dd { margin: 0; }
        section, figure { margin: 0; }
        .summary { display: grid; grid-template-columns: 62mm 1fr; gap: 6mm; break-inside: avoid; page-break-inside: avoid; }
        .score-card { background: var(--soft); border-top: 3pt solid var(--rule); padding: 4mm 5mm; }
        .caption { font-size: 9pt; color: var(--muted); }
        .big { font-size: 38pt; font-weight: 700; line-height: 1.1; color: var(--rule); font-variant-numeric: tabular-nums; }
        .grade { margin: 1mm 0 3mm; }
        .badge { display: inline-block; padding: .3mm 3mm; border-radius: 2mm; background: var(--rule); color: #fff;
          font-weight: 600; }
        .pairs dt { min-width: 0; flex: 1; }
        .counts h3 { margin-top: 0; }
        .chart-box { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-size: 9pt; font-weight: 600; color: var(--muted); margin-bottom: 1mm; }
        table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 2mm 0; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--ink); padding: 1mm 2mm; }
        td { border-bottom: 1px solid var(--line); padding: 1mm 2mm; vertical-align: top; }
        .compact th { color: var(--ink); font-weight: normal; border-bottom: 1px solid var(--line); }
        .compact tr.sub th { padding-left: 7mm; color: var(--muted); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .strong { font-weight: 700; }
        td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; }
        .question { border-top: 1px solid var(--line); padding: 2.5mm 0 1mm; break-inside: avoid; page-break-inside: avoid; }
        .q-head { font-weight: 600; }
        .q-kind { font-weight: normal; font-size: 8.5pt; color: var(--muted); white-space: nowrap; }
        .q-stats { width: auto; margin: 1mm 0 1.5mm; font-size: 8.5pt; }
        .q-stats th, .q-stats td { border: none; padding: 0 4mm 0 0; }
        .q-stats th { font-weight: normal; }
        .comment-list { font-size: 8.5pt; }
        .comment-list th.num, .comment-list td.num { width: 9mm; }
        .comment-list .v-col { width: 44mm; }
        .rank { width: 14mm; }
        svg.chart { display: block; width: 100%; height: auto; max-width: 100%; overflow: visible; }
        svg text { fill: var(--ink); font-size: 11.5px; }
        svg .tick { fill: var(--muted); font-size: 10px; }
        svg .grid { stroke: #e2e6eb; stroke-width: 1; }
        svg .bar { fill: var(--accent); }
        svg .track { fill: #f0f2f5; }
        svg .value { font-size: 11px; font-weight: 600; font-variant-numeric: tabular-nums; }
        svg .value.empty { fill: var(--muted); font-weight: normal; }
        svg.dist text { font-size: 10.5px; }
        svg.dist .value { font-weight: normal; fill: var(--muted); }
        svg.dist .bar { fill: #6b9bc3; }
        svg .reference { stroke: var(--warn); stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg .reference-label { fill: var(--warn); font-size: 10.5px; }
        svg .band0 { fill: #cfe6d6; } svg .band1 { fill: #e2efcf; } svg .band2 { fill: #f7ebc5; }
        svg .band3 { fill: #f6d9c3; } svg .band4 { fill: #f1c6bf; }
        svg .band-label { font-size: 11px; fill: #3a4654; }
        svg .interval { stroke: var(--ink); stroke-width: 2; }
        svg .marker { fill: #fff; stroke: var(--ink); stroke-width: 2.5; }
        svg .marker-label { font-size: 12px; font-weight: 700; }
        .colophon { margin-top: 10mm; padding-top: 3mm; border-top: 1.5pt solid var(--rule); font-size: 8.5pt;
          break-inside: avoid; page-break-inside: avoid; }
        .colophon dt { min-width: 40mm; }
        .digest { overflow-wrap: anywhere; }
        .cover { min-height: 250mm; display: flex; flex-direction: column; justify-content: center;
          break-after: page; page-break-after: always; }
        .cover-title { font-size: 22pt; font-weight: 700; color: var(--rule); margin: 4mm 0 2mm; letter-spacing: .04em; }
        .cover h1 { font-size: 15pt; color: var(--ink); margin-bottom: 10mm; }
        .cover-facts { font-size: 11pt; width: 100%; margin-bottom: 10mm; }
        .cover-facts th { width: 35mm; color: var(--muted); font-weight: normal; border-bottom: 1px solid var(--line); padding: 2.5mm 2mm; }
        .cover-facts td { padding: 2.5mm 2mm; }
        .cover-small { font-size: 8.5pt; }
        .draft-mark { display: inline-block; align-self: flex-start; padding: 1mm 4mm; border: 1.5pt solid var(--warn);
          color: var(--warn); font-weight: 700; }
        .summary-page { break-after: page; page-break-after: always; }
        .summary-page h2 { margin-top: 0; }
        .summary-score { display: grid; grid-template-columns: 1fr 1fr 1.4fr; gap: 6mm; background: var(--soft);
          border-top: 3pt solid var(--rule); padding: 4mm 5mm; margin-bottom: 3mm; }
        .grade-big, .ci-big { font-size: 18pt; font-weight: 700; color: var(--rule); line-height: 1.6; }
        .key-findings { padding-left: 5mm; margin: 1mm 0; font-size: 9.5pt; line-height: 1.45; }
        .key-findings li { margin: .8mm 0; }
        .key-findings li.attention { color: #7a2e0e; }
        .key-findings .mark { display: inline-block; width: 4mm; margin-left: -4.5mm; font-weight: 700; color: var(--warn); }
        .opinion { border-left: 3px solid var(--rule); padding: 1mm 4mm; }
        .opinion-by { color: var(--muted); font-size: 9pt; text-align: right; }
        .draft-notice { color: var(--warn); font-weight: 600; }
        td.low-rate { color: var(--warn); font-weight: 600; }
        tr.broken td { color: var(--warn); }
        .facts-score strong { font-size: 1.2em; }
        .signature { break-inside: avoid; page-break-inside: avoid; }
        .sign-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm 12mm; margin-top: 4mm; }
        .seal-space { height: 38mm; width: 38mm; border: 1px dashed var(--line); border-radius: 50%; }
        .sign-space { height: 18mm; }
        .sign-line { border-top: 1px solid var(--ink); padding-top: 1mm; font-size: 9pt; color: var(--muted); }
        .sign-name { font-weight: 600; }
        .appendix { break-before: page; page-break-before: always; }
        .steps li { margin: 1.5mm 0; }
        .verify .colophon { margin-top: 4mm; display: block; border: 0; }
        .verify .colophon div { display: flex; gap: 3mm; }
        .product { margin-top: 2mm; font-weight: 700; color: var(--rule); letter-spacing: .04em; }
        @media screen and (max-width: 640px) {
          .sheet { margin: 0; padding: 5mm 4mm; box-shadow: none; }
          .facts, .summary, .columns { grid-template-columns: minmax(0, 1fr); }
          .facts div, .pairs div, .colophon dl div { flex-wrap: wrap; }
          .colophon dt { min-width: 0; }
          table { display: block; max-width: 100%; overflow-x: auto; }
          th, td { white-space: nowrap; }
          td.text { white-space: pre-wrap; min-width: 55vw; }
          .comment-list .v-col { width: auto; }
        }
        """
}
