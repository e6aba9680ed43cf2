"""Reading `mkdocs.yml` and its INHERIT parents as MkDocs would, but safely: no read, loop or alias without end.

MkDocs' own loader opens whatever `INHERIT` names (a named pipe waits for
ever, `/dev/zero` never ends), follows a loop of parents until Python's
recursion stops it, and expands YAML aliases into every value they repeat (a
"billion laughs" of anchors nine deep is 387 million values, which MkDocs then
prints into its debug log one by one). So each file of the chain is read here
first: only a regular file, at most `MAX_FILE_BYTES`; its YAML events are
counted as they would expand (`MAX_VALUES`) and nested (`MAX_DEPTH`) before
anything is built from them; a parent already in the chain is a loop. Only then
are the values built, with MkDocs' own loader (its `!ENV`, `!relative` and
Python tags), and merged parent first as MkDocs merges them. Every problem is a
`file:line:col: field: message` line, never an exception of YAML or the OS.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import mergedeep
import yaml

from generator.errors import ContentErrors, UsageError
from generator.read import decode_content, read_content_file
from generator.settings import text_position

try:  # libyaml parses about ten times faster; the events are the same.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_VALUES = 100_000
"""Most values a settings file may hold once its aliases are expanded; the bundled one holds about 120."""
MAX_DEPTH = 50
"""Deepest nesting of lists and mappings in a settings file; the bundled one goes 4 deep."""
MAX_PARENTS = 10
"""Longest chain of INHERIT parents followed."""


class _Refused(Exception):
    """One problem that stops reading the chain, as its message line."""


def _where(shown: str, mark: Any) -> str:
    """`file:line:col: (file):` of a YAML mark (counted from 0; PyYAML's or libyaml's), or of the top."""
    return f"{shown}:{mark.line + 1}:{mark.column + 1}: (file):" if mark else f"{shown}:1:1: (file):"


def _shape_problem(text: str, shown: str) -> str | None:
    """Where a settings text would expand past `MAX_VALUES` values or nest past `MAX_DEPTH`, from its events alone.

    An alias counts as every value of the node it repeats, so the count is what
    building the values would make, found without building them.
    """
    expanded_size: dict[str, int] = {}  # anchor -> values in its node, aliases expanded
    stack: list[list[Any]] = []  # each open list or mapping: [values so far, its anchor]
    total = 0
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                size, anchor = stack.pop()
                if anchor is not None:
                    expanded_size[anchor] = size
                if stack:
                    stack[-1][0] += size
                continue
            if isinstance(event, yaml.AliasEvent):
                if any(frame[1] == event.anchor for frame in stack):
                    inside = f"the alias *{event.anchor} repeats a value it is part of; write the value out"
                    return f"{_where(shown, event.start_mark)} {inside}"
                size = expanded_size.get(str(event.anchor), 1)
            elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                size = 1
            else:
                continue
            total += size
            if total > MAX_VALUES:
                return (
                    f"{_where(shown, event.start_mark)} the settings grow past {MAX_VALUES:,} values here (counting "
                    "each value a YAML alias repeats): write the settings out instead of repeating them through aliases"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([1, event.anchor])
                if len(stack) > MAX_DEPTH:
                    depth = f"settings nested more than {MAX_DEPTH} levels deep; the settings go 4 deep"
                    return f"{_where(shown, event.start_mark)} {depth}"
            elif stack:
                stack[-1][0] += size
                if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                    expanded_size[event.anchor] = 1
    except yaml.MarkedYAMLError as error:
        where = _where(shown, error.problem_mark or error.context_mark)
        return f"{where} YAML syntax error: {error.problem or error.context or error}"
    except yaml.YAMLError as error:  # control characters and the like
        return f"{shown}:1:1: (file): YAML error: {error}"
    return None


def _values(text: str, shown: str, loader: type[yaml.BaseLoader]) -> dict[str, Any]:
    """The values of one settings file, built by MkDocs' loader once their shape is known to be safe."""
    problem = _shape_problem(text, shown)
    if problem:
        raise _Refused(problem)
    try:
        data = yaml.load(text, Loader=loader)  # MkDocs' own loader, as MkDocs loads its settings
    except yaml.MarkedYAMLError as error:
        where = _where(shown, error.problem_mark or error.context_mark)
        raise _Refused(f"{where} {error.problem or error.context or error}") from None
    except Exception as error:  # a Python tag (!!python/object/apply:...) runs code that may raise anything
        raise _Refused(f"{shown}:1:1: (file): a value could not be built: {type(error).__name__}: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Refused(f"{shown}:1:1: (file): the settings must be a mapping of names to values")
    return data


def _read(path: Path, shown: str, inherited_at: str | None) -> str:
    """The text of one file of the chain: a regular file, within the size limit, in UTF-8."""
    try:
        raw = read_content_file(path, None, shown)
    except ContentErrors as refused:
        message = refused.errors[0].message
        raise _Refused(f"{inherited_at} {shown}: {message}" if inherited_at else str(refused.errors[0])) from None
    text, errors = decode_content(raw, shown)
    if text is None:
        raise _Refused(str(errors[0]))
    return text


def _parent(data: dict[str, Any], text: str, shown: str, chain: list[str]) -> tuple[str, str] | None:
    """The INHERIT parent of a file (its path as shown, and where the setting is), checked for loops and length."""
    if "INHERIT" not in data:
        return None
    value = data.pop("INHERIT")
    line, column = text_position(text, ("INHERIT",))
    where = f"{shown}:{line}:{column}: INHERIT:"
    if not isinstance(value, str) or not value.strip():
        raise _Refused(f"{where} name the settings file this one builds on, such as base.yml")
    parent = os.path.normpath(os.path.join(os.path.dirname(shown), value))
    if os.path.realpath(parent) in (os.path.realpath(file) for file in chain):
        raise _Refused(f"{where} {parent} is already in the chain ({' -> '.join([*chain, parent])}); remove the loop")
    if len(chain) > MAX_PARENTS:
        raise _Refused(f"{where} more than {MAX_PARENTS} files build on each other; merge some of them")
    return parent, where


def read_settings_files(config_file: Path, loader: type[yaml.BaseLoader]) -> dict[str, Any]:
    """The settings of `config_file` merged over its INHERIT parents, as MkDocs merges them.

    Raises `UsageError` naming the file, line and field of the first problem met in the chain.
    """
    shown, inherited_at = str(config_file), None
    chain: list[str] = []
    files: list[dict[str, Any]] = []
    try:
        while True:
            text = _read(Path(shown), shown, inherited_at)
            chain.append(shown)
            data = _values(text, shown, loader)
            files.append(data)
            parent = _parent(data, text, shown, chain)
            if parent is None:
                break
            shown, inherited_at = parent
    except _Refused as refused:
        message = f"{config_file}: the site settings could not be read; nothing was built."
        raise UsageError(message, [str(refused)]) from None
    merged = files.pop()
    for data in reversed(files):  # each file's values over its parent's, as MkDocs' `yaml_load`
        merged = mergedeep.merge(merged, data)
    return dict(merged)
