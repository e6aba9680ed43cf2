"""The `briefings` command: validate, build and serve."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from mkdocs.exceptions import Abort, ConfigurationError

from generator.build import build_site, generate, load_site_config
from generator.errors import ContentErrors
from generator.render import UnsafeDocsFolder
from generator.validate import validate_content

EXIT_CONTENT_ERRORS = 1

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
config_option = click.option(
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration: site identity, theme and docs folder.",
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


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_CONTENT_ERRORS)


def _report_content_errors(errors: ContentErrors) -> None:
    for error in errors.errors:
        click.echo(str(error), err=True)
    _fail(f"{len(errors.errors)} error(s) found; nothing was built.")


def _check_content_dir(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise click.BadParameter(f"no such folder: {content_dir}", param_hint="--content")


def _load_config(config_file: Path, site_dir: Path | None = None):
    if not config_file.is_file():
        raise click.BadParameter(f"no such file: {config_file}", param_hint="--config-file")
    try:
        return load_site_config(config_file, site_dir)
    except (ConfigurationError, Abort) as error:
        _fail(f"{config_file}: {error}")


@click.group()
@click.version_option(package_name="learning-briefings")
def main() -> None:
    """Turn case-review extracts into a searchable synopsis-of-learning website."""


@main.command()
@content_option
def validate(content_dir: Path) -> None:
    """Check the content and report every error at once."""
    _check_content_dir(content_dir)
    try:
        content = validate_content(content_dir)
    except ContentErrors as errors:
        _report_content_errors(errors)
        return
    lessons = sum(len(review.lessons) for review in content.reviews)
    click.echo(
        f"{content_dir}: {len(content.reviews)} reviews, {lessons} lessons, "
        f"{len(content.themes)} themes, {len(content.agencies)} agency types: valid."
    )


@main.command()
@content_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True)
@audience_option
@config_option
@click.option("--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def build(content_dir: Path, site_dir: Path, audience: str, config_file: Path, verbose: bool) -> None:
    """Validate, generate the pages and build the site; a failed build keeps the last good site."""
    _setup_logging(verbose)
    _check_content_dir(content_dir)
    config = _load_config(config_file)
    try:
        generated = generate(content_dir, config, audience)  # type: ignore[arg-type]
        build_site(config, generated.corpus, site_dir)
    except ContentErrors as errors:
        _report_content_errors(errors)
    except UnsafeDocsFolder as error:
        _fail(str(error))
    except Abort as error:
        _fail(f"The site build failed; {site_dir} was left as it was. {error}")
    report = generated.report
    click.echo(
        f"Built {len(generated.corpus.reviews)} reviews ({audience}) into {site_dir}: "
        f"{len(report.written)} pages written, {report.unchanged} unchanged, {len(report.removed)} removed."
    )


@main.command()
@content_option
@audience_option
@config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(content_dir: Path, audience: str, config_file: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding when content, templates or theme files change."""
    import tempfile

    from mkdocs.livereload import LiveReloadServer

    _setup_logging(False)
    _check_content_dir(content_dir)
    host, _, port = dev_addr.rpartition(":")
    site_dir = Path(tempfile.mkdtemp(prefix="briefings-serve-"))

    def rebuild() -> None:
        config = _load_config(config_file)
        config.site_url = f"http://{host}:{port}/"
        try:
            generated = generate(content_dir, config, audience)  # type: ignore[arg-type]
            build_site(config, generated.corpus, site_dir)
        except ContentErrors as errors:
            for error in errors.errors:
                click.echo(str(error), err=True)
            click.echo("Content errors: showing the last good build.", err=True)
        except Abort as error:
            click.echo(f"Build failed: {error}; showing the last good build.", err=True)

    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir))
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
