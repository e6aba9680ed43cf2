"""Hardening, found by a hostile tester after the first round: each case failed before its fix."""

from __future__ import annotations

import pytest

from conftest import Project, lock_held_elsewhere, tree_digest


def test_a_tilde_in_site_dir_is_checked_where_it_builds(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    home = project.root / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = tree_digest(project.content)
    result = project.run("build", "--site-dir", "~/../content")
    assert result.exit_code == 2 and "refused" in result.output
    assert tree_digest(project.content) == before


def test_the_site_folder_never_holds_the_deny_list(project: Project) -> None:
    project.build()
    deny = project.site / "deny.txt"
    deny.write_text("Zebedee\n", encoding="utf-8")
    result = project.run("build", "--deny-list", str(deny))
    assert result.exit_code == 2 and "which the build reads" in result.output
    assert deny.read_text(encoding="utf-8") == "Zebedee\n"


def test_two_builds_of_one_project_take_turns(project: Project) -> None:
    project.build()
    with lock_held_elsewhere(project.config):
        result = project.build("--audience", "internal")
    assert "Another build of this project is running" in result.output


@pytest.mark.parametrize("epoch", ["abc", "-1", "99999999999999", "²"])
def test_a_bad_source_date_epoch_is_a_usage_error(
    project: Project, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = project.run("build")
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('copyright: "<img src=x onerror=alert(1)>"', "copyright"),
        ("site_author: 'x\" http-equiv=\"refresh'", "site_author"),
        ("repo_url: 'javascript:alert(1)'", "repo_url"),
        ("repo_name: '<b>x</b>'", "repo_name"),
    ],
)
def test_more_settings_are_text_and_local_files(project: Project, line: str, field: str) -> None:
    project.config.write_text(line + "\n" + project.config.read_text(encoding="utf-8"), encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 2, result.output
    assert f":1:1: {field}: " in result.output and not project.site.exists()


def test_a_script_from_another_host_is_refused(project: Project) -> None:
    text = project.config.read_text(encoding="utf-8")
    assert "  - assets/javascripts/briefings.js\n" in text
    project.config.write_text(
        text.replace("  - assets/javascripts/briefings.js\n", "  - https://cdn.example.org/x.js\n"), "utf-8"
    )
    result = project.run("build")
    assert result.exit_code == 2 and "extra_javascript[0]: " in result.output and "another host" in result.output


def test_a_hand_written_page_front_matter_is_plain_text(project: Project) -> None:
    page = project.content / "pages" / "contact-us.md"
    page.write_text("---\ndescription: '1;url=x\" http-equiv=\"refresh'\n---\n# Contact\n", encoding="utf-8")
    result = project.run("build")
    assert result.exit_code == 1 and "(front matter).description: must be plain text" in result.output


def test_a_page_named_like_a_generated_file_is_refused(project: Project) -> None:
    (project.content / "pages" / "feed.xml.md").write_text("# Feed\n", encoding="utf-8")
    result = project.run("validate")
    assert result.exit_code == 1 and "has a dot in its name" in result.output


def test_a_port_is_ascii_digits(project: Project) -> None:
    result = project.run("serve", "--dev-addr", "127.0.0.1:²")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_setting_with_a_line_break_cannot_forge_an_error_line(project: Project) -> None:
    forged = "http://x\\ncontent/reviews/a.yaml:1:1: id: FORGED"
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(text[: text.index("\nextra:")] + f'\nextra:\n  feedback_url: "{forged}"\n', "utf-8")
    result = project.run("build")
    assert result.exit_code == 2
    assert not [line for line in result.output.splitlines() if line.startswith("content/reviews/a.yaml")]
