"""Warm builds: the cache saves work and never changes the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import Project, make_project, run_build_in_subprocess, tree_digest
from generator.build import generate
from generator.site_config import load_site_config
from generator.up_to_date import can_skip

CACHE = ".briefings-cache"


def cold_build_of(project: Project, root: Path) -> dict[str, dict[str, str]]:
    """The same project built from nothing: no cache, no docs folder, no site."""
    twin = make_project(root, corpus=project.content)
    shutil.copy(project.config, twin.config)
    shutil.rmtree(twin.root / "overrides")
    shutil.copytree(project.root / "overrides", twin.root / "overrides")
    twin.build()
    return {"site": tree_digest(twin.site), "docs": tree_digest(twin.docs)}


def warm(project: Project) -> dict[str, dict[str, str]]:
    return {"site": tree_digest(project.site), "docs": tree_digest(project.docs)}


EDITS = {
    "review text": ("reviews/northshire-2020-child-p.yaml", "Advice given once at birth", "Advice given only once"),
    "review themes": (
        "reviews/eastvale-2018-baby-q.yaml",
        "themes: [safe-sleep, home-visits]",
        "themes: [record-keeping]",
    ),
    "theme title": ("themes.yaml", "title: Safe sleep", "title: Safer sleep"),
    "agency title": ("agencies.yaml", "title: Housing", "title: Housing services"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_warm_build_after_an_edit_equals_a_cold_build(project: Project, tmp_path: Path, edit: str) -> None:
    project.build()
    relative, old, new = EDITS[edit]
    project.edit(relative, old, new)
    project.build()
    assert warm(project) == cold_build_of(project, tmp_path / "cold")


def test_an_edit_renders_only_the_pages_that_show_it(project: Project) -> None:
    first = project.build()
    assert "0 unchanged" in first.output
    project.edit("reviews/northshire-2020-child-p.yaml", "Advice given once at birth", "Advice given only once")
    second = project.build()
    written = int(second.output.split(" pages written")[0].rsplit(" ", 1)[-1])
    assert 0 < written < 15, second.output  # its page, its related review, listings, home, data; not every page
    assert "Advice given only once" in project.page("reviews/northshire-2020-child-p/")


def test_a_noop_build_renders_nothing(project: Project) -> None:
    project.build()
    (project.root / CACHE / "last-build.json").unlink()  # no record: generation runs, and finds every page as it was
    result = project.build()
    hand_written = len(list((project.content / "pages").glob("*.md")))  # copied as they are, never rendered
    assert "0 pages written" in result.output
    assert f"Rendering and writing pages: {hand_written} done" in result.output


def _times(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*")}


def test_a_build_with_nothing_changed_skips_its_work_and_leaves_everything_as_it_was(project: Project) -> None:
    project.build()
    before = {"site": _times(project.site), "docs": _times(project.docs), "digest": warm(project)}
    result = project.build()
    assert "the docs folder is up to date" in result.output and f"{project.site} is up to date" in result.output
    assert "Validating reviews" not in result.output and "Building pages (MkDocs" not in result.output
    assert "0 pages written" in result.output
    assert {"site": _times(project.site), "docs": _times(project.docs), "digest": warm(project)} == before


def _remove_a_site_page(project: Project) -> None:
    (project.site / "about" / "index.html").unlink()


def _edit_a_site_page(project: Project) -> None:
    page = project.site / "reviews" / "northshire-2020-child-p" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Northshire", "Elsewhere"), encoding="utf-8")


def _remove_a_docs_file(project: Project) -> None:
    (project.docs / "reviews" / "northshire-2020-child-p.md").unlink()


def _edit_a_theme_stylesheet(project: Project) -> None:
    stylesheet = next((project.root / "overrides").rglob("*.css"))
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* our board */\n", encoding="utf-8")


def _add_a_hand_written_page(project: Project) -> None:
    (project.content / "pages" / "contacts.md").write_text("# Contacts\n\nOur safeguarding contacts.\n")


CHANGES = {
    "a site page removed by hand": _remove_a_site_page,
    "a site page edited by hand": _edit_a_site_page,
    "a docs file removed by hand": _remove_a_docs_file,
    "a theme stylesheet edited": _edit_a_theme_stylesheet,
    "a hand-written page added": _add_a_hand_written_page,
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_the_inputs_or_the_output_builds_again(project: Project, tmp_path: Path, change: str) -> None:
    project.build()
    CHANGES[change](project)
    result = project.build()
    assert "Building pages (MkDocs" in result.output and f"{project.site} is up to date" not in result.output
    assert warm(project) == cold_build_of(project, tmp_path / "cold")


def test_a_different_build_date_builds_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = project.build()
    assert "Building pages (MkDocs" in result.output


def test_a_settings_change_renders_every_page(project: Project) -> None:
    project.build()
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(text.replace("site_name: Learning from case reviews", "site_name: Our learning"), "utf-8")
    result = project.build()
    pages = len(list(project.docs.rglob("*.md")))
    rendered = int(result.output.split("Rendering and writing pages: ")[1].split(" done")[0])
    assert rendered >= pages, result.output  # every page made again (written only where its bytes changed)
    assert "Our learning" in project.page("reviews/northshire-2020-child-p/")


def test_a_docs_file_changed_by_hand_is_made_again(project: Project) -> None:
    project.build()
    page = project.docs / "reviews" / "northshire-2020-child-p.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nHand edit.\n", encoding="utf-8")
    project.build()
    assert "Hand edit." not in page.read_text(encoding="utf-8")


def test_an_unreadable_cache_is_ignored(project: Project, tmp_path: Path) -> None:
    project.build()
    for record in (project.root / CACHE).iterdir():
        record.write_bytes(b"\x00not a cache")
    project.edit("reviews/northshire-2020-child-p.yaml", "Advice given once at birth", "Advice given only once")
    project.build()
    assert warm(project) == cold_build_of(project, tmp_path / "cold")


def test_a_cached_review_with_an_error_is_never_served_from_the_cache(project: Project) -> None:
    project.build()
    project.edit("reviews/eastvale-2018-baby-q.yaml", "title: Baby Q\n", "")
    result = project.run("build")
    assert result.exit_code == 1 and "title: required field is missing" in result.output


def test_a_build_with_a_hook_never_skips_its_work(project: Project) -> None:
    """A hook is code the records cannot see: a changed hook must show in the next build."""
    hook = project.root / "hooks.py"
    hook.write_text('def on_page_content(html, **kwargs):\n    return html + "<p>HOOK-ONE</p>"\n', encoding="utf-8")
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    assert run_build_in_subprocess(project).returncode == 0  # a process each: Python keeps a module it has run
    hook.write_text(hook.read_text(encoding="utf-8").replace("HOOK-ONE", "HOOK-SECOND"), encoding="utf-8")
    assert run_build_in_subprocess(project).returncode == 0
    assert "HOOK-SECOND" in project.page("about/")


@pytest.mark.parametrize(
    ("extensions", "skips"),
    [
        ("  - def_list\n", True),
        ("  - pymdownx.snippets\n", False),
        (
            "  - pymdownx.superfences:\n      custom_fences:\n        - name: x\n          class: x\n"
            "          format: !!python/name:os.system\n",
            False,
        ),
    ],
    ids=["built-in", "includes files", "code of another package"],
)
def test_only_inputs_the_records_can_see_let_a_build_skip(project: Project, extensions: str, skips: bool) -> None:
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(text.replace("markdown_extensions:\n", "markdown_extensions:\n" + extensions), "utf-8")
    assert can_skip(load_site_config(project.config)) is skips


def test_an_address_set_for_one_build_is_an_input_too(project: Project) -> None:
    """`serve` gives its own `site_url`: a generation up to date for the configured address is not for that one."""
    project.build()
    config = load_site_config(project.config)
    config.site_url = "http://127.0.0.1:8123/"
    generated = generate(project.content, config, "public")
    assert generated.report.written  # pages that print their own address were made again
    assert "http://127.0.0.1:8123/reviews/northshire-2020-child-p/" in (
        project.docs / "reviews" / "northshire-2020-child-p.md"
    ).read_text(encoding="utf-8")


def test_a_file_too_large_to_read_is_still_an_input(project: Project) -> None:
    """The records never read what the build refuses to read, yet a file added after a good build still counts."""
    project.build()
    (project.content / "reviews" / "huge.yaml").write_bytes(b"# " + b"x" * 1_100_000 + b"\n")
    result = project.run("build")
    assert result.exit_code == 1 and "huge.yaml" in result.output and "up to date" not in result.output
