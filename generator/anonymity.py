"""The anonymity gate: find text in the reviews of a build that could identify a person.

Every text field of every review in the build is scanned against the board's
deny-list (names and phrases that must never appear: case-insensitive, whole
words) and the rules of `identifying.py`. A finding the board has checked is
acknowledged in its review file (`anonymity: {checked: ["..."]}`): a checked
phrase passes every finding that lies inside it, in that review. A deny-listed
name cannot be acknowledged, and an acknowledgement that passes nothing is
itself a finding, so stale ones are cleaned up.

Findings are content errors at the line and column of the text in its file.
Validation keeps no positions, so only the files with findings are read again
to place them: a clean corpus costs one scan of its text.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.cache import KeyedCache, code_fingerprint, digest
from generator.corpus import BuildAudience
from generator.errors import ContentError, ContentErrors, FieldPath, UsageError, format_field_path
from generator.identifying import SEPARATOR, Hit, find_hits, name_lists
from generator.load import LoadedDocument, load_text
from generator.model import Review, Text, unwrapped
from generator.read import read_content_file
from generator.validate import REVIEWS_FOLDER, Content
from generator.workers import fork_map

_NOT_SCANNED = {"anonymity"}  # the acknowledgements repeat findings by design, and are never published
_PLACE_FIELDS = {"board", "area", "body"}  # they name places and organisations: no first-name rule there
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DenyList:
    """Names and phrases the board knows must never appear, read from a file kept outside the content."""

    path: Path
    entries: tuple[str, ...]
    by_first_word: dict[str, tuple[str, ...]]  # lowercase first word -> entries starting with it

    def pattern_for(self, text: str) -> re.Pattern[str] | None:
        """A pattern of the entries whose first word is in `text`: one pattern of hundreds of names would
        try each of them at every word of the corpus, where the set of the text's words costs little."""
        words: set[str] = set()
        for token in set(text.lower().split()):  # split and set run in C; few tokens are distinct
            if token.isalnum():
                words.add(token)
            else:
                words.update(_WORD.findall(token))
        entries = [entry for word in words & self.by_first_word.keys() for entry in self.by_first_word[word]]
        return _whole_words(tuple(sorted(entries))) if entries else None


def _flexible(phrase: str) -> str:
    """A regular expression for `phrase` that allows any white space between words and either apostrophe."""
    words = [re.sub("['\u2019]", "['\u2019]", re.escape(word)) for word in phrase.split()]
    return r"\s+".join(words)


@lru_cache(maxsize=4096)  # one pattern per set of deny-listed names a review holds, and per acknowledgement
def _whole_words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_flexible(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def read_deny_list(path: Path, content_dir: Path, given_as: str) -> DenyList:
    """Read the deny-list: one name or phrase a line; blank lines and lines starting with # are ignored.

    Raises `UsageError` for a file that is missing, unreadable or inside the content folder.
    """
    where = f"{given_as} {path}"
    if path.resolve().is_relative_to(content_dir.resolve()):
        raise UsageError(
            f"{where}: the deny-list is inside the content folder {content_dir}. It names real people: keep it "
            "outside the repository, and give its place with --deny-list or the deny_list setting."
        )
    if not path.exists():
        raise UsageError(f"{where}: no such file")
    try:
        # As a content file is read: a regular file (never a pipe or a device), at most the size limit.
        text = read_content_file(path, path.resolve().parent, str(path)).decode("utf-8-sig")
    except ContentErrors as refused:
        raise UsageError(f"{where}: cannot read the deny-list ({refused.errors[0].message})") from refused
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: cannot read the deny-list ({error})") from error
    lines = {line.strip() for line in text.splitlines()}
    entries = tuple(sorted(line for line in lines if line and not line.startswith("#") and _WORD.search(line)))
    by_first_word: dict[str, list[str]] = {}
    for entry in entries:
        by_first_word.setdefault(_WORD.findall(entry.lower())[0], []).append(entry)
    return DenyList(path, entries, {word: tuple(group) for word, group in by_first_word.items()})


# --- the text fields of a review ----------------------------------------------


@cache
def _text_plan(model: type[BaseModel]) -> tuple[tuple[str, bool, type[BaseModel] | None], ...]:
    """Which fields of `model` hold text (`Text`) or models holding text: (name, is a list, model or None)."""
    plan: list[tuple[str, bool, type[BaseModel] | None]] = []
    for name, hint in typing.get_type_hints(model, include_extras=True).items():
        hint = unwrapped(hint, keep=Text)
        many = typing.get_origin(hint) is list
        item = unwrapped(typing.get_args(hint)[0], keep=Text) if many else hint
        if name in _NOT_SCANNED:
            continue
        if item == Text:
            plan.append((name, many, None))
        elif isinstance(item, type) and issubclass(item, BaseModel):
            plan.append((name, many, item))
    return tuple(plan)


def text_fields(model: BaseModel, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a validated model, with its field path: every `Text` field, so new fields are never missed."""
    for name, many, child in _text_plan(type(model)):
        value = getattr(model, name)
        items: list[tuple[FieldPath, Any]] = []
        if many:
            items = [((*path, name, index), item) for index, item in enumerate(value)]
        elif value is not None:
            items = [((*path, name), value)]
        for item_path, item in items:
            if child is None:
                yield item_path, item
            else:
                yield from text_fields(item, item_path)


# --- scanning one review ------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A finding in one field, placed by its text: the `occurrence`-th match of `raw` in the field's value."""

    field_path: FieldPath
    raw: str
    occurrence: int
    message: str


def _occurrences_before(text: str, raw: str, start: int) -> int:
    return sum(1 for match in re.finditer(_flexible(raw), text) if match.start() < start)


def _denied(text: str, deny_list: DenyList | None) -> list[Hit]:
    pattern = deny_list.pattern_for(text) if deny_list is not None else None
    return [
        Hit(match.start(), match.end(), match.group(), f'"{" ".join(match.group().split())}" is on the deny-list')
        for match in (pattern.finditer(text) if pattern is not None else ())
    ]


def scan_review(review: Review, deny_list: DenyList | None) -> tuple[list[Finding], list[tuple[int, str]]]:
    """The findings of one review, and its acknowledgements that passed nothing (index, phrase).

    The fields are joined into one text and scanned once: most reviews have no finding,
    and one scan of a review costs far less than sixty scans of its fields.
    """
    fields = list(text_fields(review))
    joined = SEPARATOR.join(text for _, text in fields)
    starts = list(itertools.accumulate((len(text) + len(SEPARATOR) for _, text in fields), initial=0))
    pseudonym = frozenset(re.findall(r"[\w'\u2019-]+", review.title))
    kept: list[tuple[Hit, bool]] = []
    candidates = [(hit, False) for hit in _denied(joined, deny_list)]
    for hit, may_pass in [*candidates, *((hit, True) for hit in find_hits(joined, pseudonym))]:
        if not any(hit.start < other.end and other.start < hit.end for other, _ in kept):
            kept.append((hit, may_pass))  # the deny-list first, then the most specific rule, wins an overlap
    found: list[tuple[FieldPath, str, Hit, bool]] = []  # (field, its text, hit in it, may be acknowledged)
    for hit, may_pass in kept:
        index = bisect.bisect_right(starts, hit.start) - 1
        field_path, text = fields[index]
        if hit.name and field_path[-1] in _PLACE_FIELDS:
            continue
        shift = starts[index]
        found.append(
            (field_path, text, dataclasses.replace(hit, start=hit.start - shift, end=hit.end - shift), may_pass)
        )
    named = {hit.name for _, _, hit, _ in found if hit.name and not hit.weak}
    found = [entry for entry in found if not entry[2].weak or entry[2].name in named]

    phrases = list(review.anonymity.checked) if review.anonymity else []
    patterns = [_whole_words((phrase,)) for phrase in phrases]
    used = [False] * len(phrases)
    findings = []
    for field_path, text, hit, may_pass in found:
        passing = [
            index
            for index, pattern in enumerate(patterns)
            if may_pass and any(m.start() <= hit.start and hit.end <= m.end() for m in pattern.finditer(text))
        ]
        for index in passing:
            used[index] = True
        if not passing:
            raw = text[hit.start : hit.end]
            findings.append(Finding(field_path, raw, _occurrences_before(text, raw, hit.start), hit.message))
    stale = [(index, phrase) for index, phrase in enumerate(phrases) if not used[index]]
    return findings, stale


# --- placing findings in their file -------------------------------------------


def _source_pattern(raw: str) -> re.Pattern[str]:
    """`raw` as written in YAML: perhaps folded over lines, and with apostrophes doubled in single quotes."""
    return re.compile(_flexible(raw).replace("['\u2019]", "(?:''|['\u2019])"))


def _locate(path: str, findings: list[Finding], stale: list[tuple[int, str]]) -> list[ContentError]:
    source = Path(path).read_text(encoding="utf-8-sig")
    document, _ = load_text(source, path)
    if document is None:  # changed since it was validated: place every finding at its field
        document = LoadedDocument(path, None)
    line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
    offsets = sorted(line_starts[p.line - 1] + p.column - 1 for p in document.positions.values())

    def offset_of(field_path: FieldPath) -> int:
        position = document.position_of(field_path)
        return line_starts[min(position.line, len(line_starts)) - 1] + position.column - 1

    errors = []
    for finding in findings:
        start = offset_of(finding.field_path)
        after = bisect.bisect_right(offsets, start)
        end = offsets[after] if after < len(offsets) else len(source)
        if isinstance(finding.field_path[-1], str):
            start = source.find(":", start, end) + 1 or start  # search the value, not the key
        matches = list(_source_pattern(finding.raw).finditer(source, start, end))
        if finding.occurrence < len(matches):
            start = matches[finding.occurrence].start()
        line = bisect.bisect_right(line_starts, start)
        column = start - line_starts[line - 1] + 1
        errors.append(ContentError(path, line, column, format_field_path(finding.field_path), finding.message))
    for index, phrase in stale:
        field_path: FieldPath = ("anonymity", "checked", index)
        message = f'"{phrase}" passes no finding in this review: remove it from anonymity.checked'
        errors.append(document.error(field_path, format_field_path(field_path), message))
    return errors


Scan = tuple[list[Finding], list[tuple[int, str]]]


def _scans(
    reviews: list[Review], deny_list: DenyList | None, digests: dict[str, str], cache_dir: Path | None
) -> tuple[list[Scan], KeyedCache[Scan]]:
    """Each review's scan, taken from the cache when its file and the deny-list are as they were; and the cache."""
    entries = deny_list.entries if deny_list is not None else ()
    stored = KeyedCache[Scan].open(cache_dir, "anonymity.pickle", digest(code_fingerprint(), *entries))
    keys = [digests.get(review.id) for review in reviews]
    to_scan = [position for position, key in enumerate(keys) if key is None or stored.get(key) is None]
    if to_scan:
        name_lists()  # read once before the scan is shared out, so every worker has the lists
    fresh = fork_map(lambda position: scan_review(reviews[to_scan[position]], deny_list), len(to_scan))
    scans: list[Scan | None] = [None if key is None else stored.get(key) for key in keys]
    for position, scan in zip(to_scan, fresh, strict=True):
        scans[position] = scan
    stored.keep_only({key: scan for key, scan in zip(keys, scans, strict=True) if key is not None and scan is not None})
    return [scan for scan in scans if scan is not None], stored


def find_identifying_text(
    content: Content,
    content_dir: Path,
    audience: BuildAudience,
    deny_list: DenyList | None,
    cache_dir: Path | None = None,
) -> list[ContentError]:
    """Every finding in the reviews of a build for `audience`, placed in its file, in file order.

    With a `cache_dir`, a review whose file has not changed since an earlier scan with the same
    deny-list is not scanned again.
    """
    reviews = [review for review in content.reviews if audience == "internal" or review.audience == "public"]
    errors: list[ContentError] = []
    scans, stored = _scans(reviews, deny_list, content.digests, cache_dir)
    for review, (findings, stale) in zip(reviews, scans, strict=True):
        if findings or stale:
            errors += _locate(str(content_dir / REVIEWS_FOLDER / f"{review.id}.yaml"), findings, stale)
    if not errors or audience == "internal":  # a refused build leaves the project as it was
        stored.save()
    return sorted(errors)
