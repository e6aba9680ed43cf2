"""The `briefings` command: validate, check, build and serve; the one place failures become messages and exit codes.

Exit codes: 0 success; 1 content or build errors (`ContentErrors`, `BuildFailed`);
2 usage and configuration errors (`UsageError`, and click's own usage errors).
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click
from mkdocs.config.defaults import MkDocsConfig

from generator import progress
from generator.anonymity import find_identifying_text
from generator.build import Generated, build_site, cache_folder, deny_list_for, generate, load_site_config, user_epoch
from generator.corpus import BuildAudience
from generator.docs_folder import check_docs_folder
from generator.errors import AnonymityFindings, BriefingsError, UsageError
from generator.preview import Preview
from generator.remote_fetch import MarkdownDialect
from generator.site_folder import check_site_dir, project_lock
from generator.validate import validate_content

EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder holding reviews/, themes.yaml, agencies.yaml and pages/.",
)
audience_option = click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    show_default=True,
    help="A public build leaves out every review marked `audience: internal`.",
)
quiet_option = click.option("--quiet", is_flag=True, help="Say nothing about progress; errors are still shown.")
config_option = click.option(
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration: site identity, theme and docs folder.",
)

deny_list_option = click.option(
    "--deny-list",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Names and phrases that must never be published, one a line; kept outside the content folder. "
    "Default: the deny_list setting in mkdocs.yml, if any.",
)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "briefings"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False
    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)


def _report(error: BriefingsError) -> None:
    for line in error.messages():
        click.echo(line, err=True)


def _fail(error: BriefingsError) -> NoReturn:
    _report(error)
    sys.exit(error.exit_code)


def _interrupt_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up as Ctrl-C does: the last good site stays


@dataclass
class Outcome:
    """What a command has done so far, so that an interrupt is reported truthfully."""

    site_replaced: bool = False

    def replaced(self) -> None:
        self.site_replaced = True


@contextmanager
def error_boundary() -> Iterator[Outcome]:
    """Turn every project failure into its messages and exit code: no traceback reaches the user."""
    previous = signal.signal(signal.SIGTERM, _interrupt_on_terminate)
    outcome = Outcome()
    try:
        yield outcome
    except BriefingsError as error:
        _fail(error)
    except KeyboardInterrupt:
        what = (
            "Interrupted after the new site was put in place: the site folder holds the new build."
            if outcome.site_replaced
            else "Interrupted: the site folder was left as it was."
        )
        click.echo(what, err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_content_dir(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise click.BadParameter(f"no such folder: {content_dir}", param_hint="--content")


def _build_once(
    content_dir: Path,
    config_file: Path,
    audience: BuildAudience,
    site_dir: Path,
    site_url: str | None = None,
    deny_list: Path | None = None,
    swapped: Callable[[], None] = lambda: None,
) -> Generated:
    """Check every option and setting, then generate the docs folder and build the site.

    Every refusal comes before anything is written: a refused build leaves the project as it was.
    """
    config = load_site_config(config_file)
    deny = deny_list_for(deny_list, content_dir, config)
    user_epoch()
    if site_url is not None:
        config.site_url = site_url
    custom_dir = config.theme.custom_dir
    sources = {"content": content_dir, "docs": Path(config.docs_dir), "cache": cache_folder(config)}
    if custom_dir:
        sources["theme overrides"] = Path(custom_dir)
    protected = [deny.path] if deny is not None else []
    # The build goes where the check looked (`~` expanded, links resolved).
    site = check_site_dir(site_dir, project_root=config_file.parent, sources=sources, files=protected)
    check_docs_folder(Path(config.docs_dir))
    with project_lock(config_file):  # two builds of one project share its docs folder: one at a time
        generated = generate(content_dir, config, audience, deny_list=deny)
        build_site(config, generated, site, swapped)
    return generated


@click.group()
@click.version_option(package_name="learning-briefings")
def main() -> None:
    """Turn case-review extracts into a searchable synopsis-of-learning website.

    Exit codes: 0 success, 1 content or build errors, 2 usage or configuration errors.
    """


def _site_config(config_file: Path) -> MkDocsConfig | None:
    """The site's configuration where there is one: hand-written pages are read in its Markdown dialect."""
    return load_site_config(config_file) if config_file.is_file() else None


@main.command()
@content_option
@config_option
def validate(content_dir: Path, config_file: Path) -> None:
    """Check the content and report every error at once."""
    _check_content_dir(content_dir)
    with error_boundary():
        content = validate_content(content_dir, markdown=MarkdownDialect.of(_site_config(config_file)))
    lessons = sum(len(review.lessons) for review in content.reviews)
    click.echo(
        f"{content_dir}: {len(content.reviews)} reviews, {lessons} lessons, "
        f"{len(content.themes)} themes, {len(content.agencies)} agency types: valid."
    )


@main.command()
@content_option
@deny_list_option
@audience_option
@config_option
def check(content_dir: Path, deny_list: Path | None, audience: BuildAudience, config_file: Path) -> None:
    """Run the anonymity gate: list text in the reviews that could identify a person.

    Every public build runs the same check and stops at any finding.
    """
    _check_content_dir(content_dir)
    with error_boundary():
        config = _site_config(config_file)
        content = validate_content(content_dir, markdown=MarkdownDialect.of(config))
        findings = find_identifying_text(content, content_dir, audience, deny_list_for(deny_list, content_dir, config))
        if findings:
            raise AnonymityFindings(findings)
    checked = sum(1 for review in content.reviews if audience == "internal" or review.audience == "public")
    click.echo(f"{content_dir}: {checked} reviews checked ({audience}): no findings.")


@main.command()
@content_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True)
@audience_option
@config_option
@deny_list_option
@click.option("--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
@quiet_option
def build(
    content_dir: Path,
    site_dir: Path,
    audience: BuildAudience,
    config_file: Path,
    deny_list: Path | None,
    verbose: bool,
    quiet: bool,
) -> None:
    """Validate, check anonymity, generate the pages and build the site; a failed build keeps the last good site."""
    _setup_logging(verbose)
    _check_content_dir(content_dir)
    with error_boundary() as so_far, progress.reporting(progress.mode_for(quiet)):
        generated = _build_once(content_dir, config_file, audience, site_dir, None, deny_list, so_far.replaced)
    report = generated.report
    click.echo(
        f"Built {generated.reviews} reviews ({audience}) into {site_dir}: "
        f"{len(report.written)} pages written, {report.unchanged} unchanged, {len(report.removed)} removed."
    )


def _serving_address(dev_addr: str) -> tuple[str, int]:
    """`host:port` checked before any build: a bad address or a busy port is a usage error."""
    host, _, port_text = dev_addr.rpartition(":")
    if not host or not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise UsageError(f"--dev-addr {dev_addr}: write it as host:port, for example 127.0.0.1:8000")
    try:
        with socket.create_server((host, int(port_text))):
            pass
    except OSError as error:
        raise UsageError(f"--dev-addr {dev_addr}: cannot serve there ({error.strerror or error})") from error
    return host, int(port_text)


@main.command()
@content_option
@audience_option
@config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@quiet_option
def serve(content_dir: Path, audience: BuildAudience, config_file: Path, dev_addr: str, quiet: bool) -> None:
    """Preview the site, rebuilding when content, templates or theme files change.

    Errors during an edit are printed and the last good build stays on screen.
    """
    from mkdocs.livereload import LiveReloadServer

    _setup_logging(False)
    _check_content_dir(content_dir)
    signal.signal(signal.SIGTERM, _interrupt_on_terminate)  # so the preview folder is removed on SIGTERM too
    with error_boundary():
        host, port = _serving_address(dev_addr)
    site_url = f"http://{host}:{port}/"
    # The preview may hold internal reviews: it lives in a private temporary folder, removed on exit.
    with tempfile.TemporaryDirectory(prefix="briefings-serve-") as folder:
        site_dir = Path(folder) / "site"
        preview = Preview(content_dir, config_file, audience, site_dir, site_url)

        def rebuild() -> None:
            try:
                with progress.reporting(progress.mode_for(quiet)):
                    preview.update()
            except BriefingsError as error:
                _report(error)
                click.echo("Showing the last good build.", err=True)

        with error_boundary(), progress.reporting(progress.mode_for(quiet)):  # there is no good build to show yet
            preview.build()
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
        templates = Path(__file__).parent / "templates"
        for watched in (content_dir, templates, config_file, config_file.parent / "overrides"):
            if watched.exists():
                server.watch(str(watched))
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("Stopped.")
        finally:
            server.shutdown()
            preview.wait_for_search_index()
