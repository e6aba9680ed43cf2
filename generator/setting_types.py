"""The types of single settings in `mkdocs.yml` and front matter: plain text, web addresses, local files, icons.

Material prints some settings and front matter into pages without escaping
them, and pages load nothing from another host; each type here says what a
value must be for that to hold, in words a board can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo

from generator.model import WebUrl
from generator.remote_fetch import leaves_the_site
from generator.theme_files import THEME_DIRS, icon_problem, language_problem

_MARKUP = set('<>"`')
_EMAIL = re.compile(r"^[^@\s<>\"'`()\[\],;:\\]+@[^@\s<>\"'`()\[\],;:\\]+\.[^@\s<>\"'`()\[\],;:\\.]+$")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
THEME_DIR = "theme_dir"  # validation context: the folder of theme overrides, where the logo must be


def _plain_setting(value: str) -> str:
    """Text that is safe wherever the theme prints it, escaped or not."""
    if any(char in _MARKUP for char in value) or any(not char.isprintable() for char in value):
        raise ValueError('must be plain text: no <, >, ", ` or control characters')
    if "&" in value.replace("& ", ""):
        raise ValueError("'&' must be followed by a space (write 'and' or '& ')")
    return value


def _plain_url(value: str) -> str:
    if any(char in _MARKUP or char == "'" for char in value):
        raise ValueError(f"'{value}' is not a plain web address: remove quotes and angle brackets")
    return value


def _https(value: str) -> str:
    if not value.lower().startswith("https://"):
        raise ValueError(f"'{value}' must start with https:// (readers' browsers warn about http:// forms)")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an e-mail address: write it as name@example.org")
    return value


def _logo(value: str, info: ValidationInfo) -> str:
    """A picture in the theme overrides folder: never a web address, since pages load nothing from elsewhere."""
    path = PurePosixPath(value)
    if "://" in value or value.startswith(("//", "/", "data:")) or ".." in path.parts or "\\" in value:
        raise ValueError(
            f"'{value}' must be a path inside the theme overrides folder, such as assets/images/logo.svg: "
            "pages never load anything from another site"
        )
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValueError(f"'{value}' is not a picture: use one of {', '.join(LOGO_SUFFIXES)}")
    theme_dir = (info.context or {}).get(THEME_DIR)
    if theme_dir is not None and not (Path(theme_dir) / path).is_file():
        raise ValueError(f"'{value}' is not in {theme_dir}: put the logo file there")
    return value


PlainText = Annotated[str, AfterValidator(_plain_setting)]
SiteUrl = Annotated[WebUrl, AfterValidator(_plain_url)]
HttpsUrl = Annotated[SiteUrl, AfterValidator(_https)]
Email = Annotated[str, AfterValidator(_email)]


def _local_file(value: str) -> str:
    """A file of the site: pages load nothing from another host, and the name goes into an attribute as it is."""
    if leaves_the_site(value) or value.lower().lstrip().startswith("data:") or not value.isprintable():
        raise ValueError(f"'{value}' is on another host, not a file of the site: pages load nothing from elsewhere")
    return _plain_url(value)


def _link(value: str) -> str:
    """Where a navigation entry or an edit link goes: a page of the site, or a web page (http or https)."""
    if not value.isprintable() or (leaves_the_site(value) and not value.lower().startswith(("http://", "https://"))):
        raise ValueError(f"'{value}' is neither a page of the site nor a web address (http:// or https://)")
    return _plain_url(value)


def _icon(value: str, info: ValidationInfo) -> str:
    """An icon Material can draw: one of its own, or an SVG in the overrides folder's `.icons/`."""
    problem = icon_problem(value, (info.context or {}).get(THEME_DIRS))
    if problem:
        raise ValueError(problem)
    return value


def _language(value: str, info: ValidationInfo) -> str:
    """A language Material has its interface words in (`partials/languages/<code>.html`)."""
    problem = language_problem(value, (info.context or {}).get(THEME_DIRS))
    if problem:
        raise ValueError(problem)
    return value


LocalFile = Annotated[str, AfterValidator(_local_file)]
Link = Annotated[str, AfterValidator(_link)]


def _nav_problems(entries: object, where: str) -> Iterator[str]:
    """What is wrong in `nav`: an entry is a page, or `title: page`, or `title: [entries]`."""
    if not isinstance(entries, list):
        yield f"{where}: expected a list of entries"
        return
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        pairs = entry.items() if isinstance(entry, dict) else [(None, entry)]
        for title, target in pairs:
            for check, value in ((_plain_setting, title), (_link, target)):
                if isinstance(value, str):
                    try:
                        check(value)
                    except ValueError as problem:
                        yield f"{at}: {problem}"
            if title is not None and not isinstance(title, str):
                yield f"{at}: a title must be text"
            if isinstance(target, list):
                yield from _nav_problems(target, at)
            elif not isinstance(target, str):
                yield f"{at}: expected a page, a web address or a list of entries"


def _nav(value: object) -> object:
    """Navigation titles are printed unescaped and its links followed: plain text, and pages or web addresses."""
    problems = list(_nav_problems(value, "nav"))
    if problems:
        raise ValueError("; ".join(problems))
    return value


Navigation = Annotated[list[Any], AfterValidator(_nav)]
Language = Annotated[str, AfterValidator(_language)]
IconName = Annotated[str, AfterValidator(_icon)]
IconKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]  # Material writes it into a style block
LogoPath = Annotated[str, AfterValidator(_plain_url), AfterValidator(_logo)]
SettingDate = Annotated[date, Field(strict=False)]  # YAML reads 2026-11-24 as a date; "2026-11-24" is accepted too
Nation = Literal["england", "wales", "scotland", "northern-ireland"]
Compliance = Literal["full", "partial", "none"]
