"""Whether the last build still stands: a build with nothing changed skips its work, as `make` does.

Generation is a function of its inputs: the content folder, the site
configuration, the theme overrides, the deny-list, the audience, the limits,
`SOURCE_DATE_EPOCH` and the generator's own code (with the versions of what it
builds with). MkDocs and Pagefind are a function of the docs folder, the
configuration and the theme. After each successful step, a record in the cache
folder keeps a hash of its inputs and the state (names, sizes, times) of the
folder it wrote. When the inputs hash the same and the folder is still as it was
left, the step would write the same files: it is skipped.

A record can only skip work, never change the output: any difference, a file
edited, added or removed by hand in the docs or site folder included, runs the
step as before. Generation with anonymity findings is never recorded, so an
internal build shows them every time. A configuration whose output can depend
on files or code this module cannot see (MkDocs plugins or hooks, Markdown
extensions that include other files, functions of other packages named with
`!!python/name:`) never skips anything.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from generator.cache import atomic_write, code_fingerprint, digest
from generator.read import MAX_FILE_BYTES

RECORD = "last-build.json"
_INCLUDES_FILES = frozenset({"pymdownx.snippets", "markdown_include.include", "mdx_include"})
_TRACKED_CODE = ("markdown.", "pymdownx.", "material.")  # packages whose versions the code fingerprint holds


def _untracked_code(value: object) -> bool:
    """Whether an extension setting names code (a `!!python/name:` function) of a package not fingerprinted."""
    if isinstance(value, dict):
        return any(_untracked_code(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_untracked_code(item) for item in value)
    return callable(value) and not getattr(value, "__module__", "").startswith(_TRACKED_CODE)


def can_skip(config: MkDocsConfig) -> bool:
    """Whether every input of the build is one this module hashes (see the module's docstring)."""
    return (
        not config.plugins
        and not _INCLUDES_FILES.intersection(config.markdown_extensions)
        and not _untracked_code(dict(config.mdx_configs))
    )


def folder_state(folder: Path) -> str:
    """A hash of every file's name, size and modification time below `folder` ("" when there is none)."""
    if not folder.is_dir():
        return ""
    parts: list[str] = []
    for root, directories, files in os.walk(folder):
        directories.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            status = os.lstat(path)
            parts.append(f"{os.path.relpath(path, folder)}\0{status.st_size}\0{status.st_mtime_ns}")
    return digest("\n".join(parts))


def _files(folder: Path) -> Iterable[bytes | str]:
    """Each entry's name below `folder`, in a stable order, with the bytes of each regular file.

    Links are not followed and large files are not read: their kind, size and time stand for them
    (the build refuses them anyway, and a FIFO or a link to /dev/zero must never be read here).
    """
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        yield path.relative_to(folder).as_posix()
        if stat.S_ISREG(status.st_mode) and status.st_size <= MAX_FILE_BYTES:
            yield path.read_bytes()
        else:
            yield f"{status.st_mode}:{status.st_size}:{status.st_mtime_ns}"


def configuration_inputs(config: MkDocsConfig) -> str:
    """The site configuration as the user wrote it (inherited files merged) and as it is set for this build
    (`serve` gives its own `site_url`), and the theme overrides."""
    with open(config.config_file_path, encoding="utf-8") as stream:
        user = json.dumps(yaml_load(stream), default=str, sort_keys=True)
    effective = json.dumps([config.site_url, config.docs_dir, config.use_directory_urls])
    theme = config.theme.custom_dir
    return digest(code_fingerprint(), user, effective, *(_files(Path(theme)) if theme else ()))


def generation_inputs(
    content_dir: Path, config: MkDocsConfig, audience: str, limits: object, deny_list: Iterable[str]
) -> str:
    """Everything generation reads: a different hash means the docs folder may change."""
    # Dates are valid up to next year: a new year may make a date valid, so the year is an input too.
    environment = [os.environ.get("SOURCE_DATE_EPOCH", ""), str(datetime.date.today().year)]
    return digest(configuration_inputs(config), audience, repr(limits), *environment, *deny_list, *_files(content_dir))


@dataclass
class GenerationRecord:
    inputs: str
    docs: str  # state of the docs folder when generation left it
    reviews: int
    content_date: str  # ISO date of the newest publication or update
    files: int


@dataclass
class SiteRecord:
    inputs: str  # the configuration and the docs folder the site was built from
    site: str  # where it was built
    state: str  # state of the site folder when the build left it


@dataclass
class LastBuild:
    """The records of the last generation and the last site build, read from and written to the cache folder."""

    path: Path
    generation: GenerationRecord | None = None
    site: SiteRecord | None = None

    @classmethod
    def open(cls, cache_dir: Path) -> LastBuild:
        record = cls(cache_dir / RECORD)
        try:
            stored = json.loads(record.path.read_text(encoding="utf-8"))
            record.generation = GenerationRecord(**stored["generation"]) if stored.get("generation") else None
            record.site = SiteRecord(**stored["site"]) if stored.get("site") else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # none yet, or unreadable: nothing is skipped
        return record

    def save(self) -> None:
        stored = {
            "generation": asdict(self.generation) if self.generation else None,
            "site": asdict(self.site) if self.site else None,
        }
        atomic_write(self.path, json.dumps(stored, sort_keys=True).encode("utf-8"))

    def generation_stands(self, inputs: str, docs_dir: Path, config: MkDocsConfig) -> GenerationRecord | None:
        """The last generation's record, when it was made from these inputs and the docs folder is as it left it."""
        record = self.generation
        if record is None or not can_skip(config) or record.inputs != inputs or record.docs != folder_state(docs_dir):
            return None
        return record

    def site_stands(self, inputs: str, site_dir: Path, config: MkDocsConfig) -> bool:
        """The site folder holds what a build from these inputs made, untouched since."""
        record = self.site
        return (
            record is not None
            and can_skip(config)
            and record.inputs == inputs
            and record.site == str(site_dir)
            and record.state == folder_state(site_dir)
        )
