"""Plain data from one YAML document's libyaml events, with the line and column of every key and list item.

One loop with an explicit stack: no node tree is composed and nothing
recurses, so nesting is limited (`MAX_DEPTH`) at the line where it is passed,
before any deeper value is read (libyaml's own composer recurses in C and ends
the process at about 30,000 levels). A list and a file are limited the same way
(`MAX_LIST_ITEMS`, `MAX_VALUES`): a list of 99,000 ids stops at one error, not
99,000. A value refused here (an alias, a tag) is kept as None and marked, so
the rest of the file can still be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import ContentError, FieldPath, format_field_path

MAX_DEPTH = 20
"""Deepest nesting of lists and mappings accepted; the content contract itself goes 4 deep."""
MAX_LIST_ITEMS = 1_000
"""Longest list accepted: a review has a few dozen lessons at most, a vocabulary a few dozen entries."""
MAX_VALUES = 20_000
"""Most values (names, items, texts) in one file: the largest real extract holds about 1,600."""

_TAG = "tag:yaml.org,2002:"
_NULL_TAG = _TAG + "null"
_ACCEPTED_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ACCEPTED_TAGS = _ACCEPTED_SCALAR_TAGS | {_TAG + "map", _TAG + "seq"}


@dataclass(frozen=True)
class Position:
    line: int
    column: int


def _position(mark: yaml.Mark) -> Position:
    """A YAML mark (counted from 0) as a line and column counted from 1."""
    return Position(mark.line + 1, mark.column + 1)


_NODE_CLASSES: dict[type, type[yaml.Node]] = {
    yaml.ScalarEvent: yaml.ScalarNode,
    yaml.SequenceStartEvent: yaml.SequenceNode,
    yaml.MappingStartEvent: yaml.MappingNode,
}
"""The node each event starts, for the resolver: it gives untagged nodes the tags PyYAML's composer would."""
_ALIAS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
_SKIP = object()
"""A mapping's next value is read but not kept: its key was refused."""
_TOO_DEEP = f"YAML nested more than {MAX_DEPTH} levels deep; content goes at most 4 levels deep"
_TOO_LONG = (
    f"the list goes on past {MAX_LIST_ITEMS:,} items here; a list in a content file holds at most {MAX_LIST_ITEMS:,}"
)
_TOO_MANY = f"the file goes on past {MAX_VALUES:,} values here; a review extract holds a few hundred"


class _Frame:
    """An open mapping or list: its data, its field path, and for a mapping the key awaiting its value."""

    __slots__ = ("container", "key", "key_lines", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: FieldPath) -> None:
        self.container = container
        self.path = path
        self.key: Any = None  # None: the next node is a key; _SKIP: drop the next node; else the key (str)
        self.key_lines: dict[str, int] = {}


class EventBuilder:
    """Turns one YAML document's events into dicts, lists and strings, recording positions.

    One loop over the events with an explicit stack: nothing recurses, and a
    list or mapping that would open level `MAX_DEPTH` + 1 stops reading there.
    Resolves tags exactly as PyYAML's composer does, with the loader's resolver.
    """

    def __init__(self, path: str, resolve: Any) -> None:
        self.path = path
        self.resolve = resolve
        self.positions: dict[FieldPath, Position] = {(): Position(1, 1)}
        self.refused: set[FieldPath] = set()  # values reported here and kept as None
        self.errors: list[ContentError] = []
        self.anchors: dict[str, yaml.Mark] = {}
        self.root: Any = None

    def _fail(self, mark: yaml.Mark, field_path: FieldPath, message: str) -> None:
        """Record an error at a mark of the file."""
        position = _position(mark)
        self.errors.append(
            ContentError(self.path, position.line, position.column, format_field_path(field_path), message)
        )

    def _tag(self, event: Any, node_class: type[yaml.Node]) -> str:
        """The node's tag: as written, or as PyYAML's composer resolves an untagged (or `!`) node."""
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value if node_class is yaml.ScalarNode else None
            tag = self.resolve(node_class, value, event.implicit)
        return str(tag)

    def _key(self, frame: _Frame, event: Any, kind: type) -> None:
        """Take a node in a mapping's key place: a plain scalar becomes the key awaiting its value."""
        frame.key = _SKIP
        if kind is yaml.AliasEvent:
            self._fail(self.anchors.get(event.anchor, event.start_mark), frame.path, _ALIAS_MESSAGE)
            return
        if kind is not yaml.ScalarEvent or self._tag(event, yaml.ScalarNode) not in _ACCEPTED_SCALAR_TAGS:
            self._fail(event.start_mark, frame.path, "keys must be plain names")
            return
        key = event.value
        key_path = (*frame.path, key)
        first_line = frame.key_lines.get(key)
        if first_line is not None:
            self._fail(event.start_mark, key_path, f"duplicate key '{key}' (first at line {first_line})")
            return
        frame.key_lines[key] = event.start_mark.line + 1
        self.positions[key_path] = _position(event.start_mark)
        frame.key = key

    def build(self, next_event: Any) -> bool:
        """Read events up to the end of the document; False if reading stopped at a limit (`_stop`)."""
        positions = self.positions
        stack: list[_Frame] = []
        skipping = 0  # depth inside a subtree that is read but not kept
        values = 0
        while True:
            event = next_event()
            kind = event.__class__
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if skipping:
                    skipping -= 1
                else:
                    stack.pop()
                continue
            if kind is yaml.DocumentEndEvent:
                return True
            opens = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
            if kind is not yaml.AliasEvent and event.anchor is not None:
                self.anchors[event.anchor] = event.start_mark
            frame = stack[-1] if stack else None
            values += 1
            if (opens and len(stack) + skipping + 1 > MAX_DEPTH) or values > MAX_VALUES:
                return self._stop(event, frame, skipping, _TOO_DEEP if values <= MAX_VALUES else _TOO_MANY)
            if skipping:
                skipping += opens
                continue
            if frame is None:
                field_path: FieldPath = ()
            elif frame.container.__class__ is list:
                if len(frame.container) == MAX_LIST_ITEMS:
                    return self._stop(event, frame, skipping, _TOO_LONG)
                field_path = (*frame.path, len(frame.container))
                positions[field_path] = _position(event.start_mark)
            elif frame.key is None or frame.key is _SKIP:
                if frame.key is None:
                    self._key(frame, event, kind)
                else:
                    frame.key = None
                skipping = int(opens)
                continue
            else:
                field_path = (*frame.path, frame.key)
            value: Any = None
            if kind is yaml.AliasEvent:
                self._fail(self.anchors.get(event.anchor, event.start_mark), field_path, _ALIAS_MESSAGE)
                self.refused.add(field_path)
            else:
                node_class = _NODE_CLASSES[kind]
                tag = self._tag(event, node_class)
                if tag not in _ACCEPTED_TAGS:
                    self._fail(event.start_mark, field_path, f"YAML tag {tag.replace(_TAG, '!!')} is not allowed")
                    self.refused.add(field_path)
                    skipping = int(opens)
                elif opens:
                    value = {} if kind is yaml.MappingStartEvent else []
                elif not (tag == _NULL_TAG and not event.style):  # plain `null`, `~` or nothing stays None
                    value = event.value
            if frame is None:
                self.root = value
            elif frame.container.__class__ is list:
                frame.container.append(value)
            else:
                frame.container[frame.key] = value
                frame.key = None
            if value.__class__ is dict or value.__class__ is list:
                stack.append(_Frame(value, field_path))

    def _stop(self, event: Any, frame: _Frame | None, skipping: int, message: str) -> bool:
        """Report the value where a limit was passed (too deep, too long a list, too many values); reading stops."""
        field_path: FieldPath = frame.path if frame is not None else ()
        if frame is not None and not skipping:
            if frame.container.__class__ is list:
                field_path = (*frame.path, len(frame.container))
            elif isinstance(frame.key, str):
                field_path = (*frame.path, frame.key)
        self._fail(event.start_mark, field_path, message)
        return False
