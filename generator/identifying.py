"""The rules of the anonymity gate: where one piece of text could identify a person.

`find_hits` scans one text for UK postcodes, phone numbers, e-mail addresses,
NHS numbers, dates of birth, exact ages given with a date, named schools and
nurseries, people named with a title ("Mrs Smith") and first names. It knows
nothing of files or reviews; `anonymity.py` runs it over every public text.

First names come from Faker's lists for England and Wales (ONS), Ireland, New
Zealand and the United States (1,364 common names), and from its longer 1990
US census list those names that are not also English words (Webster's 2nd
edition, from the `english-words` package), which adds Moira, Alfie, Muhammad
and Aisha without adding Council, Infant or Royal. A capitalised name is not
reported when it is one of the 1,000 commonest English words (Faker's English
word list: Will, May, Hope), a month, two letters long (Ed, Jo: too like
initials), a word of the review's pseudonym, a saint's name (St George's), or
the start of an organisation's name (Leigh PCT, Victoria Hospital). At the
start of a sentence, where a capital says nothing, a name that is also an
English word (Frank, Grace, Mark) is reported only when the same name is used
as a name elsewhere in the review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

# Months and their short forms, in English: `calendar.month_name` follows the machine's locale.
MONTHS = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October"}
    | {"November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_FULL_DATE = (
    rf"(?<![\w/.-])(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{1,2}}[.-]\d{{1,2}}[.-]{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}})(?![\w/])"
)
_MONTH_YEAR = rf"{_MONTH}\s+{_YEAR}\b"
_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:years?|months?|weeks?|days?)"

AGE = re.compile(
    rf"\b(?:aged\s+{_NUMBER}(?:\s+{_UNIT})?|{_NUMBER}(?:\s+|-){_UNIT}(?:\s+|-)old|age\s+(?:of\s+)?{_NUMBER})\b",
    re.IGNORECASE,
)
SEPARATOR = "\x00\n\n"
"""Joins the fields of a review into one text to scan: YAML allows no NUL, no rule matches across it (`\\s` would:
Python counts \\x1c-\\x1f as white space), and it starts a sentence."""
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\x00")
DOB_LABEL = re.compile(r"(?<![\w.])D\.?[Oo]\.?B\b\.?")
_BORN = (
    rf"\b[Bb]orn\s+(?:on\s+)?(?:the\s+)?(?:{_FULL_DATE}|in\s+{_MONTH_YEAR})"
    rf"|\b[Dd]ate of birth\b[\s:,-]*(?:(?:is|was)\s+)?(?:{_FULL_DATE}|{_MONTH_YEAR})"
)
_POSTCODE = r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[0-9A-HJKPSTUW]?\s?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
_PHONE = r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
_NHS_NUMBER = r"(?<![\d-])(?P<nhs1>\d{3})(?P<sep>[ -]?)(?P<nhs2>\d{3})(?P=sep)(?P<nhs3>\d{4})(?![\d-])"
# One pattern for the rules that need a digit: one pass over each stretch of text, not five.
NUMBERS = re.compile(
    r"(?=[0-9A-Z+(bd])"  # what every rule starts with: one quick test turns most positions away
    rf"(?:(?P<born>{_BORN})|(?P<date>{_FULL_DATE})|(?P<postcode>{_POSTCODE})|(?P<phone>{_PHONE})|(?P<nhs>{_NHS_NUMBER}))"
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d-])")
TITLED_NAME = re.compile(r"(?<!\w)(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+([A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?)")
_SAINT = r"(?:(?:St\.?|Saint)\s+)"
SCHOOL = re.compile(
    rf"(?=[A-Z])(?<![\w'\u2019])({_SAINT}?[A-Z][\w'\u2019-]*(?:\s+(?:(?:of|the|upon|on)\s+)?{_SAINT}?[A-Z][\w'\u2019-]*){{0,5}})"
    r"\s+(School|Academy|Nursery|College|Pre-?[Ss]chool|Playgroup|Kindergarten|Children['\u2019]s\s+Centre)\b"
)
_SCHOOL_WORDS = ("School", "Academy", "Nursery", "College", "Playgroup", "Kindergarten", "Centre")
# Words that say what kind of school, not which one.
SCHOOL_KINDS = frozenset(
    {"st", "saint", "the", "a", "primary", "secondary", "infant", "infants", "junior", "juniors", "high", "middle"}
    | {"grammar", "community", "special", "catholic", "church", "c", "e", "rc", "cofe", "nursery", "academy", "day"}
    | {"free", "independent", "village", "pre", "sixth", "form", "upper", "lower", "first"}
)
# A capitalised run ending in one of these names an organisation, not a person.
ORGANISATION_WORDS = frozenset(
    {"Hospital", "Hospitals", "Infirmary", "Trust", "Council", "Police", "Constabulary", "Board", "Partnership"}
    | {"Service", "Services", "Centre", "Surgery", "Practice", "Clinic", "Court", "Unit", "Team", "Foundation"}
    | {"Authority", "Agency", "Department", "University", "Prison"}
)
# Capitalised words and the DOB label, found in one pass; without \b it runs three times faster, and still finds
# every word the rules look for. Substring tests of two or three letters ("Mr" in text) cost more than this pass.
_TOKENS = re.compile(r"D\.?[Oo]\.?B|[A-Z][a-z]+")
_DOB_FORMS = frozenset(f"D{dot}{o}{dot2}B" for dot in ("", ".") for o in "Oo" for dot2 in ("", "."))
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"})
_FOLLOWING_RUN = re.compile(r"(?:\s+(?:of\s+|&\s+)?[A-Z][\w'\u2019-]*)+")
_RUN_WORD = re.compile(r"[A-Z][\w'\u2019-]*")
_OPENERS = " \t\"'\u201c\u2018([*_+-"
_PERSONAL_PHONE_PREFIXES = ("01", "02", "07")  # 03, 08 and 09 numbers are organisations' service lines


@dataclass(frozen=True)
class Hit:
    """One stretch of text that could identify a person."""

    start: int
    end: int
    text: str
    message: str
    name: str | None = None  # the first name, for first-name hits
    weak: bool = False  # a name at a sentence start that is also an English word: reported only with a strong hit


@dataclass(frozen=True)
class NameLists:
    names: frozenset[str]  # capitalised first names, less months and the commonest English words
    everyday: frozenset[str]  # the 1,000 commonest English words, lowercase
    english: frozenset[str]  # every lowercase word of Webster's 2nd edition


@cache
def name_lists() -> NameLists:
    """Read once, on the first scan: importing the lists costs about 0.15 s."""
    from english_words import get_english_words_set
    from faker.providers.lorem.en_US import Provider as Lorem
    from faker.providers.person.en import Provider as Census
    from faker.providers.person.en_GB import Provider as England
    from faker.providers.person.en_IE import Provider as Ireland
    from faker.providers.person.en_NZ import Provider as NewZealand
    from faker.providers.person.en_US import Provider as UnitedStates

    english = frozenset(word for word in get_english_words_set(["web2"], alpha=True) if word.islower())
    common: set[str] = set()
    for provider in (England, Ireland, NewZealand, UnitedStates):
        common.update(provider.first_names)
    census = {name for name in Census.first_names if name.lower() not in english}
    everyday = frozenset(Lorem.word_list)
    names = frozenset(
        name
        for name in common | census
        if len(name) > 2 and name not in MONTHS and name.lower() not in everyday  # Ed, Jo: too like initials
    )
    return NameLists(names=names, everyday=everyday, english=english)


def _shown(text: str) -> str:
    return " ".join(text.split())


def _hit(match: re.Match[str], message: str, start: int | None = None, end: int | None = None) -> Hit:
    start = match.start() if start is None else start
    end = match.end() if end is None else end
    text = _shown(match.string[start:end])
    return Hit(start, end, text, f'"{text}" {message}')


def _nhs_check_digit_ok(digits: str) -> bool:
    """The modulus 11 check of an NHS number: most 10-digit numbers that are not NHS numbers fail it."""
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (0 if check == 11 else check) == int(digits[9])


def _windows(text: str, anchors: Iterable[tuple[int, int]], before: int, after: int) -> list[tuple[int, int]]:
    """Stretches of `text` around each anchor (start, end, in order), merged where they meet.

    Most rules need a digit or a school word, and most text has few: the costly
    patterns run on these stretches only, not on every character of the corpus.
    """
    windows: list[tuple[int, int]] = []
    for anchor_start, anchor_end in anchors:
        start, end = max(0, anchor_start - before), min(len(text), anchor_end + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _digits(text: str) -> list[tuple[int, int]]:
    """Where the digits are: `str.find` scans many times faster than a pattern, and most text has few digits."""
    found = []
    for digit in "0123456789":
        at = text.find(digit)
        while at != -1:
            found.append((at, at + 1))
            at = text.find(digit, at + 1)
    return sorted(found)


def _numbers(text: str) -> Iterator[Hit]:
    for window in _windows(text, _digits(text), 32, 12):  # every other rule has a digit within these reaches
        for match in NUMBERS.finditer(text, *window):
            if match["born"]:
                yield _hit(match, "gives a date of birth")
            elif match["date"]:
                yield from _age_with_date(match)
            elif match["postcode"]:
                yield _hit(match, "is a postcode")
            elif match["phone"]:
                digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
                national = "0" + digits[2:] if digits.startswith("44") else digits
                if len(national) in (10, 11) and national.startswith(_PERSONAL_PHONE_PREFIXES):
                    yield _hit(match, "is a phone number")
            elif _nhs_check_digit_ok(match["nhs1"] + match["nhs2"] + match["nhs3"]):
                yield _hit(match, "is an NHS number")


def _age_with_date(date: re.Match[str]) -> Iterator[Hit]:
    """An exact age in the same sentence as a full date: together they tell the date of birth."""
    text = date.string
    for age in AGE.finditer(text, max(0, date.start() - 100), min(len(text), date.end() + 100)):
        gap = text[min(age.end(), date.end()) : max(age.start(), date.start())]
        if not _SENTENCE_END.search(gap):
            span = min(age.start(), date.start()), max(age.end(), date.end())
            yield _hit(date, "gives an exact age with a date, which tells the date of birth", *span)
            return


def _school_words(text: str) -> list[tuple[int, int]]:
    """Where a school word follows a capitalised word: found with `str.find`, like the digits."""
    found = []
    for word in _SCHOOL_WORDS:
        at = text.find(word)
        while at != -1:
            before = text[max(0, at - 40) : at].split()
            if before and before[-1][:1].isupper():
                found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return sorted(found)


def _schools(text: str, lists: NameLists) -> Iterator[Hit]:
    for window in _windows(text, _school_words(text), 100, 0):
        for match in SCHOOL.finditer(text, *window):
            following = _RUN_WORD.match(text, match.end() + 1) if text[match.end() : match.end() + 1] == " " else None
            if text.startswith(" of ", match.end()) or (following and following.group() in ORGANISATION_WORDS):
                continue  # the Royal College of Nursing, King's College Hospital: not schools
            words = [word.lower().removesuffix("'s").removesuffix("\u2019s") for word in _RUN_WORD.findall(match[1])]
            if any(word not in SCHOOL_KINDS and word not in lists.everyday for word in words):
                lead = re.match(r"(?:The|A)\s+", match[1])  # "the" starts the sentence, not the school's name
                yield _hit(match, "names a school or nursery", start=match.start() + (lead.end() if lead else 0))


def _sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 200) : position].rstrip(_OPENERS)
    if not before:
        return position < 200
    if before[-1] in ".!?:;":
        return True
    if before[-1] == "\n":
        rest = before.rstrip()
        return not rest or rest[-1] in ".!?:;" or before.endswith("\n\n")
    return False


def _starts_organisation(text: str, end: int) -> bool:
    run = _FOLLOWING_RUN.match(text, end)
    if run is None:
        return False
    return any(
        word in ORGANISATION_WORDS or (word.isupper() and len(word) > 1) for word in _RUN_WORD.findall(run.group())
    )


def _first_names(text: str, words: set[str], pseudonym: frozenset[str], lists: NameLists) -> Iterator[Hit]:
    present = (words & lists.names) - pseudonym  # in C: most texts have none
    if not present:
        return
    for match in re.finditer(rf"\b(?:{'|'.join(sorted(present))})\b", text):
        word = match.group()
        if re.search(r"(?:\bSt\.?|\bSaint)\s+$", text[max(0, match.start() - 8) : match.start()]):
            continue  # St George's, St Mary's: a saint's name in the name of a place
        if _starts_organisation(text, match.end()):
            continue
        weak = word.lower() in lists.english and _sentence_start(text, match.start())
        message = "is a first name, and not the review's pseudonym"
        yield Hit(match.start(), match.end(), word, f'"{word}" {message}', name=word, weak=weak)


def _titled_names(text: str, pseudonym: frozenset[str]) -> Iterator[Hit]:
    for match in TITLED_NAME.finditer(text):
        if match.group(1) not in pseudonym:
            yield _hit(match, "names a person")


def find_hits(text: str, pseudonym: frozenset[str]) -> list[Hit]:
    """Every stretch of `text` that could identify a person, most specific rule first.

    `text` may be several fields joined by `SEPARATOR`; `pseudonym` holds the words
    of the review's own name for the child. Cheap tests skip the rules a text cannot match.
    """
    lists = name_lists()
    words = set(_TOKENS.findall(text))
    hits: list[Hit] = []
    if "@" in text:
        hits += (_hit(match, "is an e-mail address") for match in EMAIL.finditer(text))
    if not words.isdisjoint(_DOB_FORMS):
        hits += (_hit(match, "gives a date of birth") for match in DOB_LABEL.finditer(text))
    hits += _numbers(text)
    hits += _schools(text, lists)
    if not words.isdisjoint(_TITLES):
        hits += _titled_names(text, pseudonym)
    hits += _first_names(text, words, pseudonym, lists)
    return hits
