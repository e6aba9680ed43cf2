"""Shared fixtures: a throwaway project folder holding the site configuration and a content copy."""

from __future__ import annotations

import hashlib
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


@dataclass
class Project:
    """A project folder: mkdocs.yml, overrides/, content/ (a copy of the fixture corpus)."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def review_file(self, review_id: str) -> Path:
        return self.content / "reviews" / f"{review_id}.yaml"

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str) -> Result:
        """Run `briefings` in-process with this project's content, config and site folders."""
        command, *rest = args
        options: list[str] = ["--content", str(self.content)]
        if command in ("validate", "build", "serve"):
            options += ["--config-file", str(self.config)]
        if command == "build":
            options += ["--site-dir", str(self.site)]
        return CliRunner().invoke(main, [command, *options, *rest], catch_exceptions=False)

    def build(self, *args: str) -> Result:
        result = self.run("build", *args)
        assert result.exit_code == 0, result.output
        return result

    def forget_last_build(self) -> None:
        """The next build does its work even if nothing changed, as after an upgrade (see `up_to_date.py`)."""
        (self.root / ".briefings-cache" / "last-build.json").unlink(missing_ok=True)

    def page(self, url_path: str) -> str:
        """The built HTML of a site URL path such as `reviews/x/`."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below `folder` and a hash of its bytes: equal digests mean byte-identical trees."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@contextmanager
def lock_held_elsewhere(path: Path, seconds: float = 2) -> Iterator[None]:
    """Another process holds an exclusive lock on `path` for `seconds`, as a second build would."""
    code = (
        "import fcntl, os, sys, time; d = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(d, fcntl.LOCK_EX); "
        f"print('locked', flush=True); time.sleep({seconds})"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield
    finally:
        holder.wait()


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_briefings_in_subprocess(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`briefings` in a child process with bounded memory and time, for inputs that crash or hang a process."""
    code = "import sys; from generator.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,  # a guard against a hang, not a measure of speed
        preexec_fn=_limit_memory,
        check=False,
    )


def run_build_in_subprocess(project: Project) -> subprocess.CompletedProcess[str]:
    """`briefings build` in a child process, for inputs that hung a build."""
    options = ["--content", str(project.content), "--config-file", str(project.config), "--site-dir", str(project.site)]
    return run_briefings_in_subprocess("build", "--quiet", *options)


def make_project(root: Path, corpus: Path = FIXTURE_CORPUS) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(corpus, root / "content")
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project")


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Project:
    """The fixture corpus in a folder of its own, built once (public audience), for a module's tests."""
    built = make_project(tmp_path_factory.mktemp(name) / "project")
    built.build()
    return built


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The fixture corpus built once for tests that only read the site."""
    return built_once(tmp_path_factory, "built")


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
