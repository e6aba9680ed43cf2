"""The site folder: never where sources are, one build at a time, no debris, no traceback, nothing lost."""

from __future__ import annotations

import fcntl
import os
import signal
from pathlib import Path

import pytest

from conftest import Project, lock_held_elsewhere, tree_digest


def sources_digest(project: Project) -> dict[str, str]:
    return {name: str(sorted(tree_digest(project.root / name).items())) for name in ("content", "overrides")} | {
        "mkdocs.yml": project.config.read_text(encoding="utf-8")
    }


def no_debris(folder: Path) -> bool:
    return not [p for p in folder.rglob(".*") if "-building-" in p.name or p.name.endswith("-previous")]


@pytest.mark.parametrize(
    "spelling",
    [
        "content",
        "content/",
        "content/reviews",
        ".",
        "./",
        "..",
        "overrides",
        "docs",
        "docs/reviews",
        "/",
        "ABSOLUTE_ROOT",
        "LINK_TO_CONTENT",
        "LINK_TO_ROOT/",
    ],
)
def test_site_dir_that_holds_sources_is_refused_before_anything_is_touched(project: Project, spelling: str) -> None:
    project.build()
    (project.root / "link-to-content").symlink_to(project.content)
    (project.root / "link-to-root").symlink_to(project.root)
    spelled = {
        "ABSOLUTE_ROOT": str(project.root),
        "LINK_TO_CONTENT": str(project.root / "link-to-content"),
        "LINK_TO_ROOT/": str(project.root / "link-to-root") + "/",
    }.get(spelling, spelling)
    before = sources_digest(project)
    site_before = tree_digest(project.site)
    docs_before = tree_digest(project.docs)
    cwd = os.getcwd()
    os.chdir(project.root)  # relative spellings are relative to where the command runs
    try:
        result = project.run("build", "--site-dir", spelled)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2, result.output
    assert "refused" in result.output and "Nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert sources_digest(project) == before
    assert tree_digest(project.site) == site_before and tree_digest(project.docs) == docs_before
    assert no_debris(project.root) and not list(Path("/").glob(".-building-*"))


def test_a_folder_of_other_files_is_not_replaced(project: Project) -> None:
    mine = project.root.parent / "my-documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("keep me", encoding="utf-8")
    result = project.run("build", "--site-dir", str(mine))
    assert result.exit_code == 2 and "is not a site built by briefings" in result.output
    assert (mine / "letter.txt").read_text(encoding="utf-8") == "keep me"


def test_a_site_folder_inside_the_project_is_fine(project: Project) -> None:
    project.build("--site-dir", str(project.root / "public" / "site"))
    assert (project.root / "public" / "site" / "index.html").is_file()


def test_debris_of_killed_builds_is_cleared(project: Project) -> None:
    project.build()
    staging = project.root / ".site-building-killed"
    staging.mkdir()
    (staging / "half.html").write_text("partial", encoding="utf-8")
    project.site.rename(project.root / ".site-previous")  # killed between the two renames of a swap
    project.build()
    assert (project.site / "index.html").is_file()
    assert no_debris(project.root)


def test_a_second_build_waits_for_the_first(project: Project) -> None:
    project.build()
    with lock_held_elsewhere(project.root):
        result = project.build()
    assert "waiting for it to finish" in result.output  # it waited for the lock rather than racing
    assert (project.site / "index.html").is_file() and no_debris(project.root)


def test_lock_is_released_after_a_build(project: Project) -> None:
    project.build()
    descriptor = os.open(project.root, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if a build still held it
    finally:
        os.close(descriptor)


def test_sigterm_mid_build_keeps_the_site_and_leaves_no_debris(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.build()
    project.forget_last_build()  # the next build does its work: here, fails or is stopped
    before = tree_digest(project.site)

    def terminated(config: object) -> None:
        Path(config.site_dir, "half-written.html").write_text("partial")  # type: ignore[attr-defined]
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr("generator.build.run_mkdocs", terminated)
    result = project.run("build")
    assert result.exit_code == 130
    assert result.output.strip().splitlines()[-1] == "Interrupted: the site folder was left as it was."
    assert tree_digest(project.site) == before and no_debris(project.root)


def test_unwritable_site_folder_is_a_message(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("generator.site_folder.tempfile.mkdtemp", refuse)
    result = project.run("build")
    assert result.exit_code == 2 and "cannot write there (Permission denied)" in result.output
    assert "Traceback" not in result.output


def test_a_link_in_the_docs_folder_is_refused(project: Project, tmp_path: Path) -> None:
    project.build()
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.docs / "reviews" / "elsewhere").symlink_to(outside)
    result = project.run("build")
    assert result.exit_code == 2 and "is a symbolic link" in result.output
    assert list(outside.iterdir()) == []
