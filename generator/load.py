"""Load YAML content files into plain data, keeping the line and column of every value.

Every scalar is kept as the text written in the file (`published: 2015`, `NO`,
`1.10` and `08` stay strings), because every field of the content contract is
text, a slug, an enum or a date string: YAML's guesses at booleans, numbers and
timestamps would only lose what the author wrote. Only safe, standard tags are
accepted; aliases are refused, so an alias bomb costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, FieldPath, format_field_path

try:  # libyaml composes about ten times faster; marks and tags are the same.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
"""Largest content file accepted. The longest real extract is about 60 KB."""

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
    return Position(mark.line + 1, mark.column + 1)


def _decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8"
        return None, [ContentError(path, line, column, "(file)", message)]


class _Converter:
    """Turns a composed YAML node tree into dicts, lists and strings, recording positions."""

    def __init__(self, document: LoadedDocument) -> None:
        self.document = document
        self.errors: list[ContentError] = []
        self._seen: set[int] = set()

    def _fail(self, node: yaml.Node, field_path: FieldPath, message: str) -> None:
        position = _position(node.start_mark)
        self.errors.append(
            ContentError(self.document.path, position.line, position.column, format_field_path(field_path), message)
        )

    def convert(self, node: yaml.Node, field_path: FieldPath) -> Any:
        if id(node) in self._seen:
            self._fail(
                node, field_path, "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
            )
            return None
        self._seen.add(id(node))
        if node.tag not in _ACCEPTED_TAGS:
            self._fail(node, field_path, f"YAML tag {node.tag.replace(_TAG, '!!')} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, field_path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.document.positions[(*field_path, index)] = _position(item.start_mark)
                items.append(self.convert(item, (*field_path, index)))
            return items
        if node.tag == _NULL_TAG and not node.style:  # plain `null`, `~` or nothing; not quoted
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, field_path: FieldPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ACCEPTED_SCALAR_TAGS:
                self._fail(key_node, field_path, "keys must be plain names")
                continue
            key = key_node.value
            key_path = (*field_path, key)
            if key in key_lines:
                self._fail(key_node, key_path, f"duplicate key '{key}' (first at line {key_lines[key]})")
                continue
            key_lines[key] = key_node.start_mark.line + 1
            self.document.positions[key_path] = _position(key_node.start_mark)
            mapping[key] = self.convert(value_node, key_path)
        return mapping


def load_text(text: str, path: str) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Parse one YAML document from text; returns the document or the errors."""
    document = LoadedDocument(path=path, data=None, positions={(): Position(1, 1)})
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or str(error)
        if error.context and "expected a single document" in error.context:
            problem = "a content file holds exactly one YAML document (remove the '---' separator)"
        return None, [ContentError(path, line, column, "(file)", f"YAML syntax error: {problem}")]
    except yaml.reader.ReaderError as error:  # control characters and the like
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML; remove it"
        return None, [ContentError(path, line, column, "(file)", message)]
    except yaml.YAMLError as error:
        return None, [ContentError(path, 1, 1, "(file)", f"YAML error: {error}")]
    if root is None:
        return None, [ContentError(path, 1, 1, "(file)", "the file is empty")]
    converter = _Converter(document)
    document.data = converter.convert(root, ())
    if converter.errors:
        return None, converter.errors
    return document, []


def load_file(path: Path, display_path: str | None = None) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Read and parse one content file, refusing files that are too large or not UTF-8."""
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            return None, [ContentError(shown, 1, 1, "(file)", message)]
        raw = path.read_bytes()
    except OSError as error:
        return None, [ContentError(shown, 1, 1, "(file)", f"cannot read the file: {error.strerror}")]
    text, errors = _decode(raw, shown)
    if text is None:
        return None, errors
    return load_text(text, shown)
