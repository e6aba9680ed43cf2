"""Content errors: one finding about one place in one file."""

from __future__ import annotations

from dataclasses import dataclass

FieldPath = tuple[str | int, ...]


def format_field_path(field_path: FieldPath) -> str:
    """`("lessons", 2, "title")` -> `lessons[2].title`, the way editors read YAML."""
    text = ""
    for part in field_path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in a content file, reported as `path:line:col: field.path: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"


class ContentErrors(Exception):
    """Raised with every error found, so that callers report them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} content error(s)")
        self.errors = sorted(errors)
