"""Load YAML content files into plain data, keeping the line and column of every value.

Every scalar is kept as the text written in the file (`published: 2015`, `NO`,
`1.10` and `08` stay strings), because every field of the content contract is
text, a slug, an enum or a date string: YAML's guesses at booleans, numbers and
timestamps would only lose what the author wrote. Only safe, standard tags are
accepted; aliases are refused, so an alias bomb costs nothing.

The data is built straight from libyaml's event stream (`yaml_events.py`),
with limits on nesting, list length and values checked as it is read. Files
are read only through `read_content_file`: regular files inside the content
folder, never more than the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, ContentErrors, FieldPath
from generator.read import decode_content, read_content_file
from generator.yaml_events import MAX_DEPTH as MAX_DEPTH  # re-exported: the loader's limit
from generator.yaml_events import EventBuilder, Position

try:  # libyaml parses about ten times faster; marks and tags are the same.
    from yaml import CSafeLoader as _SafeLoader

    _BYTE_OFFSETS = True  # libyaml reports where a bad character is as a byte offset
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    _BYTE_OFFSETS = False


@dataclass
class LoadedDocument:
    """One YAML file as plain data, with the position of each key and list item."""

    path: str
    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    refused: set[FieldPath] = field(default_factory=set)  # values the loader reported and kept as None

    def is_refused(self, field_path: FieldPath) -> bool:
        """Whether the loader already reported this value, or a value holding it: nothing more to say there."""
        return any(tuple(field_path[:end]) in self.refused for end in range(len(field_path) + 1))

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


def _reading_error(error: yaml.YAMLError, text: str, path: str) -> ContentError:
    """Where and why libyaml stopped reading the file."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or str(error)
        return ContentError(path, line, column, "(file)", f"YAML syntax error: {problem}")
    if isinstance(error, yaml.reader.ReaderError):  # control characters and the like
        position = error.position
        if _BYTE_OFFSETS:  # libyaml counts bytes of UTF-8; the column counts characters
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML; remove it"
        return ContentError(path, line, column, "(file)", message)
    return ContentError(path, 1, 1, "(file)", f"YAML error: {error}")


def load_text(text: str, path: str) -> tuple[LoadedDocument | None, list[ContentError]]:
    """Parse one YAML document from text: the document and every error found in it.

    The document is None if reading stopped (a syntax error, a limit passed); after
    an error of one value (an alias, a tag, a key given twice) it comes with that value refused.
    """
    loader = None
    found: list[ContentError] = []
    try:
        loader = _SafeLoader(text)
        next_event = loader.get_event
        next_event()  # the start of the stream
        if next_event().__class__ is yaml.StreamEndEvent:  # else the start of the first document
            return None, [ContentError(path, 1, 1, "(file)", "the file is empty")]
        builder = EventBuilder(path, loader.resolve)
        found = builder.errors
        if not builder.build(next_event):
            return None, found
        after: Any = next_event()
        if after.__class__ is not yaml.StreamEndEvent:
            line, column = after.start_mark.line + 1, after.start_mark.column + 1
            message = "YAML syntax error: a content file holds exactly one YAML document (remove the '---' separator)"
            return None, [*found, ContentError(path, line, column, "(file)", message)]
    except yaml.YAMLError as error:
        return None, [*found, _reading_error(error, text, path)]
    finally:
        if loader is not None:
            loader.dispose()
    return LoadedDocument(path, builder.root, builder.positions, builder.refused), found


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
