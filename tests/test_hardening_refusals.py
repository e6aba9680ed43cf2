"""Hardening, issue 12: every refusal leaves the project exactly as it was, and an interrupt is told truly.

Each case failed before its fix: a refused `--site-dir` left an empty docs
folder behind, a refused build had already saved the cache, and a stop just
after the new site was swapped in said the old site was left as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Project
from generator.site_folder import replace_site

REVIEW = "reviews/eastvale-2018-baby-q.yaml"
NEW_SITE = "Interrupted after the new site was put in place: the site folder holds the new build."
OLD_SITE = "Interrupted: the site folder was left as it was."


def project_state(root: Path) -> dict[str, str]:
    """Every file and folder below `root` (hidden ones too), files with a hash of their bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(root.rglob("*"))
    }


def run_in(folder: Path, project: Project, *args: str) -> tuple[int, str]:
    """`briefings build` run from `folder`, so relative spellings of --site-dir are relative to it."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = project.run("build", *args)
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# --- refusals change nothing -------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["content", ".", "..", "overrides", "content/reviews", "docs", "mkdocs.yml/site"])
@pytest.mark.parametrize("built_before", [False, True], ids=["fresh", "built"])
def test_a_refused_site_folder_leaves_the_project_as_it_was(
    project: Project, spelling: str, built_before: bool
) -> None:
    if built_before:
        project.build()
    before = project_state(project.root)
    code, output = run_in(project.root, project, "--site-dir", spelling)
    assert code == 2 and "Nothing was changed" in output, output
    assert project_state(project.root) == before


@pytest.mark.parametrize("name", [".site-previous", ".site-building-src"])
def test_a_content_folder_named_like_a_builds_temporary_folder_is_refused_and_kept(project: Project, name: str) -> None:
    """Builds remove `.site-previous` and `.site-building-*` beside the site as debris: never a source folder."""
    project.content.rename(project.root / name)
    before = project_state(project.root)
    result = project.run("build", "--content", str(project.root / name))
    assert result.exit_code == 2 and "a name builds keep for their temporary folders" in result.output, result.output
    assert "Nothing was changed" in result.output and "Traceback" not in result.output
    assert project_state(project.root) == before and (project.root / name / "reviews").is_dir()


def test_a_site_folder_under_a_file_is_refused_before_anything_is_written(project: Project) -> None:
    before = project_state(project.root)
    code, output = run_in(project.root, project, "--site-dir", "mkdocs.yml/site")
    assert code == 2 and "mkdocs.yml is a file, so the folder cannot be made" in output, output
    assert project_state(project.root) == before


def bad_epoch(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    return []


def missing_deny_list(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["--deny-list", str(project.root / "no-such-list.txt")]


def docs_folder_of_other_files(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shutil.rmtree(project.docs, ignore_errors=True)
    project.docs.mkdir()
    (project.docs / "my-notes.md").write_text("mine", encoding="utf-8")
    return []


def bad_setting(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    project.config.write_text("copyright: '<b>x</b>'\n" + project.config.read_text(encoding="utf-8"), "utf-8")
    return []


def content_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    project.edit(REVIEW, "title: Baby Q", "title: Baby Q\ntitle: again")
    return []


def anonymity_finding(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    project.edit(REVIEW, "summary: Baby Q", "summary: Write to jo.bloggs@example.org about Baby Q")
    return []


# Each makes a build refuse (and gives the options it needs), with the exit code of the refusal.
REFUSALS: list[tuple[Callable[[Project, pytest.MonkeyPatch], list[str]], int]] = [
    (bad_epoch, 2),
    (missing_deny_list, 2),
    (docs_folder_of_other_files, 2),
    (bad_setting, 2),
    (content_error, 1),
    (anonymity_finding, 1),
]


@pytest.mark.parametrize(("refuse", "exit_code"), REFUSALS, ids=[refuse.__name__ for refuse, _ in REFUSALS])
@pytest.mark.parametrize("built_before", [False, True], ids=["fresh", "built"])
def test_every_refusal_leaves_the_project_as_it_was(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    refuse: Callable[[Project, pytest.MonkeyPatch], list[str]],
    exit_code: int,
    built_before: bool,
) -> None:
    if built_before:
        project.build()
    args = refuse(project, monkeypatch)
    before = project_state(project.root)
    code, output = run_in(project.root, project, *args)
    assert code == exit_code, output
    assert project_state(project.root) == before


# --- an interrupt says what is true --------------------------------------------------------------


def test_sigterm_just_after_the_swap_says_the_new_site_is_in_place(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.build()
    project.edit(REVIEW, "title: Baby Q", "title: Baby Quentin")
    real_rmtree = shutil.rmtree

    def terminated_while_tidying(path: object, *args: object, **kwargs: object) -> None:
        if str(path).endswith(".site-previous"):  # the old site, removed once the new one is in place
            os.kill(os.getpid(), signal.SIGTERM)
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.site_folder.shutil.rmtree", terminated_while_tidying)
    result = project.run("build")
    assert result.exit_code == 130, result.output
    assert result.output.strip().splitlines()[-1] == NEW_SITE
    assert "Baby Quentin" in project.page("reviews/eastvale-2018-baby-q/")


def old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / "sitemap.xml").write_text("old", encoding="utf-8")
    return site


def new_build(staging: Path) -> None:
    (staging / "index.html").write_text("new", encoding="utf-8")


def test_an_interrupt_right_after_the_rename_still_counts_as_swapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = old_site(tmp_path)
    real_rename = Path.rename

    def interrupted_after(self: Path, target: Path) -> Path:
        renamed = real_rename(self, target)
        if Path(target) == site:  # the new site has just gone in
            raise KeyboardInterrupt
        return renamed

    monkeypatch.setattr(Path, "rename", interrupted_after)
    swaps: list[bool] = []
    with pytest.raises(KeyboardInterrupt):
        replace_site(site, new_build, lambda: swaps.append(True))
    assert swaps == [True] and (site / "index.html").read_text(encoding="utf-8") == "new"


def test_an_interrupt_before_the_swap_keeps_the_old_site_and_says_so(tmp_path: Path) -> None:
    site = old_site(tmp_path)

    def interrupted(staging: Path) -> None:
        new_build(staging)
        raise KeyboardInterrupt

    swaps: list[bool] = []
    with pytest.raises(KeyboardInterrupt):
        replace_site(site, interrupted, lambda: swaps.append(True))
    assert swaps == [] and (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_sigterm_before_the_swap_still_says_the_site_was_left(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.build()
    project.forget_last_build()  # the next build does its work: here, fails or is stopped
    before = project_state(project.site)

    def terminated(config: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr("generator.build.run_mkdocs", terminated)
    result = project.run("build")
    assert result.exit_code == 130 and result.output.strip().splitlines()[-1] == OLD_SITE
    assert project_state(project.site) == before
