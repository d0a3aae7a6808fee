"""Answer sets for the shipped questionnaires, shared by the API and browser suites."""

from __future__ import annotations


def teleconference_answers(level: int, suggestion: str | None = None) -> dict:
    """A complete, valid answer set for the shipped `teleconference` questionnaire.

    `level` 1…5 moves every rating and choice together (5 best), so responses of
    different levels give clearly different scores. Ratings are varied a little so that
    no response is straight-lining (every rating the same).
    """
    level = max(1, min(5, level))
    low = level - 1 if level > 1 else 2
    singles = {
        "necessity": ["unnecessary", "document", "merge", "merge", "necessary"],
        "punctuality": ["major-delay", "major-delay", "minor-delay", "minor-delay", "on-time"],
        "signal": ["lost", "repeated", "brief-glitch", "brief-glitch", "stable"],
        "venue-attendance": ["many-absent", "many-absent", "few-absent", "all", "all"],
        "worth": ["not-worth", "hardly-worth", "neutral", "mostly-worth", "well-worth"],
    }
    answers = {name: options[level - 1] for name, options in singles.items()}
    answers.update({
        "notice": level, "time-control": low, "audio": level, "video": low,
        "venue-discipline": level, "speech-brevity": low, "relevance": level,
        "task-clarity": level, "follow-up": "na",
    })
    if suggestion:
        answers["suggestion"] = suggestion
    return answers
