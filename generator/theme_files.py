"""Icon, page template and language names, checked against the files the theme can load.

Material draws an icon by including `.icons/<name>.svg`, renders a page with
the template its front matter names and takes its interface words from
`partials/languages/<language>.html`, each looked up in the theme overrides
folder and then in Material's own templates. A name with no file behind it
stops MkDocs with a template error deep in the build, so both are checked
before anything is built: the name's form always, and that its file exists
whenever the folders are known (a build knows them from `mkdocs.yml`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import material

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
THEME_DIRS = "theme_dirs"
"""Validation context: the folders the theme loads files from, overrides first; absent, files are not looked for."""

_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# Material's templates that are no page of their own, or need a plugin or a setting this site does not have.
_NOT_PAGE_TEMPLATES = frozenset({"blog.html", "blog-post.html", "redirect.html"})
_PARTS_FOLDERS = frozenset({"partials", "fragments"})


def theme_dirs(custom_dir: Path | None) -> list[Path]:
    """Where the theme loads templates and icons from: the overrides folder first, then Material's own."""
    return [*([custom_dir] if custom_dir is not None else []), MATERIAL_TEMPLATES]


def _name_parts(name: str) -> tuple[str, ...] | None:
    """The folders and file of a name like `material/library`, or None if it could leave the theme's folders."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or not all(_PART.match(part) for part in parts):
        return None
    return parts


def _found(relative: str, dirs: Sequence[Path]) -> bool:
    return any((folder / relative).is_file() for folder in dirs)


def icon_problem(name: str, dirs: Sequence[Path] | None) -> str | None:
    """Why Material cannot draw the icon `name` (such as `material/library`), or None when it can."""
    if _name_parts(name) is None:
        return f"'{name}' is not an icon name: write it as Material lists it, such as material/library"
    if dirs is not None and not _found(f".icons/{name}.svg", dirs):
        return (
            f"'{name}' is neither one of Material's icons nor an SVG in the overrides folder's .icons/ folder: "
            "check the spelling, such as material/library"
        )
    return None


def template_problem(name: str, dirs: Sequence[Path] | None) -> str | None:
    """Why `name` cannot be a page's template, or None when it can: an HTML page template the theme has."""
    parts = _name_parts(name)
    if parts is None or not name.endswith(".html"):
        return f"'{name}' is not a template name: name an .html file of the theme overrides folder, such as main.html"
    if parts[0] in _PARTS_FOLDERS or name in _NOT_PAGE_TEMPLATES:
        return f"'{name}' is part of a page, or needs a plugin this site does not use; name a page template"
    if dirs is not None and not _found(name, dirs):
        return f"'{name}' is not a template of the theme or of the overrides folder; put the file there"
    return None


def language_problem(name: str, dirs: Sequence[Path] | None) -> str | None:
    """Why Material has no interface words for `theme.language` (such as `en` or `cy`), or None when it has."""
    if _name_parts(name) is None or "/" in name:
        return f"'{name}' is not a language code: write it as Material does, such as en or cy"
    if dirs is not None and not _found(f"partials/languages/{name}.html", dirs):
        known = sorted(path.stem for path in (MATERIAL_TEMPLATES / "partials" / "languages").glob("*.html"))
        return f"Material has no words for '{name}': choose one of {', '.join(known)}"
    return None
