"""Load YAML content files into plain data, keeping the line and column of every value.

Every scalar is kept as the text written in the file (`published: 2015`, `NO`,
`1.10` and `08` stay strings), because every field of the content contract is
text, a slug, an enum or a date string: YAML's guesses at booleans, numbers and
timestamps would only lose what the author wrote. Only safe, standard tags are
accepted; aliases are refused, so an alias bomb costs nothing.

The data is built straight from libyaml's event stream, in one loop with an
explicit stack: no node tree is composed and nothing recurses, so nesting is
limited (`MAX_DEPTH`) at the line where it is passed, before any deeper value is
read (libyaml's own composer recurses in C and ends the process at about 30,000
levels). Files are read only through `read_content_file`: regular files inside
the content folder, never more than the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, ContentErrors, FieldPath, format_field_path
from generator.read import decode_content, read_content_file

try:  # libyaml parses about ten times faster; marks and tags are the same.
    from yaml import CSafeLoader as _SafeLoader

    _BYTE_OFFSETS = True  # libyaml reports where a bad character is as a byte offset
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    _BYTE_OFFSETS = False


MAX_DEPTH = 20
"""Deepest nesting of lists and mappings accepted; the content contract itself goes 4 deep."""

_TAG = "tag:yaml.org,2002:"
_NULL_TAG = _TAG + "null"
_ACCEPTED_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ACCEPTED_TAGS = _ACCEPTED_SCALAR_TAGS | {_TAG + "map", _TAG + "seq"}


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class LoadedDocument:
    """One YAML file as plain data, with the position of each key and list item."""

    path: str
    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)

    def position_of(self, field_path: FieldPath) -> Position:
        """The position of a field, or of its nearest present parent (for missing fields)."""
        for end in range(len(field_path), -1, -1):
            position = self.positions.get(tuple(field_path[:end]))
            if position is not None:
                return position
        return Position(1, 1)

    def error(self, field_path: FieldPath, field_name: str, message: str) -> ContentError:
        position = self.position_of(field_path)
        return ContentError(self.path, position.line, position.column, field_name, message)


def _position(mark: yaml.Mark) -> Position:
    """A YAML mark (counted from 0) as a line and column counted from 1."""
    return Position(mark.line + 1, mark.column + 1)


# --- building data from YAML events --------------------------------------------------------------

_NODE_CLASSES: dict[type, type[yaml.Node]] = {
    yaml.ScalarEvent: yaml.ScalarNode,
    yaml.SequenceStartEvent: yaml.SequenceNode,
    yaml.MappingStartEvent: yaml.MappingNode,
}
"""The node each event starts, for the resolver: it gives untagged nodes the tags PyYAML's composer would."""
_ALIAS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
_SKIP = object()
"""A mapping's next value is read but not kept: its key was refused."""


class _Frame:
    """An open mapping or list: its data, its field path, and for a mapping the key awaiting its value."""

    __slots__ = ("container", "key", "key_lines", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: FieldPath) -> None:
        self.container = container
        self.path = path
        self.key: Any = None  # None: the next node is a key; _SKIP: drop the next node; else the key (str)
        self.key_lines: dict[str, int] = {}


class _Builder:
    """Turns one YAML document's events into dicts, lists and strings, recording positions.

    One loop over the events with an explicit stack: nothing recurses, and a
    list or mapping that would open level `MAX_DEPTH` + 1 stops reading there.
    Resolves tags exactly as PyYAML's composer does, with the loader's resolver.
    """

    def __init__(self, document: LoadedDocument, resolve: Any) -> None:
        self.document = document
        self.resolve = resolve
        self.errors: list[ContentError] = []
        self.anchors: dict[str, yaml.Mark] = {}
        self.root: Any = None

    def _fail(self, mark: yaml.Mark, field_path: FieldPath, message: str) -> None:
        """Record an error at a mark of the file."""
        position = _position(mark)
        self.errors.append(
            ContentError(self.document.path, position.line, position.column, format_field_path(field_path), message)
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
        self.document.positions[key_path] = _position(event.start_mark)
        frame.key = key

    def build(self, next_event: Any) -> bool:
        """Read events up to the end of the document; False if nesting went past `MAX_DEPTH` (reading stopped)."""
        positions = self.document.positions
        stack: list[_Frame] = []
        skipping = 0  # depth inside a subtree that is read but not kept
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
            if opens and len(stack) + skipping + 1 > MAX_DEPTH:
                self._too_deep(event, frame, skipping)
                return False
            if skipping:
                skipping += opens
                continue
            if frame is None:
                field_path: FieldPath = ()
            elif frame.container.__class__ is list:
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
            else:
                node_class = _NODE_CLASSES[kind]
                tag = self._tag(event, node_class)
                if tag not in _ACCEPTED_TAGS:
                    self._fail(event.start_mark, field_path, f"YAML tag {tag.replace(_TAG, '!!')} is not allowed")
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

    def _too_deep(self, event: Any, frame: _Frame | None, skipping: int) -> None:
        """Report the list or mapping that would open one level too many, at its line and column."""
        field_path: FieldPath = frame.path if frame is not None else ()
        if frame is not None and not skipping:
            if frame.container.__class__ is list:
                field_path = (*frame.path, len(frame.container))
            elif isinstance(frame.key, str):
                field_path = (*frame.path, frame.key)
        message = f"YAML nested more than {MAX_DEPTH} levels deep; content goes at most 4 levels deep"
        self._fail(event.start_mark, field_path, message)


def load_text(text: str, path: str) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Parse one YAML document from text; returns the document or the errors."""
    document = LoadedDocument(path=path, data=None, positions={(): Position(1, 1)})
    loader = None
    try:
        loader = _SafeLoader(text)
        next_event = loader.get_event
        next_event()  # the start of the stream
        if next_event().__class__ is yaml.StreamEndEvent:  # else the start of the first document
            return None, [ContentError(path, 1, 1, "(file)", "the file is empty")]
        builder = _Builder(document, loader.resolve)
        if not builder.build(next_event):
            return None, builder.errors
        after: Any = next_event()
        if after.__class__ is not yaml.StreamEndEvent:
            line, column = after.start_mark.line + 1, after.start_mark.column + 1
            message = "YAML syntax error: a content file holds exactly one YAML document (remove the '---' separator)"
            return None, [ContentError(path, line, column, "(file)", message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or str(error)
        return None, [ContentError(path, line, column, "(file)", f"YAML syntax error: {problem}")]
    except yaml.reader.ReaderError as error:  # control characters and the like
        position = error.position
        if _BYTE_OFFSETS:  # libyaml counts bytes of UTF-8; the column counts characters
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML; remove it"
        return None, [ContentError(path, line, column, "(file)", message)]
    except yaml.YAMLError as error:
        return None, [ContentError(path, 1, 1, "(file)", f"YAML error: {error}")]
    finally:
        if loader is not None:
            loader.dispose()
    if builder.errors:
        return None, builder.errors
    document.data = builder.root
    return document, []


def load_bytes(raw: bytes, path: str) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Parse one content file's bytes, refusing bytes that are not UTF-8."""
    text, errors = decode_content(raw, path)
    if text is None:
        return None, errors
    return load_text(text, path)


def load_file(
    path: Path, display_path: str | None = None, content_root: Path | None = None
) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Read and parse one content file through `read_content_file`.

    `content_root` is the folder the file must lie in once links are followed (by default its own folder).
    """
    shown = display_path or str(path)
    try:
        raw = read_content_file(path, path.parent if content_root is None else content_root, shown)
    except ContentErrors as refused:
        return None, refused.errors
    return load_bytes(raw, shown)
