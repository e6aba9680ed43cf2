"""Display labels for the contract's enum values, one table per enum."""

from __future__ import annotations

from typing import Any

from generator.model import (
    AgeGroup,
    DocumentKind,
    Harm,
    Nation,
    Outcome,
    RecommendationLevel,
    RecommendationStatus,
    ReviewType,
    ThemeGroup,
)

ENUM_LABELS: dict[Any, dict[str, str]] = {
    ReviewType: {
        "serious-case-review": "Serious case review",
        "local-child-safeguarding-practice-review": "Local child safeguarding practice review",
        "child-practice-review": "Child practice review (Wales)",
        "national-review": "National review",
        "safeguarding-adults-review": "Safeguarding adults review",
        "learning-review": "Learning review",
        "other": "Other review",
    },
    DocumentKind: {
        "executive-summary": "Executive summary",
        "overview-report": "Overview report",
        "findings-report": "Findings report",
        "learning-briefing": "Learning briefing",
    },
    Nation: {
        "england": "England",
        "wales": "Wales",
        "scotland": "Scotland",
        "northern-ireland": "Northern Ireland",
    },
    AgeGroup: {
        "unborn": "Unborn baby",
        "under-1": "Under 1 year",
        "1-4": "1 to 4 years",
        "5-10": "5 to 10 years",
        "11-15": "11 to 15 years",
        "16-17": "16 to 17 years",
        "adult": "Adult",
    },
    Harm: {
        "physical-abuse": "Physical abuse",
        "neglect": "Neglect",
        "sexual-abuse": "Sexual abuse",
        "emotional-abuse": "Emotional abuse",
        "exploitation": "Exploitation",
        "self-harm": "Self-harm",
    },
    Outcome: {"death": "Death", "serious-harm": "Serious harm"},
    RecommendationLevel: {"overview": "Overview recommendation", "agency": "Agency recommendation"},
    RecommendationStatus: {
        "not-stated": "Status not stated",
        "accepted": "Accepted",
        "in-progress": "In progress",
        "implemented": "Implemented",
    },
    ThemeGroup: {"child": "The child", "family": "The family", "practice": "Practice", "system": "The system"},
}

# Templates look a value up without naming its enum; the enums share no value (tested).
LABELS: dict[str, str] = {value: label for table in ENUM_LABELS.values() for value, label in table.items()}


def label(value: str) -> str:
    """The display label of an enum value; any other text is shown as it is."""
    return LABELS.get(value, value)
