"""Every formula of docs/scoring.md §9–§10 against an independent computation in numpy/scipy.

A real server scores random questionnaires, evaluations and responses; this file recomputes,
from what it submitted and with its own code, each figure the server reports:

- AHP weights, λmax, CI and CR (numpy's eigen decomposition) and, for judgments with CR above
  0.10, the rejection naming the most inconsistent triple with the lines of its judgments;
- `overall.gradeConfidence` (scipy's normal distribution);
- `dimensions[].gradeStableWeight` (the overall recomputed for any weight, scipy's brentq
  for the edges);
- `venues[].comparison` and `raterGroups[].comparison`, with Holm's adjustment;
- `changeFromPrevious` in the questionnaire comparison;

each on at least 200 random cases, and on the worked examples of docs/scoring.md.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, stats

from test_distribution_and_live import AUTHORIZATION, Server as _Server

RI = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
SAATY = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]


class Server(_Server):
    """The distribution tests' server, without rate limits (thousands of submissions from
    one address), with JSON or YAML bodies."""

    def __init__(self, folder: Path, **options):
        super().__init__(folder, "--no-rate-limits", **options)

    def call(self, method: str, path: str, body=None, content_type: str = "application/json"):
        data = None if body is None else body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=AUTHORIZATION)
        request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def server(module_live_server):
    return module_live_server(cls=Server)


# ---------------------------------------------------------------- independent arithmetic


def rnd(value: float, decimals: int) -> float:
    """Half away from zero; within a relative 1e-9 of a half counts as the half (docs §4)."""
    scaled = abs(value) * 10**decimals
    floor = math.floor(scaled)
    up = scaled - floor >= 0.5 - 1e-9 * max(1.0, scaled)
    result = (floor + (1 if up else 0)) / 10**decimals
    return -result if value < 0 else result


def close(reported, expected, unit: float) -> bool:
    """Equal, or one unit of the last decimal apart (a rounding tie broken by float noise)."""
    if reported is None or expected is None:
        return reported is None and expected is None
    return abs(reported - expected) <= unit * 1.0001


def ahp(matrix: np.ndarray):
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    weights = vector / vector.sum()
    lam = float(values[k].real)
    n = len(matrix)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    cr = ci / RI[n] if n > 2 else 0.0
    return weights, lam, ci, cr


def worst_triple(matrix: np.ndarray):
    """Farthest from 1 on a log scale; of equally far triples (within float noise), the first."""
    n = len(matrix)
    triples = list(itertools.combinations(range(n), 3))
    distance = [abs(math.log(matrix[i, j] * matrix[j, k] / matrix[i, k])) for i, j, k in triples]
    return next(t for t, d in zip(triples, distance) if d >= max(distance) - 1e-12)


def holm(pvalues: list) -> list:
    present = sorted((p, i) for i, p in enumerate(pvalues) if p is not None)
    m = len(present)
    adjusted = [None] * len(pvalues)
    running = 0.0
    for rank, (p, index) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted


# ---------------------------------------------------------------- AHP


def saaty_text(value: float):
    return int(round(value)) if value >= 1 else f"1/{int(round(1 / value))}"


def random_judgments(rng: random.Random, n: int, noise: float):
    truth = [rng.uniform(0.5, 5) for _ in range(n)]
    matrix = np.ones((n, n))
    for i, j in itertools.combinations(range(n), 2):
        ratio = truth[i] / truth[j] * math.exp(rng.gauss(0, noise))
        value = min(SAATY, key=lambda s: abs(math.log(s) - math.log(ratio)))
        matrix[i, j], matrix[j, i] = value, 1 / value
    return matrix


def ahp_yaml(qid: str, n: int, matrix: np.ndarray, order: list) -> tuple[str, dict]:
    """A questionnaire with n one-question dimensions weighed by `matrix`; the judgments are
    written in `order` (pairs, possibly reversed), one per line; returns the text and the
    line of each pair."""
    lines = [f"id: {qid}", "version: 1", "locales: [en]", "title: AHP", "weighting:", "  method: ahp",
             "  comparisons:"]
    line_of = {}
    for i, j in order:
        lines.append(f"    - {{a: d{i}, b: d{j}, value: {json.dumps(saaty_text(matrix[i, j]))}}}")
        line_of[frozenset((i, j))] = len(lines)
    lines.append("dimensions:")
    for i in range(n):
        lines += [f"  - id: d{i}", f"    title: D{i}", "    questions:",
                  f"      - {{id: q{i}, type: rating, text: Q{i}, scale: {{min: 1, max: 5}}}}"]
    return "\n".join(lines) + "\n", line_of


def test_ahp_weights_and_consistency_match_numpy_on_random_judgments(server):
    rng = random.Random(20261205)
    accepted = rejected = 0
    for case in range(320):
        n = rng.randint(2, 9)
        matrix = random_judgments(rng, n, noise=rng.choice([0.0, 0.2, 0.5, 1.0]))
        order = [(i, j) if rng.random() < 0.7 else (j, i) for i, j in itertools.combinations(range(n), 2)]
        rng.shuffle(order)
        text, line_of = ahp_yaml(f"ahp-{case}", n, matrix, order)
        status, body = server.call("POST", "/api/questionnaires/validate", text, "application/yaml")
        weights, lam, ci, cr = ahp(matrix)
        if cr <= 0.10:
            assert status == 200, (text, body)
            accepted += 1
            definition = body["definition"]
            derived = [d["weight"] for d in definition["dimensions"]]
            assert all(close(w, rnd(e, 6), 1e-6) for w, e in zip(derived, weights)), (derived, weights)
            assert close(definition["ahp"]["lambdaMax"], rnd(lam, 6), 1e-6)
            assert close(definition["ahp"]["ci"], rnd(ci, 6), 1e-6)
            assert close(definition["ahp"]["cr"], rnd(cr, 6), 1e-6)
            assert definition["weighting"]["method"] == "ahp"
            assert len(definition["weighting"]["comparisons"]) == n * (n - 1) // 2
        else:
            assert status == 422, (text, body)
            rejected += 1
            issues = [i for i in body["error"]["issues"] if "inconsistent" in i["message"]]
            assert len(issues) == 1, body
            issue = issues[0]
            i, j, k = worst_triple(matrix)
            assert f"CR = {cr:.3f} is above 0.10" in issue["message"], (issue, cr)
            assert f"most inconsistent triple is d{i}, d{j}, d{k} " in issue["message"], (issue, (i, j, k))
            lines = sorted(line_of[frozenset(p)] for p in [(i, j), (j, k), (i, k)])
            assert issue["line"] == lines[0]
            assert f"lines {', '.join(map(str, [line_of[frozenset((i, j))], line_of[frozenset((j, k))], line_of[frozenset((i, k))]]))})" in issue["message"]
    assert accepted >= 200 and rejected >= 50, (accepted, rejected)


def test_question_weighting_matches_numpy(server):
    rng = random.Random(7)
    checked = 0
    for case in range(60):
        n = rng.randint(2, 6)
        matrix = random_judgments(rng, n, noise=0.1)
        weights, lam, ci, cr = ahp(matrix)
        if cr > 0.10:
            continue
        questions = [{"id": f"q{i}", "type": "rating", "text": f"Q{i}", "scale": {"min": 1, "max": 5}} for i in range(n)]
        comparisons = [{"a": f"q{i}", "b": f"q{j}", "value": saaty_text(matrix[i, j])}
                       for i, j in itertools.combinations(range(n), 2)]
        definition = {"id": f"qw-{case}", "version": 1, "locales": ["en"], "title": "QW", "dimensions": [
            {"id": "only", "title": "Only", "weight": 1, "questions": questions,
             "questionWeighting": {"method": "ahp", "comparisons": comparisons}}]}
        status, body = server.call("POST", "/api/questionnaires/validate", definition)
        assert status == 200, body
        dimension = body["definition"]["dimensions"][0]
        assert all(close(q["weight"], rnd(w, 6), 1e-6) for q, w in zip(dimension["questions"], weights))
        assert close(dimension["ahp"]["cr"], rnd(cr, 6), 1e-6)
        checked += 1
    assert checked >= 40


def test_missing_repeated_unknown_pairs_and_bad_values_are_errors_with_lines(server):
    text = (
        "id: ahp-broken\nversion: 1\nlocales: [en]\ntitle: AHP\n"
        "weighting:\n  method: ahp\n  comparisons:\n"
        "    - {a: a, b: b, value: 3}\n"      # line 8
        "    - {a: b, b: a, value: 2}\n"      # line 9: a–b again
        "    - {a: a, b: nope, value: 2}\n"   # line 10: unknown id
        "dimensions:\n"
        "  - {id: a, title: A, questions: [{id: qa, type: rating, text: QA, scale: {min: 1, max: 5}}]}\n"
        "  - {id: b, title: B, questions: [{id: qb, type: rating, text: QB, scale: {min: 1, max: 5}}]}\n"
        "  - {id: c, title: C, questions: [{id: qc, type: rating, text: QC, scale: {min: 1, max: 5}}]}\n"
    )
    status, body = server.call("POST", "/api/questionnaires/validate", text, "application/yaml")
    assert status == 422
    issues = {(i["path"], i.get("line")): i["message"] for i in body["error"]["issues"]}
    assert "judged twice" in issues[("weighting.comparisons[1]", 9)]
    assert "'nope' is not one of the dimensions" in issues[("weighting.comparisons[2].b", 10)]
    assert "missing judgments for a–c, b–c" in issues[("weighting.comparisons", 8)]
    bad = text.replace("value: 2}\n    - {a: a, b: nope", "value: 10}\n    - {a: a, b: nope")
    status, body = server.call("POST", "/api/questionnaires/validate", bad, "application/yaml")
    assert any(i["path"] == "weighting.comparisons[1].value" and i["line"] == 9 and "Saaty" in i["message"]
               for i in body["error"]["issues"]), body
    weighted = text.replace("  - {id: a, title: A,", "  - {id: a, title: A, weight: 3,")
    weighted = weighted.replace("    - {a: b, b: a, value: 2}\n    - {a: a, b: nope, value: 2}\n",
                                "    - {a: a, b: c, value: 2}\n    - {a: b, b: c, value: 1}\n")
    status, body = server.call("POST", "/api/questionnaires/validate", weighted, "application/yaml")
    assert status == 422
    assert any(i["path"] == "dimensions[0].weight" and "give no weight" in i["message"]
               for i in body["error"]["issues"]), body
    # Nothing was stored by any of these.
    assert server.call("GET", "/api/questionnaires/ahp-broken")[0] == 404


def test_the_worked_ahp_example_and_the_shipped_variant(server):
    # docs/scoring.md §10: preparation 3× conduct, preparation ½× results, conduct ⅕× results.
    matrix = np.array([[1, 3, 1 / 2], [1 / 3, 1, 1 / 5], [2, 5, 1]])
    weights, lam, ci, cr = ahp(matrix)
    assert [rnd(w, 6) for w in weights] == [0.308996, 0.109452, 0.581552]
    assert (rnd(lam, 6), rnd(ci, 6), rnd(cr, 6)) == (3.003695, 0.001847, 0.003185)
    text, _ = ahp_yaml("worked-ahp", 3, matrix, [(0, 1), (0, 2), (1, 2)])
    status, body = server.call("POST", "/api/questionnaires/validate", text, "application/yaml")
    assert status == 200
    assert [d["weight"] for d in body["definition"]["dimensions"]] == [0.308996, 0.109452, 0.581552]
    assert body["definition"]["ahp"] == {"lambdaMax": 3.003695, "ci": 0.001847, "cr": 0.003185}
    # The inconsistent variant of the same example: results 1/2 → 5 against preparation.
    status, body = server.call("POST", "/api/questionnaires/validate",
                               text.replace('value: "1/2"', "value: 5"), "application/yaml")
    assert status == 422
    message = next(i["message"] for i in body["error"]["issues"] if "inconsistent" in i["message"])
    inconsistent = np.array([[1, 3, 5], [1 / 3, 1, 1 / 5], [1 / 5, 5, 1]])
    assert f"CR = {ahp(inconsistent)[3]:.3f}" in message and "d0, d1, d2" in message
    # The shipped AHP questionnaire, as stored by the server at start.
    status, stored = server.call("GET", "/api/questionnaires/plenary-session-ahp")
    assert status == 200
    definition = stored["definition"] if "definition" in stored else stored
    order = [d["id"] for d in definition["dimensions"] if "weight" in d]
    matrix = np.ones((len(order), len(order)))
    for c in definition["weighting"]["comparisons"]:
        value = c["value"] if isinstance(c["value"], int) else 1 / int(c["value"].split("/")[1])
        i, j = order.index(c["a"]), order.index(c["b"])
        matrix[i, j], matrix[j, i] = value, 1 / value
    weights, lam, ci, cr = ahp(matrix)
    assert [d["weight"] for d in definition["dimensions"] if "weight" in d] == [rnd(w, 6) for w in weights]
    assert definition["ahp"] == {"lambdaMax": rnd(lam, 6), "ci": rnd(ci, 6), "cr": rnd(cr, 6)}


# ---------------------------------------------------------------- the scorecard figures


class Case:
    """A random questionnaire with three evaluations of it and the responses sent."""

    def __init__(self, rng: random.Random, index: int):
        self.id = f"inference-{index}"
        self.dimensions = []
        for d in range(rng.randint(2, 4)):
            questions = [(f"d{d}q{q}", rng.randint(1, 3), rng.random() < 0.3) for q in range(rng.randint(1, 3))]
            self.dimensions.append((f"d{d}", rng.randint(1, 6), questions))
        top = rng.uniform(70, 95)
        self.bands = [round(top, 1), round(rng.uniform(45, top - 5), 1), 0]
        self.evaluations = []
        for e in range(3):
            venues = [f"v{v}" for v in range(rng.randint(2, 4))]
            groups = [(f"g{g}", rng.randint(1, 5)) for g in range(rng.randint(1, 3))]
            level = {v: rng.uniform(1.5, 4.5) for v in venues}
            responses = []
            for _ in range(rng.randint(14, 34)):
                venue = rng.choice(venues)
                group = rng.choice(groups)[0]
                answers = {}
                for _, _, questions in self.dimensions:
                    for qid, _, na in questions:
                        if na and rng.random() < 0.15:
                            answers[qid] = "na"
                        else:
                            answers[qid] = max(1, min(5, round(rng.gauss(level[venue], 1.0))))
                responses.append((venue, group, answers))
            self.evaluations.append({"date": f"2026-0{e + 1}-1{rng.randint(0, 9)}", "venues": venues,
                                     "groups": groups, "responses": responses})

    def definition(self) -> dict:
        return {
            "id": self.id, "version": 1, "locales": ["en"], "title": self.id,
            "grades": [{"min": m, "label": f"band {m}"} for m in self.bands],
            "dimensions": [
                {"id": did, "title": did, "weight": weight, "questions": [
                    {"id": qid, "type": "rating", "text": qid, "weight": qweight, "allowNotApplicable": na,
                     "scale": {"min": 1, "max": 5}} for qid, qweight, na in questions]}
                for did, weight, questions in self.dimensions],
        }

    # The scoring method of docs/scoring.md §1–§5, written again from the document.

    def dimension_scores(self, scores: dict) -> list:
        """D(d) from per-question scores (None when the question has none)."""
        result = []
        for _, _, questions in self.dimensions:
            parts = [(w, scores[q]) for q, w, _ in questions if scores.get(q) is not None]
            total = sum(w for w, _ in parts)
            result.append(sum(w * s for w, s in parts) / total if total > 0 else None)
        return result

    def combine(self, dims: list, weights: list):
        parts = [(w, d) for w, d in zip(weights, dims) if d is not None and w > 0]
        total = sum(w for w, _ in parts)
        return sum(w * d for w, d in parts) / total if total > 0 else None

    def dim_weights(self) -> list:
        total = sum(w for _, w, _ in self.dimensions)
        return [w / total for _, w, _ in self.dimensions]

    @staticmethod
    def score(value):
        return None if value == "na" else 100 * (value - 1) / 4

    def group_dimensions(self, responses: list) -> list:
        questions = [q for _, _, qs in self.dimensions for q, _, _ in qs]
        means = {}
        for q in questions:
            values = [self.score(a[q]) for _, _, a in responses if self.score(a[q]) is not None]
            means[q] = float(np.mean(values)) if values else None
        return self.dimension_scores(means)

    def estimate(self, evaluation: dict, responses: list, weights: list | None = None):
        """(O, se, per-group D) of some responses: §2 steps 1–5 and the §5 interval."""
        weights = weights or self.dim_weights()
        groups = dict(evaluation["groups"])
        present = []
        for g in groups:
            members = [r for r in responses if r[1] == g]
            if not members:
                continue
            dims = self.group_dimensions(members)
            overall = self.combine(dims, weights)
            if overall is None:
                continue
            composites = [self.combine(self.dimension_scores({q: self.score(v) for q, v in a.items()}),
                                       self.dim_weights()) for _, _, a in members]
            composites = [c for c in composites if c is not None]
            present.append((g, groups[g], dims, overall, composites))
        if not present:
            return None
        total = sum(w for _, w, _, _, _ in present)
        score = sum(w * o for _, w, _, o, _ in present) / total
        variance = 0.0
        for _, w, _, _, composites in present:
            if len(composites) < 2:
                return score, None, present
            variance += (w / total) ** 2 * np.var(composites, ddof=1) / len(composites)
        return score, math.sqrt(variance), present


def band_index(bands: list, rounded: float) -> int:
    return next(i for i, m in enumerate(bands) if m <= rounded)


def comparison(own, rest):
    if own is None or rest is None or own[1] is None or rest[1] is None:
        return None
    difference = own[0] - rest[0]
    se = math.hypot(own[1], rest[1])
    return difference, se, 2 * stats.norm.sf(abs(difference) / se)


def check_comparisons(reported: list, expected: list, tally: dict) -> None:
    adjusted = holm([e[2] if e else None for e in expected])
    for block, e, p_adj in zip(reported, expected, adjusted):
        if e is None:
            assert block == {"difference": None, "ci95": None, "p": None, "pAdjusted": None, "flag": None}, block
            continue
        difference, se, p = e
        assert close(block["difference"], rnd(difference, 2), 0.01), (block, e)
        assert close(block["ci95"][0], rnd(difference - 1.96 * se, 2), 0.01), (block, e)
        assert close(block["ci95"][1], rnd(difference + 1.96 * se, 2), 0.01), (block, e)
        assert close(block["p"], rnd(p, 4), 1e-4), (block, p)
        assert close(block["pAdjusted"], rnd(p_adj, 4), 1e-4), (block, p_adj)
        flag = ("below" if difference < 0 else "above") if rnd(p_adj, 4) < 0.05 else "none"
        if abs(rnd(p_adj, 4) - 0.05) > 2e-4:
            assert block["flag"] == flag, (block, p_adj)
        tally["compared"] += 1
        tally["flagged"] += flag != "none"


def stable_range(case: Case, evaluation: dict, d: int, reported_band: int):
    """docs/scoring.md §9 from the definition: the overall for every weight t of dimension d
    on a grid of 20 001 points (numpy), the grade of each, the run of t around the configured
    weight that keeps the reported grade, and its edges refined with brentq."""
    weights = case.dim_weights()
    groups = dict(evaluation["groups"])
    present = case.estimate(evaluation, evaluation["responses"])[2]
    bands = np.array(case.bands)

    def overall(t):
        t = np.asarray(t, dtype=float)
        scale = (1 - t) / (1 - weights[d])
        numerator = np.zeros_like(t)
        denominator = np.zeros_like(t)
        for g, _, dims, _, _ in present:
            own = dims[d]
            others = [(weights[e], v) for e, v in enumerate(dims) if e != d and v is not None]
            group_num = scale * sum(w * v for w, v in others) + (t * own if own is not None else 0)
            group_den = scale * sum(w for w, _ in others) + (t if own is not None else 0)
            has = group_den > 0
            numerator = numerator + np.where(has, groups[g] * group_num / np.where(has, group_den, 1), 0)
            denominator = denominator + np.where(has, groups[g], 0)
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)

    def band_of(values):
        scaled = np.abs(values) * 100
        rounded = np.sign(values) * np.floor(scaled + 0.5 + 1e-9 * np.maximum(1, scaled)) / 100
        return (bands[None, :] > rounded[:, None]).sum(axis=1)

    grid = np.union1d(np.linspace(0, 1, 20001), [weights[d]])
    values = overall(grid)
    keeps = ~np.isnan(values) & (band_of(np.nan_to_num(values)) == reported_band)
    at = int(np.searchsorted(grid, weights[d]))
    keeps[at] = True

    def edge(direction: int) -> float:
        i = at
        while 0 <= i + direction < len(grid) and keeps[i + direction]:
            i += direction
        if not 0 <= i + direction < len(grid):
            return float(grid[i])
        good, bad = float(grid[i]), float(grid[i + direction])
        value = float(overall(bad))
        if math.isnan(value):
            return good
        outside = int(band_of(np.array([value]))[0])
        bound = case.bands[reported_band] if outside > reported_band else case.bands[outside]
        return optimize.brentq(lambda x: float(overall(x)) - (bound - 0.005), good, bad, xtol=1e-13)

    return rnd(edge(-1), 4), rnd(edge(1), 4)


@pytest.fixture(scope="module")
def scored(server):
    """110 random questionnaires, each with three evaluations: scorecards and comparisons."""
    rng = random.Random(15)
    results = []
    for index in range(110):
        case = Case(rng, index)
        status, body = server.call("POST", "/api/questionnaires", case.definition())
        assert status == 201, body
        cards = []
        for evaluation in case.evaluations:
            status, created = server.call("POST", "/api/evaluations", {
                "questionnaire": {"id": case.id}, "title": f"{case.id} {evaluation['date']}",
                "meetingDate": evaluation["date"], "venues": [{"id": v, "name": v} for v in evaluation["venues"]],
                "raterGroups": [{"id": g, "name": g, "weight": w} for g, w in evaluation["groups"]]})
            assert status == 201, created
            assert server.call("POST", f"/api/evaluations/{created['id']}/open")[0] == 200
            for venue, group, answers in evaluation["responses"]:
                status, body = server.call("POST", f"/api/public/evaluations/{created['slug']}/responses", {
                    "id": str(uuid.uuid4()), "venue": venue, "raterGroup": group, "locale": "en", "answers": answers})
                assert status == 201, body
            status, card = server.call("GET", f"/api/evaluations/{created['id']}/scorecard.json")
            assert status == 200
            evaluation["id"] = created["id"]
            cards.append(card)
        status, compared = server.call("GET", f"/api/questionnaires/{case.id}/comparison")
        assert status == 200
        results.append((case, cards, compared))
    return results


def test_the_independent_scorer_agrees_with_the_reported_scores(scored):
    # The ground the other checks stand on: this file's scorer gives the server's overall.
    for case, cards, _ in scored:
        for evaluation, card in zip(case.evaluations, cards):
            score, se, _ = case.estimate(evaluation, evaluation["responses"])
            assert card["overall"]["score"] == rnd(score, 2)
            if se is None:
                assert card["overall"]["ci95"] is None
            else:
                assert close(card["overall"]["ci95"][0], rnd(score - 1.96 * se, 2), 0.01)
                assert close(card["overall"]["ci95"][1], rnd(score + 1.96 * se, 2), 0.01)


def test_grade_confidence_matches_scipy(scored):
    checked = 0
    for case, cards, _ in scored:
        for card in cards:
            overall = card["overall"]
            if overall["ci95"] is None:
                assert overall["gradeConfidence"] is None
                continue
            o = overall["score"]
            lo, hi = overall["ci95"]
            se = (hi - lo) / 3.92
            band = band_index(case.bands, o)
            lower = -math.inf if band == len(case.bands) - 1 else case.bands[band]
            upper = math.inf if band == 0 else case.bands[band - 1]
            expected = stats.norm.cdf((upper - o) / se) - stats.norm.cdf((lower - o) / se)
            assert close(overall["gradeConfidence"], rnd(expected, 4), 1e-4), (overall, expected)
            assert overall["grade"] == f"band {case.bands[band]:g}" or overall["grade"] == f"band {case.bands[band]}"
            checked += 1
    assert checked >= 200, checked


def test_grade_stable_weight_matches_a_recomputation(scored):
    checked = exact = 0
    for case, cards, _ in scored:
        for evaluation, card in zip(case.evaluations, cards):
            reported_band = band_index(case.bands, card["overall"]["score"])
            for d, dimension in enumerate(card["dimensions"]):
                low, high = stable_range(case, evaluation, d, reported_band)
                got = dimension["gradeStableWeight"]
                assert got is not None
                assert got["low"] <= dimension["weight"] + 1e-4 <= got["high"] + 2e-4
                assert close(got["low"], low, 1e-4) and close(got["high"], high, 1e-4), (got, low, high, case.id)
                exact += got == {"low": low, "high": high}
                checked += 1
    assert checked >= 200 and exact >= 0.95 * checked, (checked, exact)


def test_venue_and_rater_group_comparisons_match_an_independent_computation(scored):
    venues = {"compared": 0, "flagged": 0}
    groups = {"compared": 0, "flagged": 0}
    for case, cards, _ in scored:
        for evaluation, card in zip(case.evaluations, cards):
            responses = evaluation["responses"]
            expected = []
            for venue in evaluation["venues"]:
                own = case.estimate(evaluation, [r for r in responses if r[0] == venue])
                rest = case.estimate(evaluation, [r for r in responses if r[0] != venue])
                expected.append(comparison(own, rest))
            check_comparisons([v["comparison"] for v in card["venues"]], expected, venues)
            expected = []
            for group, _ in evaluation["groups"]:
                own = case.estimate(evaluation, [r for r in responses if r[1] == group])
                rest = case.estimate(evaluation, [r for r in responses if r[1] != group])
                expected.append(comparison(own, rest))
            check_comparisons([g["comparison"] for g in card["raterGroups"]], expected, groups)
    assert venues["compared"] >= 200 and groups["compared"] >= 200, (venues, groups)
    assert venues["flagged"] >= 10, venues


def test_change_from_previous_matches_scipy(scored):
    checked = 0
    for _, cards, compared in scored:
        rows = compared["evaluations"]
        assert [r["meetingDate"] for r in rows] == sorted(r["meetingDate"] for r in rows)
        assert "changeFromPrevious" not in rows[0]
        for previous, row in zip(rows, rows[1:]):
            change = row["changeFromPrevious"]
            if row["ci95"] is None or previous["ci95"] is None:
                assert change == {"difference": None, "ci95": None, "p": None, "significant": None}
                continue
            se = math.hypot((row["ci95"][1] - row["ci95"][0]) / 3.92, (previous["ci95"][1] - previous["ci95"][0]) / 3.92)
            difference = row["overall"] - previous["overall"]
            p = 2 * stats.norm.sf(abs(difference) / se)
            assert close(change["difference"], rnd(difference, 2), 0.01)
            assert close(change["ci95"][0], rnd(difference - 1.96 * se, 2), 0.01)
            assert close(change["ci95"][1], rnd(difference + 1.96 * se, 2), 0.01)
            assert close(change["p"], rnd(p, 4), 1e-4)
            assert change["significant"] == (change["p"] < 0.05)
            checked += 1
        by_id = {card["evaluation"]["id"]: card for card in cards}
        for row in rows:
            assert row["ci95"] == by_id[row["id"]]["overall"]["ci95"]
    assert checked >= 200, checked


# ---------------------------------------------------------------- the worked example of §9


def _doc_block(text: str, heading: str, language: str) -> str:
    start = text.index(heading)
    fence = text.index(f"```{language}\n", start) + len(language) + 4
    return text[fence:text.index("```", fence)]


def test_the_worked_example_of_section_9(server):
    """The example of docs/scoring.md, built from the document's own questionnaire, evaluation
    and table of responses: the server's figures are those printed there, and scipy agrees."""
    import datetime

    text = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    questionnaire = _doc_block(text, "### The questionnaire", "yaml").replace("id: worked-example", "id: worked-example-9")
    status, body = server.call("POST", "/api/questionnaires", questionnaire, "application/yaml")
    assert status == 201, body
    import yaml as pyyaml
    evaluation = pyyaml.safe_load(_doc_block(text, "### The evaluation", "yaml"))
    status, created = server.call("POST", "/api/evaluations", {
        **evaluation, "questionnaire": {"id": "worked-example-9"}, "title": "全省安全生产电视电话会议",
        "meetingDate": "2026-11-20"})
    assert status == 201, created
    assert server.call("POST", f"/api/evaluations/{created['id']}/open")[0] == 200
    table = text[text.index("### The responses"):text.index("### Screening of the example")]
    for line in table.splitlines():
        if not re.match(r"\| r\d+ \|", line):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        _, venue, group, seconds, notice, materials, punctual, focus, worth, suggestion = cells
        answers = {"notice": int(notice), "materials": materials, "punctual": int(punctual), "focus": int(focus),
                   "worth": int(worth)}
        if suggestion:
            answers["suggestion"] = suggestion
        started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=int(seconds))
        status, body = server.call("POST", f"/api/public/evaluations/{created['slug']}/responses", {
            "id": str(uuid.uuid4()), "venue": venue, "raterGroup": group, "locale": "zh", "answers": answers,
            "startedAt": started.isoformat(timespec="milliseconds").replace("+00:00", "Z")})
        assert status == 201, body
    status, card = server.call("GET", f"/api/evaluations/{created['id']}/scorecard.json")
    assert status == 200
    printed = json.loads(_doc_block(text, "### The scorecard", "json"))
    for key in ("overall", "dimensions", "raterGroups", "venues"):
        assert card[key] == printed[key], key

    # scipy, from the example's composites (the table "Composites and the confidence interval").
    leaders, main_attendees, hefei = [96.25, 68.25], [83.75, 61.25], [27.5, 80.75, 91.25]
    se = lambda values: math.sqrt(np.var(values, ddof=1) / len(values))  # noqa: E731
    o, (lo, hi) = card["overall"]["score"], card["overall"]["ci95"]
    confidence = stats.norm.cdf((80 - o) / ((hi - lo) / 3.92)) - stats.norm.cdf((60 - o) / ((hi - lo) / 3.92))
    assert card["overall"]["gradeConfidence"] == rnd(confidence, 4) == 0.6787
    se_main = math.sqrt(0.4**2 * se(leaders) ** 2 + 0.6**2 * se(main_attendees) ** 2)
    main = comparison((79.4, se_main), (66.5, se(hefei)))
    check_comparisons([v["comparison"] for v in card["venues"]],
                      [main, comparison((66.5, se(hefei)), (79.4, se_main))], {"compared": 0, "flagged": 0})
    attendees = leaders_rest = se(main_attendees + hefei)
    check_comparisons([g["comparison"] for g in card["raterGroups"]],
                      [comparison((82.25, se(leaders)), (69.5, leaders_rest)),
                       comparison((69.5, attendees), (82.25, se(leaders)))], {"compared": 0, "flagged": 0})
    assert [d["gradeStableWeight"] for d in card["dimensions"]] == [{"low": 0, "high": 1}, {"low": 0, "high": 1}]
