"""Hostile corpora through the real CLI: bad files reported by name, the rest built, the store
valid, nothing else on disk touched; per-file time budget; builds killed at random moments.
"""

from __future__ import annotations

import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from hostile_corpus import write_corpus
from hostile_docs import repeated_statements
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacekg.graph.store.database import Store
from peacekg.loaders.model import LoadError

SLOW = [HealthCheck.too_slow]


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
        text = repeated_statements(2_000, one_line=False) + f"\nThis is file {i}.\n"
        (root / f"small-{i}.txt").write_text(text, "utf-8")  # distinct, or built once
    store = tmp_path / "store"
    proc = run_cli("build", root, "--store", store, "-j", jobs, "--max-seconds", "1", timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == ["error: huge-one-liner.txt: took longer than 1 s (--max-seconds)"], errors
    assert len(_source_paths(store)) == 8


# --- fuzzing the converters and the extraction directly (no catch-all in between) ---------

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(max_examples=200, deadline=5000, derandomize=True, suppress_health_check=SLOW)
@given(
    prefix=st.sampled_from(_PREFIXES),
    data=st.binary(max_size=2048),
    fmt=st.sampled_from(["text", "markdown", "html", "pdf", "docx"]),
)
def test_converters_return_text_or_raise_load_error(prefix: bytes, data: bytes, fmt: str) -> None:
    """Each converter, called directly, gives clean text or a LoadError naming the file;
    any other exception fails the test (read_document's catch-all is not in the way)."""
    from peacekg.loaders.formats import docx, finish_text, html, pdf, text

    path = Path(f"fuzz.{fmt}")
    convert = {
        "text": text.convert,
        "markdown": lambda d, p: text.convert(d, p, markdown=True),
        "html": html.convert,
        "pdf": pdf.convert,
        "docx": docx.convert,
    }[fmt]
    try:
        converted = convert(prefix + data, path)
    except LoadError as exc:
        assert exc.path == path and exc.reason
    else:
        assert converted.text == finish_text(converted.text)


_FRAGMENTS = [
    "Statement by France",
    "Statement by Ghana, Mr. Kwame Mensah",
    "On behalf of the African Group, ",
    "France strongly supports ",
    "Ghana pledges 200 peacekeepers to MINUSMA",
    "we will deploy a formed police unit to UNMISS",
    "Indonesia opposes any cut to the budget of MONUSCO",
    "Action for Peacekeeping",
    "Mr. President,",
    "the Security Council",
    "resolution 2719 (2023)",
    "in 2024",
    "USD 5 million",
    "women peacekeepers",
    "As a top troop-contributing country, Bangladesh",
    ". ",
    "\n",
    "\n\n",
    ", ",
    " ",
    ":",
    "THE PRESIDENT:",
    "(spoke in French)",
]


@settings(max_examples=150, deadline=10_000, derandomize=True, suppress_health_check=SLOW)
@given(
    parts=st.lists(
        st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=60
    ),
    kind=st.sampled_from(["document", "statement", "press-release", "general-debate", "letter"]),
)
def test_extraction_keeps_its_offsets_on_any_text(parts: list[str], kind: str) -> None:
    """The pipeline's steps over any text, called directly (no read_document): no exception,
    every span inside the text and every evidence equal to the text at its offsets, and the
    document's quads serialise."""
    import pyoxigraph as ox

    from peacekg.graph.ingest.rdf import extraction_quads
    from peacekg.loaders.formats import finish_text
    from peacekg.loaders.model import Document, Extraction
    from peacekg.loaders.pipeline import Pipeline
    from peacekg.loaders.resources import Resources

    text = finish_text("".join(parts))
    doc = Document("fuzz", Path("fuzz.txt"), text, "0" * 64, "text/plain", kind=kind)
    Pipeline(Resources.shared())(doc)
    for st_ in doc.statements:
        assert 0 <= st_.start <= st_.end <= len(text)
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
    for c in doc.commitments:
        assert text[c.start : c.end] == c.evidence and c.targets
    quads = extraction_quads(
        Extraction.of(doc), built_at="2024-01-01T00:00:00Z", source_path="/fuzz.txt"
    )
    assert ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


# --- crash safety at scale: SIGKILL at random moments of a multi-thousand-file build ------

_STATES = ["Ghana", "France", "Indonesia", "Brazil", "Nepal", "Rwanda", "Uruguay", "Fiji"]
_MISSIONS = ["MINUSMA", "UNMISS", "UNIFIL", "MONUSCO", "MINUSCA", "UNFICYP"]


def _small_corpus(root: Path, n: int, version: int) -> None:
    root.mkdir(exist_ok=True)
    for i in range(n):
        state, mission = _STATES[i % len(_STATES)], _MISSIONS[i % len(_MISSIONS)]
        (root / f"statement-{i:04d}.txt").write_text(
            f"Statement by {state}.\n\n{state} pledges {10 + i + version} peacekeepers to "
            f"{mission} (version {version}).\n",
            "utf-8",
        )


def _dump(store: Path) -> tuple[str | None, str]:
    """The live generation of ``store`` and a digest of all its quads."""
    import hashlib

    import pyoxigraph as ox

    with Store(store) as s:
        lines = sorted(s.oxigraph.dump(format=ox.RdfFormat.N_QUADS).splitlines())
        return s.generation, hashlib.sha256(b"\n".join(lines)).hexdigest()


def _build_cmd(corpus: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "peacekg.cli", "build", str(corpus), "--store", str(store)]


@pytest.mark.slow
def test_build_killed_at_random_moments_leaves_the_last_complete_build(tmp_path: Path) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    _small_corpus(corpus, 2000, version=1)
    t0 = time.monotonic()
    run_cli("build", corpus, "--store", store, "-j", "2", check=True, timeout=300)
    full = time.monotonic() - t0
    expected = first = _dump(store)
    _small_corpus(corpus, 2000, version=2)  # every file changed: the next build redoes all
    rng = random.Random(15)
    # ten moments spread over the rebuild (which takes about as long as the first build):
    # starting, planning, extracting, writing, compacting, publishing
    moments = [full * 0.75 * (i + rng.random()) / 10 for i in range(10)]
    completed = 0
    for moment in moments:
        proc = subprocess.Popen(
            [*_build_cmd(corpus, store), "-j", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the build and its workers, killed together
        )
        try:
            proc.wait(timeout=moment)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        else:
            completed += 1  # finished before its moment: it is the last complete build
            assert proc.returncode == 0
            expected = _dump(store)
        assert _dump(store) == expected, f"killed after {moment:.2f} s of {full:.2f} s"
    assert completed < len(moments) // 2, "the builds finished before most kills"
    run_cli("build", corpus, "--store", store, "-j", "2", check=True, timeout=300)
    assert _dump(store)[1] != first[1]  # the rebuild, once let finish, went live
    assert len(_source_paths(store)) == 2000


def test_a_store_that_cannot_be_created_is_a_one_line_error(tmp_path: Path) -> None:
    doc = tmp_path / "ghana.txt"
    doc.write_text("Statement by Ghana. Ghana pledges 200 peacekeepers to UNMISS.\n", "utf-8")
    proc = run_cli("build", doc, "--store", "/proc/no-such-dir/store", timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "cannot write store /proc/no-such-dir" in proc.stderr


def test_links_named_on_the_command_line_are_reported_by_their_names(tmp_path: Path) -> None:
    (tmp_path / "loop-a.txt").symlink_to("loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to("loop-a.txt")
    (tmp_path / "dangling.txt").symlink_to("nowhere.txt")
    good = tmp_path / "ghana.txt"
    good.write_text("Statement by Ghana. Ghana pledges 200 peacekeepers to UNMISS.\n", "utf-8")
    proc = run_cli(
        "build",
        tmp_path / "loop-a.txt",
        tmp_path / "dangling.txt",
        good,
        "--store",
        tmp_path / "store",
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    errors = sorted(ln for ln in proc.stderr.splitlines() if ln.startswith("error: "))
    assert [e.split(":")[1].strip() for e in errors] == ["dangling.txt", "loop-a.txt"], errors
    assert "documents: 1 built" in proc.stdout
