"""The anonymity gate: `briefings check`, and every public build, stop at text that could identify a person."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import Project, make_project, tree_digest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "anonymity"
CHILD_J = "reviews/eastbrook-2021-child-j.yaml"
RUBY = "reviews/eastbrook-2022-ruby.yaml"

# Every rule, each at the line and column where its text starts in the fixture.
CHILD_J_FINDINGS = [
    '6:9: author: "Alex" is a first name, and not the review\'s pseudonym',
    '8:47: summary: "EB1 2AB" is a postcode',
    '8:60: summary: "DOB" gives a date of birth',
    '9:29: summary: "born on 3 March 2019" gives a date of birth',
    '10:3: summary: "Little Acorns Nursery" names a school or nursery',
    '10:31: summary: "St Mary\'s Primary School" names a school or nursery',
    '15:45: lessons[0].text: "07700 900123" is a phone number',
    '16:14: lessons[0].text: "mother.j@example.org" is an e-mail address',
    '16:52: lessons[0].text: "943 476 5919" is an NHS number',
    '21:15: lessons[1].text: "12 May 2020, aged 14 months" gives an exact age with a date, which tells the date of birth',
    '21:64: lessons[1].text: "Mrs Patel" names a person',
    '24:31: questions[0]: "Jade" is a first name, and not the review\'s pseudonym',
]


@pytest.fixture
def gated(tmp_path: Path) -> Project:
    """The shared fixture corpus plus this file's own two reviews: Child J (one finding of every kind) and Ruby."""
    project = make_project(tmp_path / "project")
    for review in FIXTURES.glob("*.yaml"):
        shutil.copy(review, project.content / "reviews")
    return project


@pytest.fixture
def clean(gated: Project) -> Project:
    """Only Ruby left: a public review with no findings."""
    (gated.content / CHILD_J).unlink()
    return gated


def findings(project: Project, output: str, review: str) -> list[str]:
    """The findings in one review file, as `line:col: field: message` (a warning's level label left out)."""
    prefix = f"{project.content / review}:"
    return [line.split(prefix, 1)[1] for line in output.splitlines() if prefix in line]


def write_deny_list(project: Project, *lines: str) -> Path:
    path = project.root / "private" / "deny-list.txt"  # beside the project, outside the content folder
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_rule_is_found_at_its_line_and_column(gated: Project) -> None:
    result = gated.run("check")
    assert result.exit_code == 1, result.output
    assert findings(gated, result.output, CHILD_J) == CHILD_J_FINDINGS
    assert f"{len(CHILD_J_FINDINGS)} anonymity finding(s); nothing was published." in result.output
    assert "Traceback" not in result.output


def test_pseudonym_and_everyday_capitals_are_not_findings(clean: Project) -> None:
    # Ruby is the review's own name for the child; Will, May, June, Frank, Grace and Mark start sentences or
    # name months; Victoria Hospital, St George's and the Royal College of Nursing are places and bodies;
    # 0300 numbers are organisations' lines.
    result = clean.run("check")
    assert result.exit_code == 0, result.output
    assert "4 reviews checked (public): no findings." not in result.output  # the internal review is not counted
    assert "3 reviews checked (public): no findings." in result.output


def test_a_name_used_as_a_name_is_found_at_a_sentence_start_too(clean: Project) -> None:
    clean.edit(RUBY, "Grace periods end.", "Grace periods end. Later Grace said so.")
    result = clean.run("check")
    assert findings(clean, result.output, RUBY) == [
        '8:54: summary: "Grace" is a first name, and not the review\'s pseudonym',
        '8:79: summary: "Grace" is a first name, and not the review\'s pseudonym',
    ]


def test_acknowledged_phrases_pass(gated: Project) -> None:
    checked = [
        "Alex Reviewer",
        "EB1 2AB",
        "Her DOB",
        "born on 3 March 2019",
        "Little Acorns Nursery",
        "St Mary's Primary School",
        "07700 900123",
        "mother.j@example.org",
        "943 476 5919",
        "12 May 2020, aged 14 months",
        "Mrs Patel",
        "asked Jade",
    ]
    acknowledgement = "anonymity:\n  checked:\n" + "".join(f'    - "{phrase}"\n' for phrase in checked)
    gated.edit(CHILD_J, "summary: >-", acknowledgement + "summary: >-")
    result = gated.run("check")
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_an_acknowledgement_covers_only_its_own_phrase(gated: Project) -> None:
    gated.edit(CHILD_J, "summary: >-", 'anonymity: {checked: ["Alex Reviewer"]}\nsummary: >-')
    gated.edit(CHILD_J, "asked Jade about", "asked Alex about")
    result = gated.run("check")
    lines = findings(gated, result.output, CHILD_J)
    assert not any(line.startswith("6:9: author") for line in lines)
    assert '25:31: questions[0]: "Alex" is a first name, and not the review\'s pseudonym' in lines


def test_a_stale_acknowledgement_is_an_error(clean: Project) -> None:
    clean.edit(RUBY, "summary: >-", 'anonymity:\n  checked: ["Kayleigh"]\nsummary: >-')
    result = clean.run("check")
    assert result.exit_code == 1, result.output
    assert findings(clean, result.output, RUBY) == [
        '7:13: anonymity.checked[0]: "Kayleigh" passes no finding in this review: remove it from anonymity.checked'
    ]


def test_deny_listed_name_stops_a_public_build_and_keeps_the_last_site(clean: Project) -> None:
    deny_list = write_deny_list(clean, "# names the board knows", "", "Kayleigh Smith")
    clean.build("--deny-list", str(deny_list))
    site, docs = tree_digest(clean.site), tree_digest(clean.docs)

    clean.edit(RUBY, "nobody asked who", "nobody asked kayleigh smith who")
    result = clean.run("build", "--deny-list", str(deny_list))
    assert result.exit_code == 1, result.output
    assert findings(clean, result.output, RUBY) == ['14:48: lessons[0].text: "kayleigh smith" is on the deny-list']
    assert "nothing was published" in result.output
    assert tree_digest(clean.site) == site
    assert tree_digest(clean.docs) == docs


def test_a_deny_listed_name_cannot_be_acknowledged(clean: Project) -> None:
    deny_list = write_deny_list(clean, "Kayleigh Smith")
    clean.edit(RUBY, "nobody asked who", "nobody asked Kayleigh Smith who")
    clean.edit(RUBY, "summary: >-", 'anonymity: {checked: ["Kayleigh Smith"]}\nsummary: >-')
    result = clean.run("check", "--deny-list", str(deny_list))
    assert findings(clean, result.output, RUBY) == [
        '6:23: anonymity.checked[0]: "Kayleigh Smith" passes no finding in this review: remove it from '
        "anonymity.checked",
        '15:48: lessons[0].text: "Kayleigh Smith" is on the deny-list',
    ]


def test_the_deny_list_setting_is_used_by_check_and_build(clean: Project) -> None:
    write_deny_list(clean, "Ruby")
    config = clean.config.read_text(encoding="utf-8")
    clean.config.write_text(config.replace("extra:\n", "extra:\n  deny_list: private/deny-list.txt\n"), "utf-8")
    result = clean.run("check", "--config-file", str(clean.config))
    assert result.exit_code == 1, result.output
    assert '7:3: summary: "Ruby" is on the deny-list' in findings(clean, result.output, RUBY)
    assert clean.run("build").exit_code == 1


@pytest.mark.parametrize("how", ["option", "setting"])
def test_a_deny_list_inside_the_content_folder_is_refused(clean: Project, how: str) -> None:
    inside = clean.content / "deny-list.txt"
    inside.write_text("Kayleigh Smith\n", encoding="utf-8")
    if how == "option":
        result = clean.run("build", "--deny-list", str(inside))
    else:
        config = clean.config.read_text(encoding="utf-8")
        clean.config.write_text(config.replace("extra:\n", "extra:\n  deny_list: content/deny-list.txt\n"), "utf-8")
        result = clean.run("build")
    assert result.exit_code == 2, result.output
    assert "the deny-list is inside the content folder" in result.output
    assert not clean.site.exists()


def test_a_missing_deny_list_is_a_usage_error(clean: Project) -> None:
    result = clean.run("check", "--deny-list", str(clean.root / "nowhere.txt"))
    assert result.exit_code == 2, result.output
    assert "no such file" in result.output


def test_internal_build_warns_and_builds(gated: Project) -> None:
    result = gated.run("build", "--audience", "internal")
    assert result.exit_code == 0, result.output
    assert findings(gated, result.stderr, CHILD_J) == CHILD_J_FINDINGS
    assert "a public build would stop" in result.stderr
    assert (gated.site / "reviews" / "eastbrook-2021-child-j" / "index.html").is_file()


def test_internal_reviews_are_not_checked_for_a_public_build(clean: Project) -> None:
    clean.edit("reviews/westmoor-2022-family-r.yaml", "about Family R.", "about Family R and Jade.")
    assert clean.run("check").exit_code == 0
    result = clean.run("check", "--audience", "internal")
    assert result.exit_code == 1
    assert "is a first name" in result.output


def test_acknowledgements_stay_out_of_the_open_data(clean: Project) -> None:
    clean.edit(RUBY, "Will staff ask", "Will Dr Okafor ask")
    clean.edit(RUBY, "summary: >-", 'anonymity: {checked: ["Dr Okafor"]}\nsummary: >-')
    clean.build()
    reviews = json.loads((clean.site / "data" / "reviews.json").read_text(encoding="utf-8"))["reviews"]
    assert all("anonymity" not in review for review in reviews)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Her number was 9434765919.", '"9434765919" is an NHS number'),
        ("The reference was 9434765918.", None),  # fails the NHS modulus 11 check
        ("Ring +44 (0)20 7946 0018 today.", '"+44 (0)20 7946 0018" is a phone number'),
        ("Ring 0808 800 5000 for help.", None),  # a freephone service line
        ("Her date of birth: 03/03/2019 was wrong.", '"date of birth: 03/03/2019" gives a date of birth'),
        ("The date of birth was wrong on the form.", None),
        ("She was 5 weeks old on 2 June 2019.", '"5 weeks old on 2 June 2019" gives an exact age with a date'),
        ("She was 5 weeks old. On 2 June 2019 the team met.", None),
        ("Oakwood Academy staff met.", '"Oakwood Academy" names a school or nursery'),
        ("Primary School staff met.", None),
        ("Staff at King's College Hospital met.", None),
    ],
)
def test_rules_and_their_limits(clean: Project, text: str, finding: str | None) -> None:
    clean.edit(RUBY, "When Ruby moved school, nobody asked who lived at home.", json.dumps(text))
    result = clean.run("check")
    lines = findings(clean, result.output, RUBY)
    if finding is None:
        assert result.exit_code == 0, result.output
    else:
        assert len(lines) == 1 and finding in lines[0], result.output
        assert lines[0].startswith("14:"), lines
