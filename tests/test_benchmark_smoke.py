"""A small run of the scale benchmark, so the script keeps working (the full run stays out of the suite)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_benchmark_runs_on_a_small_synthetic_corpus(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARK)
    assert spec and spec.loader
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    figures = benchmark.run(4, tmp_path / "bench", serve=True)
    assert figures["reviews"] == 4
    assert figures["pages"] >= 4 + 40 + 15
    assert figures["noop_files_rewritten"] == 0
    assert 0 < figures["one_edit_pages_rewritten"] < figures["pages"]
    assert figures["python_markdown_floor_seconds"] > 0 and figures["build_to_floor_ratio"] > 0
    assert figures["serve_edit_to_served_seconds"] > 0  # the edit was seen on the served page
    assert figures["median_review_page_kb"] > 10
    assert figures["pages_over_300_kb"] == 0
    assert figures["search_index_pages"] >= 4 + 40 + 15  # reviews, themes, agency types
    assert (tmp_path / "bench" / "site" / "pagefind" / "pagefind-entry.json").is_file()
