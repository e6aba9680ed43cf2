"""Scale benchmark: write a synthetic corpus in the content contract, then time generation and the full build.

    python benchmarks/run.py --reviews 2000 [--search]

Prints reviews, pages, generation seconds, build seconds, files rewritten by a
no-op regeneration, median and largest page size, site size, search index size
and peak memory, and writes the same figures as JSON beside the site. With
`--search`, it also serves the site on 127.0.0.1 and times the first search
result in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build_site, generate, load_site_config  # noqa: E402
from generator.cache import CACHE_FOLDER  # noqa: E402
from generator.search_index import SEARCH_FOLDER, build_search_index  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from browser.chromium import CHROMIUM, CHROMIUM_ARGS, served  # noqa: E402

THEMES = 40
AGENCIES = 15
LESSONS = 10
RECOMMENDATIONS = 8
WORDS = [
    "assessment",
    "risk",
    "baby",
    "parent",
    "health",
    "visitor",
    "social",
    "worker",
    "record",
    "information",
    "share",
    "concern",
    "referral",
    "threshold",
    "plan",
    "meeting",
    "conference",
    "police",
    "hospital",
    "discharge",
    "bruising",
    "history",
    "family",
    "father",
    "mother",
    "supervision",
    "manager",
    "challenge",
    "escalate",
    "agency",
    "school",
    "nursery",
    "midwife",
    "practitioner",
    "review",
    "evidence",
    "decision",
    "protection",
    "welfare",
    "home",
    "visit",
    "child",
    "neglect",
    "injury",
    "support",
    "engagement",
    "capacity",
    "strategy",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    sentences, remaining = [], words
    while remaining > 0:
        length = min(remaining, rng.randint(10, 18))
        sentences.append(sentence(rng, length))
        remaining -= length
    return " ".join(sentences)


def write_corpus(content: Path, reviews: int, seed: int = 7) -> int:
    """Write the synthetic content folder; returns the number of words of review text."""
    rng = random.Random(seed)
    if content.exists():
        shutil.rmtree(content)
    (content / "reviews").mkdir(parents=True)
    theme_ids = [f"theme-{n:02d}" for n in range(THEMES)]
    agency_ids = [f"agency-{n:02d}" for n in range(AGENCIES)]
    themes = [
        {
            "id": t,
            "title": f"Theme {n} {sentence(rng, 2)[:-1]}",
            "summary": sentence(rng, 20),
            "group": "practice",
            "related": [theme_ids[(n + 1) % THEMES]],
            "questions": [sentence(rng, 10)[:-1] + "?"],
        }
        for n, t in enumerate(theme_ids)
    ]
    agencies = [{"id": a, "title": f"Agency type {n}", "summary": sentence(rng, 12)} for n, a in enumerate(agency_ids)]
    (content / "themes.yaml").write_text(yaml.safe_dump(themes, sort_keys=False), encoding="utf-8")
    (content / "agencies.yaml").write_text(yaml.safe_dump(agencies, sort_keys=False), encoding="utf-8")
    words = 0
    for number in range(reviews):
        review_id = f"area-{number % 150:03d}-{2000 + number % 25}-child-{number:05d}"
        lessons = [
            {
                "id": f"lesson-{n}",
                "title": sentence(rng, 7)[:-1],
                "text": paragraph(rng, 80),
                "themes": rng.sample(theme_ids, rng.randint(1, 3)),
                "agencies": rng.sample(agency_ids, rng.randint(1, 3)),
                "ref": f"3.{n + 1}",
            }
            for n in range(LESSONS)
        ]
        recommendations = [
            {
                "id": f"rec-{n}",
                "text": paragraph(rng, 35),
                "agencies": rng.sample(agency_ids, rng.randint(1, 2)),
                "level": rng.choice(["overview", "agency"]),
                "outcome": paragraph(rng, 15),
                "status": rng.choice(["not-stated", "accepted", "in-progress", "implemented"]),
                "ref": f"4.{n + 1}",
            }
            for n in range(RECOMMENDATIONS)
        ]
        review = {
            "id": review_id,
            "title": f"Child {number}",
            "board": f"Area {number % 150} Safeguarding Partnership",
            "review_type": rng.choice(["serious-case-review", "local-child-safeguarding-practice-review"]),
            "published": f"{2000 + number % 25}-{1 + number % 12:02d}",
            "child": {"age_group": "under-1"},
            "harm": ["physical-abuse"],
            "summary": paragraph(rng, 120),
            "lessons": lessons,
            "recommendations": recommendations,
            "questions": [sentence(rng, 10)[:-1] + "?" for _ in range(3)],
        }
        words += 120 + LESSONS * 87 + RECOMMENDATIONS * 50
        (content / "reviews" / f"{review_id}.yaml").write_text(
            yaml.safe_dump(review, sort_keys=False, width=100), encoding="utf-8"
        )
    return words


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


SEARCH_QUERY = "bruising"


def _chromium_pss_mb() -> int:
    """Memory of every Chromium process of this benchmark (proportional set size, so shared pages count once)."""
    total = 0
    for pid in MemorySampler._tree(os.getpid()):
        with contextlib.suppress(OSError):
            if "chrom" in Path(f"/proc/{pid}/comm").read_text():
                total += MemorySampler._pss_kb(pid)
    return total // 1024


def time_first_search(site: Path, timeout_seconds: float = 600) -> dict[str, float | str | int]:
    """Open the home page in Chromium, open search, type a query at once, and time until results are listed.

    Pagefind downloads its script, its WebAssembly and only the index chunks the
    query needs, so this is what a reader waits on a cold page. Bytes are those of
    every search request (`/pagefind/`) up to the first result.
    """
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(timeout_seconds * 1000)
        search_bytes: list[int] = []

        def count(request: Any) -> None:
            if "/pagefind/" in request.url:
                sizes = request.sizes()
                search_bytes.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

        context.on("requestfinished", count)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        started = time.perf_counter()
        page.keyboard.press("/")
        page.keyboard.type(SEARCH_QUERY)
        page.wait_for_selector(".lb-search__result")
        first_result = time.perf_counter() - started
        first_bytes = sum(search_bytes)
        results = page.locator("[data-lb-search-status]").inner_text()
        memory = _chromium_pss_mb()
        # A second query on the same page: Pagefind is loaded, so this is the typing-to-answer time.
        page.locator("#lb-search-input").fill("")
        started = time.perf_counter()
        page.keyboard.type("discharge")
        page.wait_for_function("() => /discharge/i.test(document.querySelector('[data-lb-search-status]').textContent)")
        next_result = time.perf_counter() - started
        browser.close()
    return {
        "search_first_result_seconds": round(first_result, 2),
        "search_first_query_kb": round(first_bytes / 1024, 1),
        "search_next_result_seconds": round(next_result, 2),
        "search_result_count": results,
        "browser_memory_mb": memory,
    }


class MemorySampler:
    """The peak memory of this process and its workers together, sampled as proportional set size (PSS).

    Forked workers share the parent's memory until they change it; PSS counts a
    shared page once, split between the processes sharing it, so the sum is the
    real memory the build takes. Linux only; elsewhere it reports 0.
    """

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids, children = [pid], Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            for child in children.read_text().split():
                pids += MemorySampler._tree(int(child))
        return pids

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:  # the worker ended between listing and reading
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):  # a worker ended while being listed
                self.peak_kb = max(self.peak_kb, sum(self._pss_kb(pid) for pid in self._tree(os.getpid())))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def markdown_floor(docs_dir: Path, config: Any) -> float:
    """Seconds for Python-Markdown alone to convert every page of the docs folder, in one process.

    The same extensions as the site, front matter removed as MkDocs removes it:
    the floor under any pipeline that turns this docs folder into HTML with
    Python-Markdown.
    """
    import markdown
    from mkdocs.utils.meta import get_data

    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    texts = [get_data(path.read_text(encoding="utf-8"))[0] for path in sorted(docs_dir.rglob("*.md"))]
    started = time.perf_counter()
    for text in texts:
        converter.reset().convert(text)
    return time.perf_counter() - started


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def serve_edit_latency(work: Path, review: Path, timeout_seconds: float = 900) -> dict[str, float]:
    """`briefings serve` on the corpus: seconds from saving one review to its new text being served.

    Measured as a reader sees it, by polling the served page for a word the edit
    adds; then the seconds until the search index has been rebuilt in the background.
    """
    import subprocess

    port, log = _free_port(), work / "serve.log"
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve", "--content", "content"]
    command += ["--config-file", "mkdocs.yml", "--dev-addr", f"127.0.0.1:{port}"]
    page = f"http://127.0.0.1:{port}/reviews/{review.stem}/"
    with log.open("w", encoding="utf-8") as stream:
        server = subprocess.Popen(
            command, cwd=work, stdout=stream, stderr=stream, env={**os.environ, "PYTHONPATH": str(REPO)}
        )
        try:
            deadline = time.monotonic() + timeout_seconds
            while time.monotonic() < deadline:
                with contextlib.suppress(OSError):
                    _fetch(page)
                    break
                time.sleep(0.5)
            time.sleep(2)  # let the watcher settle after the first build
            # Letters only: digits could read as an NHS number to the anonymity gate, which refuses the edit.
            marker = "benchmarkedit" + "".join(chr(ord("a") + int(digit)) for digit in str(int(time.time())))
            text = review.read_text(encoding="utf-8")
            review.write_text(text.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
            saved = time.perf_counter()
            served = indexed = float("nan")
            while time.perf_counter() - saved < timeout_seconds:
                with contextlib.suppress(OSError):
                    if marker in _fetch(page):
                        served = time.perf_counter() - saved
                        break
                if "Showing the last good build." in log.read_text(encoding="utf-8"):  # the edit was refused
                    raise RuntimeError("serve refused the benchmark's edit:\n" + log.read_text(encoding="utf-8"))
                time.sleep(0.05)
            while time.perf_counter() - saved < timeout_seconds:
                if log.read_text(encoding="utf-8").count("Search index updated.") >= 1:
                    indexed = time.perf_counter() - saved
                    break
                time.sleep(0.1)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=120)
    return {"serve_edit_to_served_seconds": round(served, 2), "serve_edit_to_search_index_seconds": round(indexed, 2)}


def run(reviews: int, work: Path, search: bool = False, serve: bool = True) -> dict[str, float | int | str]:
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.rmtree(work / "overrides", ignore_errors=True)
    shutil.copytree(REPO / "overrides", work / "overrides")
    for folder in ("docs", CACHE_FOLDER, "site"):
        shutil.rmtree(work / folder, ignore_errors=True)
    content = work / "content"
    words = write_corpus(content, reviews)
    config = load_site_config(work / "mkdocs.yml")
    site = work / "site"

    def timed_build() -> tuple[float, float, Any]:
        started = time.perf_counter()
        generated = generate(content, config, "public")
        generation = time.perf_counter() - started
        build_site(config, generated, site)
        return generation, time.perf_counter() - started, generated

    with MemorySampler() as memory:  # cold: no cache, no docs folder, no site
        generation_seconds, full_seconds, _ = timed_build()
    started = time.perf_counter()  # the search index again, alone, to show its share of the build
    build_search_index(site, output=work / "index-alone")  # beside the site: the site stays as the build left it
    index_seconds = time.perf_counter() - started
    shutil.rmtree(work / "index-alone")
    noop_generation_seconds, noop_full_seconds, noop = timed_build()  # warm, nothing changed
    edited = sorted((content / "reviews").glob("*.yaml"))[reviews // 2]
    edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1), "utf-8")
    edit_generation_seconds, edit_full_seconds, edit = timed_build()  # warm, one review changed
    floor_seconds = markdown_floor(Path(config.docs_dir), config)

    pages = sorted(site.rglob("index.html"))
    review_pages = [p.stat().st_size for p in (site / "reviews").glob("*/index.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    generated_docs = [p.stat().st_size for p in Path(config.docs_dir).rglob("*.md")]
    figures: dict[str, float | int | str] = {
        "reviews": reviews,
        "words_of_review_text": words,
        "pages": len(pages),
        "cold_generation_seconds": round(generation_seconds, 2),
        "cold_full_build_seconds": round(full_seconds, 2),
        "python_markdown_floor_seconds": round(floor_seconds, 2),
        "build_to_floor_ratio": round(full_seconds / floor_seconds, 2),
        "search_index_seconds": round(index_seconds, 2),
        "noop_regeneration_seconds": round(noop_generation_seconds, 2),
        "noop_files_rewritten": len(noop.report.written) + len(noop.report.removed),
        "noop_full_build_seconds": round(noop_full_seconds, 2),
        "one_edit_regeneration_seconds": round(edit_generation_seconds, 2),
        "one_edit_pages_rewritten": len(edit.report.written),
        "one_edit_full_build_seconds": round(edit_full_seconds, 2),
        "median_review_page_kb": round(statistics.median(review_pages) / 1024, 1),
        "largest_page_kb": round(largest.stat().st_size / 1024, 1),
        "largest_page": largest.relative_to(site).parent.as_posix() + "/",
        "pages_over_300_kb": sum(1 for p in pages if p.stat().st_size > 300 * 1024),
        "largest_generated_markdown_kb": round(max(generated_docs) / 1024, 1),
        "site_mb": round(folder_size(site) / 1024 / 1024, 1),
        "search_index_mb": round(folder_size(site / SEARCH_FOLDER) / 1024 / 1024, 2),
        "search_index_pages": len(list((site / SEARCH_FOLDER / "fragment").glob("*.pf_fragment"))),
        "peak_memory_mb": memory.peak_kb // 1024,  # this process and its workers, PSS
    }
    if serve:
        figures.update(serve_edit_latency(work, sorted((content / "reviews").glob("*.yaml"))[reviews // 3]))
    if search:
        figures.update(time_first_search(site))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument(
        "--search", action="store_true", help="also time the first search result in Debian's Chromium (Playwright)"
    )
    parser.add_argument("--no-serve", action="store_true", help="leave out the serve edit-to-served measurement")
    arguments = parser.parse_args()
    work = arguments.work / f"{arguments.reviews}-reviews"
    figures = run(arguments.reviews, work, search=arguments.search, serve=not arguments.no_serve)
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    (work / "figures.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
