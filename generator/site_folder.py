"""The site folder: where it may be, one build at a time, and swapped in whole or not at all.

A build writes into a fresh temporary folder beside the site folder and
renames it into place only when MkDocs succeeded, so a failed or interrupted
build leaves the last good site as it was. The site folder may never be,
contain, or sit inside a folder that holds sources, because replacing it
removes what was there. Builds of the same site folder take a lock on its
parent folder; under the lock, debris of builds that were killed (a temporary
folder, or an old site not yet removed) is cleared away.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import UsageError

log = logging.getLogger("briefings")

SITE_MARKERS = ("index.html", "sitemap.xml")
"""Files every built site has: an existing folder without them is not a site to replace."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_site_dir(site_dir: Path, *, project_root: Path, sources: dict[str, Path], files: Iterable[Path] = ()) -> Path:
    """The site folder, resolved, or `UsageError` if a build there could remove anything but an old site.

    `sources` names the folders that hold sources (content, overrides, docs);
    the site folder may be none of them, inside none of them and hold none of
    them. It may sit inside the project root (`site/`), but may not be the root
    or hold it. Symbolic links are resolved first, so every spelling of a
    folder is the same folder.
    """
    site = site_dir.expanduser().resolve()
    named = {name: folder.expanduser().resolve() for name, folder in sources.items()}
    root = project_root.expanduser().resolve()
    problem = None
    if _within(root, site):
        problem = "it is, or holds, the project folder" if site != Path(site.anchor) else "it is the root of the disk"
    for name, folder in named.items():
        if problem is None and (_within(site, folder) or _within(folder, site)):
            problem = f"it is, holds or sits inside the {name} folder {folder}"
    for file in files:
        if problem is None and _within(file.expanduser().resolve(), site):
            problem = f"it holds {file}, which the build reads"
    for name, source in [*named.items(), *(("file", file.expanduser().resolve()) for file in files)]:
        if problem is not None:
            break
        kept = next((folder for folder in (source, *source.parents) if _is_temporary_name(folder, site)), None)
        if kept is not None:
            problem = (
                f"the {name} {source} is in {kept}, a name builds keep for their temporary folders "
                "and remove: rename that folder"
            )
    if problem is None and site.exists() and not site.is_dir():
        problem = "it is a file"
    if problem is None and site.is_dir() and any(site.iterdir()) and not all((site / m).exists() for m in SITE_MARKERS):
        problem = "it holds files and is not a site built by briefings"
    if problem:
        raise UsageError(
            f"--site-dir {site_dir}: refused, {problem}; a build replaces the whole folder. Nothing was changed."
        )
    problem = _cannot_write_beside(site)
    if problem:
        raise UsageError(f"--site-dir {site_dir}: cannot build there: {problem}. Nothing was changed.")
    return site


def _cannot_write_beside(site: Path) -> str | None:
    """Why a build could not make the site's parent folders or rename folders in its parent, if it could not.

    Checked with the others, before anything is written: found only at the swap, it would come after the
    docs folder and the cache had changed.
    """
    there = next((folder for folder in site.parents if os.path.exists(folder)), None)
    if there is None:
        return None
    if not there.is_dir():
        return f"{there} is a file, so the folder cannot be made"
    if not os.access(there, os.W_OK | os.X_OK):
        return f"{there} cannot be written to"
    return None


def _is_temporary_name(folder: Path, site: Path) -> bool:
    """Whether `folder` has a name a build into `site` gives its temporary folders (removed as debris)."""
    return folder == _previous(site) or (folder.parent == site.parent and folder.name.startswith(_staging_prefix(site)))


def _staging_prefix(site: Path) -> str:
    return f".{site.name}-building-"


def _previous(site: Path) -> Path:
    return site.with_name(f".{site.name}-previous")


def _clear_debris(site: Path) -> None:
    """Remove what killed builds left beside the site folder; restore the old site if it was mid-swap."""
    previous = _previous(site)
    if previous.is_dir() and not site.exists():
        previous.rename(site)  # killed between the two renames of a swap: the old site is the good one
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
    for debris in site.parent.glob(_staging_prefix(site) + "*"):
        if debris.is_dir() and not debris.is_symlink():
            shutil.rmtree(debris, ignore_errors=True)


@contextmanager
def project_lock(config_file: Path) -> Iterator[None]:
    """One build of a project at a time: a lock on its `mkdocs.yml`, which every build reads and none writes."""
    descriptor = os.open(config_file, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("Another build of this project is running; waiting for it to finish.")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextmanager
def _locked(folder: Path, site: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the site's parent) for one build; wait for another build first."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("Another build is writing beside %s; waiting for it to finish.", site)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def replace_site(
    site: Path,
    build_into: Callable[[Path], None],
    swapped: Callable[[], None] = lambda: None,
    is_current: Callable[[], bool] | None = None,
) -> bool:
    """Run `build_into(staging)` and swap the staging folder in place of `site` only if it returns.

    `swapped` is called as soon as the new site is in place, even if an interrupt
    arrives a moment later: the caller can then say truly what a stop left behind.
    Returns False, having built nothing, when `is_current()` says the site needs no build: asked
    once the site folder is ours, so another build cannot change it in the meantime.
    """
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        with _locked(site.parent, site):
            _clear_debris(site)
            if is_current is not None and is_current():
                return False
            staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(site), dir=site.parent))
            _swap_in(site, staging, build_into, swapped)
            return True
    except OSError as error:  # read-only, a mount point that cannot be renamed, a full disk
        raise UsageError(
            f"--site-dir {site}: cannot write there ({error.strerror}). The site was left as it was."
        ) from error


def _swap_in(site: Path, staging: Path, build_into: Callable[[Path], None], swapped: Callable[[], None]) -> None:
    previous = _previous(site)
    try:
        build_into(staging)
        if site.exists():
            site.rename(previous)
        staging.rename(site)
    except BaseException:
        if not staging.exists():  # stopped just after the last rename: the new site is in place
            swapped()
            raise
        shutil.rmtree(staging, ignore_errors=True)
        if previous.exists() and not site.exists():
            previous.rename(site)  # interrupted between the two renames: put the old site back
        raise
    swapped()
    shutil.rmtree(previous, ignore_errors=True)  # if this is cut short, the next build clears it
