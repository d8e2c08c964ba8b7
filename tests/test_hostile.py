"""Hostile corpora through the real CLI: bad files reported by name, the rest built, the store
valid, nothing else on disk touched; per-file time budget; builds killed at random moments.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from conftest import run_cli
from hostile_corpus import write_corpus
from hostile_docs import repeated_statements

from peacekg.graph.store import Store


def _listing(root: Path, skip: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (not following links) with its type, size, mode and
    modification time, except ``skip`` and what is under it."""
    out: dict[str, tuple] = {}
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(dirpath, d) != skip]
        for name in dirs + files:
            path = Path(dirpath, name)
            st = path.lstat()
            kind = stat.S_IFMT(st.st_mode)
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            out[os.fsencode(path.relative_to(root)).hex()] = (
                kind,
                size,
                st.st_mode,
                st.st_mtime_ns,
            )
    return out


def _source_paths(store: Path) -> set[str]:
    rows = Store(store).select(
        "SELECT ?p WHERE { GRAPH ?d { ?d a pk:Document ; pk:sourcePath ?p } }"
    )
    return {str(r["p"]) for r in rows}


@pytest.mark.slow
def test_adversarial_corpus_builds_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    store = tmp_path / "store"
    before = _listing(tmp_path, store)

    proc = run_cli("build", corpus.root, "--store", store, "-j", "2", timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    for name, pattern in corpus.bad:
        shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
        assert any(
            ln.startswith(f"error: {shown}: ") and re.search(pattern, ln) for ln in errors
        ), f"{name!r} not reported as /{pattern}/:\n" + "\n".join(errors)
    assert len(errors) == len(corpus.bad), "\n".join(errors)
    assert "documents: " in proc.stdout

    built = _source_paths(store)
    assert built == {str(p) for p in corpus.good}, built ^ {str(p) for p in corpus.good}
    # the good rows of the manifests still apply; the bad ones do not
    dates = Store(store).select(
        "SELECT ?p ?date WHERE { GRAPH ?d { ?d pk:sourcePath ?p ; dcterms:date ?date } }"
    )
    by_path = {str(r["p"]): str(r["date"]) for r in dates}
    assert by_path[str(corpus.root / "manifest-json" / "ghana.txt")].startswith("2021-05-01")
    assert by_path[str(corpus.root / "manifest-csv" / "ghana.txt")].startswith("2021-05-01")

    assert _listing(tmp_path, store) == before  # nothing but the store written or touched

    valid = run_cli("validate", "--store", store, timeout=300)
    assert valid.returncode == 0, valid.stdout + valid.stderr

    # a second build changes nothing and reports the same problems
    again = run_cli("build", corpus.root, "--store", store, timeout=300)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert f"documents: 0 built, {len(corpus.good)} unchanged" in again.stdout, again.stdout
    assert sorted(ln for ln in again.stderr.splitlines() if ln.startswith("error: ")) == sorted(
        errors
    )


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_budget_fails_and_the_rest_builds(tmp_path: Path, jobs: str) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "huge-one-liner.txt").write_text(repeated_statements(2_000_000, one_line=True), "utf-8")
    for i in range(8):  # enough files for worker processes with -j 2
        (root / f"small-{i}.txt").write_text(repeated_statements(2_000, one_line=False), "utf-8")
    store = tmp_path / "store"
    proc = run_cli("build", root, "--store", store, "-j", jobs, "--max-seconds", "1", timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == ["error: huge-one-liner.txt: took longer than 1 s (--max-seconds)"], errors
    assert len(_source_paths(store)) == 8
