"""Hardening of hand-written pages' front matter: every value the theme reads is checked before the build.

Each case failed before its fix, with a traceback, a template error deep in
MkDocs, a hang or a crash. Every refusal is a content error at the key's file,
line and column (exit code 1), with no traceback and no file changed.
"""

from __future__ import annotations

import re
import typing

import pytest

from conftest import Project, built_once, run_build_in_subprocess, tree_digest
from generator.front_matter import FrontMatter, front_matter_errors
from generator.theme_files import MATERIAL_TEMPLATES


@pytest.fixture(scope="module")
def site_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project built once: each refusal below must leave its site, docs folder and sources as they are."""
    return built_once(tmp_path_factory, "front-matter")


def refused(project: Project, page_text: str) -> str:
    """Build with `pages/extra-one.md` holding `page_text`; assert the refusal left every file as it was."""
    page = project.content / "pages" / "extra-one.md"
    page.write_text(page_text, encoding="utf-8")
    try:
        before = tree_digest(project.root)
        result = run_build_in_subprocess(project)
        assert result.returncode == 1, result.stderr[-3000:]
        assert "Traceback" not in result.stdout + result.stderr
        assert tree_digest(project.root) == before
        return result.stderr.replace(str(page), "PAGE")
    finally:
        page.unlink()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "---\ntemplate: nosuch.html\n---\n# X\n",
            "PAGE:2:1: (front matter).template: 'nosuch.html' is not a template",
        ),
        ("---\ntitle: X\nhide: 5\n---\n# X\n", "PAGE:3:1: (front matter).hide: expected a list, got '5'"),
        (
            "---\nhide:\n  - toc\n  - menu\n---\n# X\n",
            "PAGE:4:5: (front matter).hide[1]: 'menu' is not one of: navigation,",
        ),
        ("---\nicon: nosuch\n---\n# X\n", "PAGE:2:1: (front matter).icon: 'nosuch' is neither one of Material's icons"),
        ("---\nstatus: [new]\n---\n# X\n", "PAGE:2:1: (front matter).status: a list is not one of: new, deprecated"),
        ("---\ntitle: 5\n---\n# X\n", "PAGE:2:1: (front matter).title: expected text, got '5'"),
        ("---\nsearch: yes\n---\n# X\n", "PAGE:2:1: (front matter).search: expected a mapping of fields, got 'True'"),
        (
            "---\nsearch:\n  exclude: 1\n---\n# X\n",
            "PAGE:3:3: (front matter).search.exclude: Input should be a valid boolean",
        ),
        ("---\ntags: [a]\n---\n# X\n", "PAGE:2:1: (front matter).tags: unknown field 'tags'"),
        (  # Windows line ends: MkDocs reads the page in text mode, so this is front matter to it too
            '---\r\ndescription: "x\\" http-equiv=\\"refresh\\" content=\\"0;url=https://evil.example/"\r\n---\r\n# X\r\n',
            "PAGE:2:1: (front matter).description: must be plain text",
        ),
        ("---\ntitle: X\ntemplate:\n---\n# X\n", "PAGE:3:1: (front matter).template: has no value"),
        (
            "---\ntemplate: partials/footer.html\n---\n# X\n",
            "PAGE:2:1: (front matter).template: 'partials/footer.html' is part",
        ),
        (
            "---\ntemplate: ../../x.html\n---\n# X\n",
            "PAGE:2:1: (front matter).template: '../../x.html' is not a template name",
        ),
        ("---\ntemplate: redirect.html\n---\n# X\n", "PAGE:2:1: (front matter).template: 'redirect.html' is part"),
        (
            "Template: nosuch.html\nHide: toc\n\n# X\n",
            "PAGE:1:1: (front matter).template: 'nosuch.html' is not a template",
        ),
        (
            "Summary: the top line\n\n# X\n",
            "PAGE:1:1: (front matter).summary: unknown field 'summary' (MkDocs reads a 'name: value' line",
        ),
    ],
)
def test_front_matter_the_theme_cannot_use_is_a_located_content_error(
    site_project: Project, text: str, error: str
) -> None:
    assert error in refused(site_project, text)


def test_every_front_matter_error_of_a_page_comes_at_once(site_project: Project) -> None:
    output = refused(site_project, "---\nhide: 5\nicon: nosuch\ntemplate: nosuch.html\n---\n# X\n")
    assert "PAGE:2:1: (front matter).hide: " in output
    assert "PAGE:3:1: (front matter).icon: " in output
    assert "PAGE:4:1: (front matter).template: " in output
    assert "3 error(s) found; nothing was built." in output


def test_front_matter_aliases_and_deep_nesting_are_refused_without_expanding_them(site_project: Project) -> None:
    laughs = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    output = refused(site_project, f"---\n{laughs}---\n# X\n")
    assert "PAGE:2:4: (front matter).b[0]: YAML anchors and aliases (&name, *name) are not allowed" in output
    output = refused(site_project, "---\ntitle: " + "[" * 30_000 + "x" + "]" * 30_000 + "\n---\n# X\n")
    assert "(front matter).title" in output and "levels deep" in output


def test_front_matter_the_theme_can_use_builds(project: Project) -> None:
    page = project.content / "pages" / "extra-one.md"
    page.write_text(
        "---\ntitle: Extra page\ndescription: What this page is for\ntemplate: main.html\nhide: [toc, navigation]\n"
        "icon: material/library\nstatus: new\nsearch:\n  exclude: true\n---\n# Extra\n\nText.\n",
        encoding="utf-8",
    )
    project.build()
    html = project.page("extra-one/")
    assert "<title>Extra page - " in html and 'content="What this page is for"' in html
    assert 'data-md-component="sidebar" data-md-type="toc" hidden' in html


def test_without_the_theme_folders_names_are_checked_but_files_are_not() -> None:
    text = "---\ntemplate: board.html\nicon: board/crest\n---\n# X\n"
    assert front_matter_errors(text, "page.md", None) == []
    errors = front_matter_errors(text, "page.md", [MATERIAL_TEMPLATES])
    assert [error.field for error in errors] == ["(front matter).template", "(front matter).icon"]


def test_hide_takes_exactly_the_values_material_hides_by() -> None:
    templates = "".join(path.read_text(encoding="utf-8") for path in MATERIAL_TEMPLATES.rglob("*.html"))
    hidden = set(re.findall(r'"([a-z]+)" in page\.meta\.hide', templates))
    assert hidden == set(typing.get_args(typing.get_args(FrontMatter.model_fields["hide"].annotation)[0]))
