"""The parts behind the pages: labels for every enum value, the fenced shared build, exit codes by kind of failure."""

from __future__ import annotations

import typing

import pytest

import generator.parallel
from conftest import Project
from generator.build import load_site_config
from generator.site.labels import ENUM_LABELS, LABELS
from generator.workers import sharing


@pytest.mark.parametrize("enum", list(ENUM_LABELS), ids=lambda enum: str(enum))
def test_every_enum_value_has_a_label(enum: object) -> None:
    assert set(ENUM_LABELS[enum]) == set(typing.get_args(enum))
    assert all(label.strip() for label in ENUM_LABELS[enum].values())


def test_enums_share_no_value_so_a_label_is_never_ambiguous() -> None:
    assert len(LABELS) == sum(len(table) for table in ENUM_LABELS.values())


def test_shared_build_refuses_other_versions(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_site_config(project.config)
    assert generator.parallel.parallel_build_refusal(config) is None
    monkeypatch.setattr(generator.parallel, "_installed_version", lambda distribution: "99.0")
    refusal = generator.parallel.parallel_build_refusal(config)
    assert refusal is not None and "99.0 is installed" in refusal


def test_an_unknown_plugin_falls_back_to_plain_mkdocs_with_a_note(project: Project) -> None:
    text = project.config.read_text(encoding="utf-8")
    assert "plugins: []\n" in text
    project.config.write_text(text.replace("plugins: []\n", "plugins:\n  - tags\n"), "utf-8")
    with sharing(workers=2):
        result = project.build()
    assert "Building in one process: plugin 'material/tags'" in result.output
    assert (project.site / "reviews" / "northshire-2020-child-p" / "index.html").is_file()


@pytest.mark.parametrize(
    ("config_text", "message"),
    [
        ("- a list\n- of things\n", "must be a mapping"),
        ("just a sentence\n", "must be a mapping"),
        ("site_name: x\ntheme:\n  name: no-such-theme\n", "no-such-theme"),
        ("site_name: [unclosed\n", "mkdocs.yml"),
    ],
)
def test_a_bad_configuration_is_a_usage_error(project: Project, config_text: str, message: str) -> None:
    project.config.write_text(config_text, encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not project.site.exists()


def test_a_missing_configuration_file_is_a_usage_error(project: Project) -> None:
    project.config.unlink()
    result = project.run("build")
    assert result.exit_code == 2 and "no such file" in result.output


def test_a_build_says_what_it_is_doing_unless_quiet(project: Project) -> None:
    loud = project.build()
    for stage in ("Rendering and writing pages", "Building pages (MkDocs", "Indexing the site for search"):
        assert f"{stage}" in loud.output and "done in" in loud.output
    quiet = project.build("--quiet")
    assert "Rendering and writing pages" not in quiet.output and "Built 2 reviews" in quiet.output
