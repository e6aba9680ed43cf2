"""Display words: labels of the contract's enum values (one table per enum), dates, report references, lists."""

from __future__ import annotations

import re
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
from generator.site.dates import in_words

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


THEME_GROUP_PHRASES: dict[str, str] = {
    "child": "about the child",
    "family": "about the family",
    "practice": "about how practitioners work",
    "system": "about how the system works",
}
"""A theme's group as words for a sentence: "A theme about the child."."""


def human_date(value: str) -> str:
    """A contract date as people write it, as precise as it was given: "16 March 2013", "March 2013", "2013"."""
    return in_words(value)


_PARAGRAPH_NUMBER = re.compile(r"\d+(\.\d+)*")


def report_ref(ref: str) -> str:
    """Where in the report an item comes from, as the report numbers it.

    A bare number is a paragraph ("paragraph 4.2"); anything else names its own
    place ("Appendix 1, 6.4", "Individual agency recommendations, Children's Social Care")
    and is shown as written.
    """
    ref = ref.strip()
    return f"paragraph {ref}" if _PARAGRAPH_NUMBER.fullmatch(ref) else ref


def and_list(items: list[str]) -> str:
    """Words joined as a sentence joins them: "a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
