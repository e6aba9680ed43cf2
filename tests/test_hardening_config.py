"""Hardening of the site configuration: `mkdocs.yml`, its INHERIT parents and its theme settings.

Each case failed before its fix: a parent that is a named pipe, a device, too
big or a loop; an alias bomb; a theme icon Material does not have; settings
errors reported one run at a time. Every refusal names `mkdocs.yml` (or the
parent) and the field, exits 2, prints no traceback and changes no file.
Inputs that hung or crashed the process run in a child process with a timeout.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Project, built_once, make_project, run_build_in_subprocess, tree_digest
from generator.config_file import MAX_DEPTH, MAX_VALUES
from generator.errors import UsageError
from generator.settings import settings_problems
from generator.site_config import load_site_config
from test_board_site import configure, line_of

LAUGHS = "\n".join(
    [
        'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]" for n in range(1, 9)),
    ]
)
"""A "billion laughs": nine levels of anchors, each repeating the one before nine times (9^9 values)."""


@pytest.fixture(scope="module")
def site_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project built once: each refusal below must leave its site, docs folder and sources as they are."""
    return built_once(tmp_path_factory, "config")


@pytest.fixture
def built(site_project: Project) -> Iterator[Project]:
    """The built project; its mkdocs.yml restored and any file a test added removed afterwards."""
    config = site_project.config.read_bytes()
    before = {path for path in site_project.root.rglob("*") if path.name != "site"}
    yield site_project
    site_project.config.write_bytes(config)
    for path in sorted(set(site_project.root.rglob("*")) - before, reverse=True):
        if not path.is_relative_to(site_project.site):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()


def prepend(project: Project, text: str) -> None:
    project.config.write_text(text + "\n" + project.config.read_text(encoding="utf-8"), encoding="utf-8")


def assert_refused(project: Project, result: subprocess.CompletedProcess[str], before: dict[str, str]) -> str:
    """Exit code 2, no traceback, every file as it was; the messages."""
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(project.root) == before
    return result.stderr


# --- INHERIT: only regular files, never too big, never a loop ---------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _too_big(path: Path) -> None:
    path.write_text("# a comment line of a settings file, many times over\n" * 40_000, encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_fifo, "is a named pipe, not a regular file"),
        (_dev_zero, "is a device, not a regular file"),
        (_too_big, "the limit is 1,000,000"),
        (_folder, "is a folder, not a regular file"),
    ],
)
def test_an_inherited_file_that_is_not_a_small_regular_file_is_refused_without_reading_it(
    built: Project, make: object, message: str
) -> None:
    parent = built.root / "parent.yml"
    make(parent)  # type: ignore[operator]
    prepend(built, "INHERIT: parent.yml")
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert f"{built.config}:1:1: INHERIT: {parent}: " in output and message in output


def test_mkdocs_yml_itself_as_a_named_pipe_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    project.config.unlink()
    os.mkfifo(project.config)
    result = run_build_in_subprocess(project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{project.config}:1:1: (file): is a named pipe, not a regular file" in result.stderr


@pytest.mark.parametrize("chain", [["mkdocs.yml"], ["a.yml", "mkdocs.yml"], ["a.yml", "b.yml", "a.yml"]])
def test_a_loop_of_inherited_files_is_named(built: Project, chain: list[str]) -> None:
    current = built.config
    for name in chain:
        text = current.read_text(encoding="utf-8") if current.exists() else ""
        current.write_text(f"INHERIT: {name}\n{text}", encoding="utf-8")
        current = built.root / name
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert "INHERIT: " in output and "is already in the chain" in output and "remove the loop" in output


def test_a_missing_parent_is_named_with_the_setting(built: Project) -> None:
    prepend(built, "site_name: Child\nINHERIT: nowhere/base.yml")
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert f"{built.config}:2:1: INHERIT: {built.root / 'nowhere' / 'base.yml'}: cannot read the file" in output


# --- YAML that would expand or nest without end -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["top", "extra"])
def test_a_billion_laughs_is_refused_before_anything_expands_it(built: Project, where: str) -> None:
    if where == "top":
        prepend(built, LAUGHS)
    else:
        indented = "\n".join("    " + line for line in LAUGHS.splitlines())
        text = built.config.read_text(encoding="utf-8").replace("extra:\n", f"extra:\n  laughs:\n{indented}\n", 1)
        built.config.write_text(text, encoding="utf-8")
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert f"{built.config}:" in output and f"the settings grow past {MAX_VALUES:,} values" in output


def test_a_billion_laughs_in_a_parent_is_refused_in_the_parent(built: Project) -> None:
    parent = built.root / "parent.yml"
    parent.write_text(LAUGHS + "\n", encoding="utf-8")
    prepend(built, "INHERIT: parent.yml")
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert f"{parent}:" in output and "(file): the settings grow past" in output


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 30_000])
def test_settings_nested_too_deep_are_refused_without_ending_the_process(built: Project, depth: int) -> None:
    prepend(built, "deep: " + "[" * depth + "x" + "]" * depth)
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    # The settings themselves are a mapping, the first level: `deep: ` is 6 characters.
    assert f"{built.config}:1:{6 + MAX_DEPTH}: (file): settings nested more than {MAX_DEPTH} levels" in output


def test_an_alias_inside_its_own_anchor_is_refused(built: Project) -> None:
    prepend(built, "loop: &loop [1, *loop]")
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert f"{built.config}:1:17: (file): the alias *loop repeats a value it is part of" in output


# --- legitimate configurations still load -----------------------------------------------------------------------


def test_mkdocs_tags_anchors_and_a_parent_still_load(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARD_NAME", "Westshire Safeguarding Partnership")
    (project.root / "base.yml").write_text(
        "site_description: From the parent\nextra:\n  nation: wales\n  content_note: &note Take care.\n",
        encoding="utf-8",
    )
    text = project.config.read_text(encoding="utf-8")
    text = text.replace("  organisation: Example Safeguarding Children Partnership", "  organisation: !ENV BOARD_NAME")
    text = text.replace("  nation: england ", "  # nation: england ")
    text = text.replace(
        "  - attr_list\n",
        "  - attr_list\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - pymdownx.snippets:\n      base_path: !relative $config_dir\n",
    )
    project.config.write_text("INHERIT: base.yml\n" + text, encoding="utf-8")
    config = load_site_config(project.config)
    assert config.extra["organisation"] == "Westshire Safeguarding Partnership"
    assert config.extra["nation"] == "wales" and config.site_description != "From the parent"
    assert "pymdownx.emoji" in config.markdown_extensions
    assert Path(config.mdx_configs["pymdownx.snippets"]["base_path"]) == project.root


@pytest.mark.parametrize("theme", ["material", {"name": "material"}, {"name": "material", "font": {"text": "Roboto"}}])
def test_material_fonts_from_another_host_are_a_settings_error(project: Project, theme: object) -> None:
    """Named alone or without `font: false`, Material loads Google Fonts: pages would reach another host."""
    ((path, line),) = settings_problems(project.config, {"site_name": "A site", "theme": theme})
    assert path == ("theme",) and "set 'font: false' under theme" in line and "Google" in line


def test_the_theme_may_be_named_by_its_name_with_fonts_from_the_site(project: Project) -> None:
    assert settings_problems(project.config, {"site_name": "A", "theme": {"name": "material", "font": False}}) == []


# --- theme icons and palettes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("icon", "field"),
    [
        ({"logo": "nosuch"}, "theme.icon.logo"),
        ({"repo": "material/../../../etc/passwd"}, "theme.icon.repo"),
        ({"admonition": {"note": "material/no-such-icon"}}, "theme.icon.admonition.note"),
    ],
)
def test_an_icon_material_does_not_have_is_a_settings_error(
    built: Project, icon: dict[str, object], field: str
) -> None:
    configure(built, lambda config: config["theme"].update(icon=icon))
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    line = line_of(built.config, field.rsplit(".", 1)[-1] + ":", after="icon:")
    assert f"{built.config}:{line}:" in output and f": {field}: '" in output and "icon" in output


def test_a_palette_toggle_icon_and_a_palette_that_is_no_mapping_are_settings_errors(built: Project) -> None:
    light = {
        "scheme": "default",
        "primary": "indigo",
        "accent": "deep purple",
        "toggle": {"icon": "x/y", "name": "Dark"},
    }
    configure(built, lambda config: config["theme"].update(palette=[light, 5]))
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    assert "theme.palette[0].toggle.icon: 'x/y' is neither one of Material's icons" in output
    assert "theme.palette[1]: expected a mapping of settings (name: value), got '5'" in output


def test_a_language_material_has_no_words_for_is_a_settings_error(built: Project) -> None:
    configure(built, lambda config: config["theme"].update(language="xx"))
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    line = line_of(built.config, "language:")
    assert f"{built.config}:{line}:3: theme.language: Material has no words for 'xx': choose one of af, " in output


def test_icons_material_has_and_icons_of_the_overrides_folder_build(project: Project) -> None:
    own = project.root / "overrides" / ".icons" / "board" / "crest.svg"
    own.parent.mkdir(parents=True)
    own.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h22v22H1z"/></svg>')
    icons = {"logo": "board/crest", "admonition": {"note": "material/library"}}
    configure(project, lambda config: config["theme"].update(icon=icons))
    project.build()
    assert 'd="M1 1h22v22H1z"' in project.page("")


# --- every configuration error at once --------------------------------------------------------------------------


def test_settings_errors_of_every_kind_come_in_one_run(built: Project) -> None:
    def break_everything(config: dict[str, object]) -> None:
        theme, extra = config["theme"], config["extra"]
        assert isinstance(theme, dict) and isinstance(extra, dict)
        theme["palette"]["primary"] = "teal"  # contrast: palette.py
        theme["icon"] = {"logo": "nosuch"}  # the settings model, theme icons
        extra["feedback_url"] = "http://example.org/feedback"  # the settings model, extra
        config["nosuch_option"] = 1  # MkDocs' own validation

    configure(built, break_everything)
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    config = built.config
    assert f"{config}:{line_of(config, 'primary:')}:5: theme.palette.primary: 'teal': " in output
    assert f"{config}:{line_of(config, 'logo:', after='icon:')}:5: theme.icon.logo: 'nosuch' " in output
    assert f"{config}:{line_of(config, 'feedback_url:')}:3: extra.feedback_url: " in output
    assert f"{config}:{line_of(config, 'nosuch_option:')}:1: nosuch_option: Unrecognised configuration name" in output
    assert "3 setting(s) to correct, 3 colour pair(s) fail WCAG 2.2 AA contrast; nothing was built" in output


def test_a_stylesheet_that_is_not_utf8_is_a_settings_error(built: Project) -> None:
    css = built.root / "overrides" / "assets" / "stylesheets" / "brand.css"
    css.write_bytes(b"\xff\xfe:root{}")
    configure(built, lambda config: config["extra_css"].append("assets/stylesheets/brand.css"))
    before = tree_digest(built.root)
    output = assert_refused(built, run_build_in_subprocess(built), before)
    line = line_of(built.config, "brand.css")
    assert f"{built.config}:{line}:3: extra_css[3]: {css}: byte 0xff is not UTF-8" in output


def test_a_refused_configuration_leaves_no_docs_folder_behind(project: Project) -> None:
    configure(project, lambda config: config["theme"]["palette"].update(primary="teal"))
    with pytest.raises(UsageError):
        load_site_config(project.config)
    assert not project.docs.exists()
    configure(project, lambda config: config["theme"]["palette"].update(primary="indigo"))
    load_site_config(project.config)
    assert not project.docs.exists()  # made only while MkDocs checks it: the build makes it when it writes the docs


# --- addresses and titles the theme prints: nav, edit links, scripts, icons -----------------------------------


def _with(project: Project, change: Callable[[dict[str, Any]], None]) -> list[str]:
    raw = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    change(raw)
    return [line for _, line in settings_problems(project.config, raw)]


@pytest.mark.parametrize(
    "script",
    [
        " //evil.example/x.js",
        "\t//evil.example/x.js",
        "https:evil.example/x.js",
        "\\\\evil.example\\x.js",
        "/\\evil/x.js",
    ],
)
def test_a_script_or_icon_from_another_host_however_spelled_is_a_settings_error(project: Project, script: str) -> None:
    lines = _with(project, lambda raw: raw.update(extra_javascript=[script]))
    assert (
        len(lines) == 1
        and "extra_javascript[0]: " in lines[0]
        and "is on another host, not a file of the site" in lines[0]
    )
    lines = _with(project, lambda raw: raw["theme"].update(favicon=script))
    assert len(lines) == 1 and "theme.favicon: " in lines[0]


def test_navigation_titles_are_plain_text_and_its_links_pages_or_web_addresses(project: Project) -> None:
    def navigation(raw: dict[str, Any]) -> None:
        raw["nav"] += [
            {"What's new <img src=x onerror=alert(1)>": "whats-new.md"},
            {"Evil": "javascript:alert(document.domain)"},
            {"Further": [{"A web page": "https://example.org/"}, {"Odd": "vbscript:x"}]},
        ]

    (line,) = _with(project, navigation)
    assert "nav: " in line and "must be plain text" in line
    assert "'javascript:alert(document.domain)' is neither a page of the site nor a web address" in line
    assert "'vbscript:x' is neither" in line and "example.org" not in line


def test_an_edit_link_is_a_page_or_a_web_address_without_markup(project: Project) -> None:
    lines = _with(project, lambda raw: raw.update(edit_uri='javascript:alert(1)//" onmouseover="alert(2)'))
    assert len(lines) == 1 and "edit_uri: " in lines[0]
    assert _with(project, lambda raw: raw.update(edit_uri="edit/main/docs/")) == []


def test_a_script_from_another_host_is_refused_before_anything_is_written(project: Project) -> None:
    configure(project, lambda config: config.update(extra_javascript=["/\\evil.example/y.js"]))
    before = tree_digest(project.root)
    result = project.run("build")
    assert result.exit_code == 2 and "extra_javascript[0]: " in result.output and "Traceback" not in result.output
    assert tree_digest(project.root) == before
