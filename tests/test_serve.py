"""`briefings serve`: checks its address first, keeps the last good build through mistakes, cleans up on exit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import Project, tree_digest

SERVE = "from generator.cli import main; main()"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


@contextmanager
def serving(project: Project, port: int, tmp: Path) -> Iterator[subprocess.Popen[str]]:
    """`briefings serve` in a child process, with its temporary folders under `tmp` and its messages in tmp/log."""
    command = [sys.executable, "-c", SERVE, "serve", "--content", str(project.content)]
    command += ["--config-file", str(project.config), "--dev-addr", f"127.0.0.1:{port}"]
    log = (tmp / "log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        command, cwd=project.root, env={**os.environ, "TMPDIR": str(tmp)}, stderr=log, stdout=log, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert server.poll() is None, (tmp / "log").read_text(encoding="utf-8")
                time.sleep(0.2)
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        log.close()


def wait_for(condition: object, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_bad_address_is_refused_before_building(project: Project) -> None:
    for address in ("nonsense", "127.0.0.1:99999", "127.0.0.1:http", ":8000"):
        result = project.run("serve", "--dev-addr", address)
        assert result.exit_code == 2, (address, result.output)
        assert "--dev-addr" in result.output and "Traceback" not in result.output
    assert not project.docs.exists()  # nothing was generated


def test_busy_port_is_refused_before_building(project: Project) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = project.run("serve", "--dev-addr", f"127.0.0.1:{port}")
    assert result.exit_code == 2 and "cannot serve there" in result.output
    assert not project.docs.exists()


def test_serve_keeps_the_last_good_build_through_mistakes_and_cleans_up(project: Project, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    with serving(project, port, tmp) as server:
        page = f"http://127.0.0.1:{port}/reviews/northshire-2020-child-p/"
        assert "Child P" in fetch(page)
        assert list(tmp.glob("briefings-serve-*"))
        good_config = project.config.read_text(encoding="utf-8")
        project.config.write_text("- not\n- a mapping\n", encoding="utf-8")
        time.sleep(3)  # the server watches mkdocs.yml and rebuilds
        assert server.poll() is None  # still serving
        assert "Child P" in fetch(page)  # the last good build
        project.config.write_text(good_config, encoding="utf-8")
        project.edit("reviews/northshire-2020-child-p.yaml", "title: Child P", "title: Child P edited")
        assert wait_for(lambda: "Child P edited" in fetch(page))
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    errors = (tmp / "log").read_text(encoding="utf-8")
    assert "must be a mapping" in errors and "Showing the last good build." in errors
    assert "Traceback" not in errors
    assert not list(tmp.glob("briefings-serve-*"))  # the preview, which may hold internal reviews, is gone


def test_serve_removes_its_preview_on_sigterm(project: Project, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with serving(project, free_port(), tmp) as server:
        assert list(tmp.glob("briefings-serve-*"))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert not list(tmp.glob("briefings-serve-*"))


def test_an_edit_in_serve_updates_only_what_changed_and_matches_a_full_build(project: Project, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    log = tmp / "log"
    with serving(project, port, tmp):
        (preview,) = tmp.glob("briefings-serve-*/site")
        untouched = preview / "reviews" / "eastvale-2018-baby-q" / "index.html"
        untouched_time = untouched.stat().st_mtime_ns
        project.edit("reviews/northshire-2020-child-p.yaml", "Advice given once at birth", "Advice given only once")
        page = f"http://127.0.0.1:{port}/reviews/northshire-2020-child-p/"
        assert wait_for(lambda: "Advice given only once" in fetch(page))
        assert wait_for(lambda: "Search index updated." in log.read_text(encoding="utf-8"))
        assert untouched.stat().st_mtime_ns == untouched_time  # a page that does not show the edit is not rebuilt
        served_site = tree_digest(preview)
    # The same content built in full, at the address serve used: the same bytes, search index included.
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(f"site_url: http://127.0.0.1:{port}/\n" + config, encoding="utf-8")
    full = project.root / "full-site"
    project.build("--site-dir", str(full))
    assert served_site == tree_digest(full)
