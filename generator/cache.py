"""What earlier builds already did, kept so the next build does only what changed.

Three records live in the cache folder (`.briefings-cache/` beside `mkdocs.yml`,
never in the site or docs folder):

- validated reviews, keyed by a hash of each file's name and bytes (not its
  modification time), so an unchanged review is neither parsed nor validated
  again;
- the anonymity gate's findings for each review, keyed by the same hash and the
  deny-list's entries, so an unchanged review is not scanned again;
- the docs-folder manifest: for each generated page, a fingerprint of
  everything it was made from, and the size and time of the file written, so an
  unchanged page is not rendered again.

Both are valid only for one "tool fingerprint": the generator's own code and
templates, the versions of MkDocs, Material and Pagefind, the vocabularies and
the settings. Any change to those empties the cache. A cache can only save
work: a cold and a warm build give byte-identical sites (tested), and a cache
that cannot be read is ignored.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.model import Review

Value = TypeVar("Value")

CACHE_FOLDER = ".briefings-cache"
_PACKAGE = Path(__file__).resolve().parent
_DISTRIBUTIONS = (
    "learning-briefings",
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "pydantic",
    "markdown",
    "jinja2",
    "faker",
    "english-words",  # the anonymity gate's name and word lists
)


def digest(*parts: bytes | str) -> str:
    """A short, stable hash of the parts, in order."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def code_fingerprint() -> str:
    """The generator's own code and templates, and the versions of what it builds with."""
    sources = sorted(path for path in _PACKAGE.rglob("*") if path.suffix in (".py", ".j2") and path.is_file())
    parts: list[bytes | str] = [f"{name}={_version(name)}" for name in _DISTRIBUTIONS]
    for path in sources:
        parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


def atomic_write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a build killed mid-write leaves the old record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class KeyedCache(Generic[Value]):
    """Results by the hash of what they were made from, for one fingerprint of everything else."""

    path: Path | None
    fingerprint: str
    entries: dict[str, Value] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path | None, name: str, fingerprint: str) -> KeyedCache[Value]:
        cache = cls(None if folder is None else folder / name, fingerprint)
        if cache.path is not None and cache.path.is_file():
            try:
                with cache.path.open("rb") as stream:
                    stored = pickle.load(stream)  # our own file, in a folder of the project
                if stored.get("fingerprint") == fingerprint:
                    cache.entries = stored["entries"]
            except Exception:  # unreadable or from another version: start again
                cache.entries = {}
        return cache

    def get(self, key: str) -> Value | None:
        return self.entries.get(key)

    def keep_only(self, fresh: dict[str, Value]) -> None:
        """The entries of this build, and no others: removed files leave the cache too."""
        if fresh.keys() != self.entries.keys():
            self.entries, self.changed = fresh, True

    def save(self) -> None:
        if self.path is not None and self.changed:
            data = {"fingerprint": self.fingerprint, "entries": self.entries}
            atomic_write(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self.changed = False


def review_cache(folder: Path | None, fingerprint: str) -> KeyedCache[Review]:
    """Validated reviews by the hash of their file (name and bytes)."""
    return KeyedCache[Review].open(folder, "reviews.pickle", fingerprint)


@dataclass
class PageManifest:
    """For each page of the docs folder: the fingerprint of its inputs, and the size and time it was written."""

    path: Path | None
    pages: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path | None) -> PageManifest:
        manifest = cls(None if folder is None else folder / "docs-manifest.json")
        if manifest.path is not None and manifest.path.is_file():
            try:
                stored: dict[str, Any] = json.loads(manifest.path.read_text(encoding="utf-8"))
                manifest.pages = {page: (str(v[0]), int(v[1]), int(v[2])) for page, v in stored.items()}
            except Exception:
                manifest.pages = {}
        return manifest

    def unchanged(self, docs_dir: Path, page: str, fingerprint: str) -> bool:
        """The page was made from these inputs, and its file is still the one written then."""
        recorded = self.pages.get(page)
        if recorded is None or recorded[0] != fingerprint:
            return False
        try:
            status = (docs_dir / page).stat()
        except OSError:
            return False
        return (status.st_size, status.st_mtime_ns) == recorded[1:]

    def record(self, docs_dir: Path, fingerprints: dict[str, str]) -> None:
        pages = {}
        for page, fingerprint in fingerprints.items():
            status = (docs_dir / page).stat()
            pages[page] = (fingerprint, status.st_size, status.st_mtime_ns)
        self.pages = pages
        if self.path is not None:
            atomic_write(self.path, json.dumps(pages, sort_keys=True).encode("utf-8"))
