"""Building documents into the store with the real CLI: incremental, prune, bad input."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli, start_cli

from peacekg.graph.store.database import Store, StoreWriter

GOOD = {
    "ghana-remarks.txt": (
        "Statement by the Permanent Representative of Ghana\n\n"
        "Ghana remains firmly committed to the Action for Peacekeeping initiative. "
        "We support the protection of civilians in every mandate.\n"
    ),
    "norway-remarks.md": (
        "# Remarks by the Permanent Representative of Norway\n\n"
        "Norway strongly supports women's full, equal and meaningful participation in "
        "peace operations, and we will continue to fund the Elsie Initiative Fund.\n"
    ),
}


def _corpus(root: Path, docs: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in docs.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _source_files(store: Path) -> list[str]:
    rows = Store(store).select(
        "SELECT ?f WHERE { GRAPH ?d { ?d a pk:Document ; pk:sourceFile ?f } }"
    )
    return sorted(str(r["f"]) for r in rows)


@pytest.mark.slow
def test_seeds_build_validate_export_and_rebuild_is_a_noop(
    seeds_store: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    names = sorted(p.name for p in seeds_dir.iterdir() if p.is_file())
    assert _source_files(seeds_store) == names

    out = tmp_path / "seeds.nq"
    run_cli("export", "--store", seeds_store, "--format", "nquads", "--output", out, check=True)
    text = out.read_text(encoding="utf-8")
    pk = "https://w3id.org/peacekg/ontology#"
    docs = re.findall(
        rf"^(<[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{pk}Document> \1 \.$",
        text,
        re.M,
    )
    assert len(docs) == len(names)
    for name in names:
        assert f'<{pk}sourceFile> "{name}"' in text

    proc = run_cli("validate", "--store", seeds_store)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout

    generation = Store(seeds_store).generation
    again = run_cli("build", seeds_dir, "--store", seeds_store, check=True)
    assert "0 built, 3 unchanged" in again.stdout
    assert Store(seeds_store).generation == generation
    out2 = tmp_path / "again.nq"
    run_cli("export", "--store", seeds_store, "--format", "nquads", "--output", out2, check=True)
    assert out2.read_bytes() == out.read_bytes()


def test_incremental_change_and_prune(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", GOOD)
    store = tmp_path / "store"
    first = run_cli("build", corpus, "--store", store, check=True)
    assert "2 built, 0 unchanged" in first.stdout
    assert _source_files(store) == sorted(GOOD)

    (corpus / "ghana-remarks.txt").write_text(
        GOOD["ghana-remarks.txt"] + "\nWe also back partnerships with the African Union.\n",
        encoding="utf-8",
    )
    second = run_cli("build", corpus, "--store", store, check=True)
    assert "1 built, 1 unchanged" in second.stdout

    (corpus / "norway-remarks.md").unlink()
    third = run_cli("build", corpus, "--store", store, check=True)
    assert "no longer exist on disk" in third.stdout
    assert _source_files(store) == sorted(GOOD)
    fourth = run_cli("build", corpus, "--store", store, "--prune", check=True)
    assert "1 removed" in fourth.stdout
    assert _source_files(store) == ["ghana-remarks.txt"]


def test_bad_files_are_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    bad = {
        "empty.txt": "",
        "binary.txt": bytes(range(256)) * 8,
        "broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf",
        "image.html": b"\x89PNG\r\n\x1a\n" + bytes(200),
    }
    corpus = _corpus(tmp_path / "corpus", {**GOOD, **bad})
    store = tmp_path / "store"
    proc = run_cli("build", corpus, "--store", store)
    assert proc.returncode == 1
    for name in bad:
        assert re.search(rf"error: {re.escape(name)}: \S", proc.stderr), proc.stderr
    assert "2 built" in proc.stdout and "4 failed" in proc.stdout
    assert _source_files(store) == sorted(GOOD)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", GOOD)
    proc = run_cli("build", corpus, tmp_path / "no-such-folder", "--store", tmp_path / "s")
    assert proc.returncode == 1
    assert "no-such-folder" in proc.stderr
    assert _source_files(tmp_path / "s") == sorted(GOOD)


def test_concurrent_build_gets_store_is_locked(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", GOOD)
    store = tmp_path / "store"
    with StoreWriter(store):
        proc = run_cli("build", corpus, "--store", store)
    assert proc.returncode != 0
    assert "store is locked" in proc.stderr


@pytest.mark.slow
def test_killed_build_leaves_previous_store(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", GOOD)
    store = tmp_path / "store"
    run_cli("build", corpus, "--store", store, check=True)
    before = Store(store).generation
    many = {
        f"speech-{i:03d}.txt": GOOD["ghana-remarks.txt"] * (i % 7 + 1) + f"\nParagraph {i}.\n"
        for i in range(300)
    }
    _corpus(corpus, many)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "peacekg.cli",
            "build",
            str(corpus),
            "--store",
            str(store),
            "-j",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(store.glob("gen-*"))) < 2:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Store(store).generation == before
    assert _source_files(store) == sorted(GOOD)
    run_cli("build", corpus, "--store", store, check=True)
    assert len(_source_files(store)) == len(GOOD) + len(many)


def _summary_matches_a_full_recompute(store: Path) -> int:
    """Assert the summary graph equals one computed from scratch; return its size."""
    from peacekg.graph.ingest.summary import summary_quads
    from peacekg.ontology.namespaces import SUMMARY_GRAPH

    with StoreWriter(store) as writer:  # nothing is written: the generation is discarded
        stored = set(writer.quads(graph=SUMMARY_GRAPH))
        fresh = set(summary_quads(writer.query_raw))
    assert stored == fresh
    return len(stored)


def test_incremental_summary_equals_a_full_recompute(tmp_path: Path) -> None:
    from peacekg.graph.ingest.documents import build

    docs = dict(GOOD)
    docs["kenya-remarks.txt"] = (
        "Statement by the Permanent Representative of Kenya\n\n"
        "Kenya supports resolution 2538 (2020) and the protection of civilians.\n"
    )
    corpus = _corpus(tmp_path / "corpus", docs)
    store = tmp_path / "store"
    build([corpus], store, jobs=1)
    sizes = [_summary_matches_a_full_recompute(store)]

    # a new state starts backing an A4P area that others back: new co-backing pairs
    (corpus / "ghana-remarks.txt").write_text(
        GOOD["ghana-remarks.txt"] + "\nGhana supports women's full participation in peace "
        "operations and resolution 2538.\n",
        encoding="utf-8",
    )
    assert len(build([corpus], store, jobs=1).built) == 1
    sizes.append(_summary_matches_a_full_recompute(store))

    # a state stops backing everything: its summaries and co-backing pairs go
    (corpus / "kenya-remarks.txt").write_text("Kenya thanks the President.\n", encoding="utf-8")
    build([corpus], store, jobs=1)
    sizes.append(_summary_matches_a_full_recompute(store))

    # a removed document, and a new one
    (corpus / "norway-remarks.md").unlink()
    _corpus(corpus, {"chile.txt": "Chile will deploy 40 engineers to UNIFIL.\n"})
    report = build([corpus], store, jobs=1, prune=True)
    assert report.removed and report.built
    sizes.append(_summary_matches_a_full_recompute(store))
    assert len(set(sizes)) > 2  # the changes did change the summary


@pytest.mark.slow
def test_seeds_conform_under_rdfs_inference_too(seeds_store: Path) -> None:
    """pk:inStatement is a sub-property of prov:wasDerivedFrom: the shapes allow what follows."""
    proc = run_cli("validate", "--store", seeds_store, "--inference", "rdfs")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    assert "conforms" in proc.stdout


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(entry))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("distinct", [True, False], ids=["ten-files", "ten-copies"])
def test_build_waits_for_every_process_it_started(tmp_path: Path, distinct: bool) -> None:
    """No process a build started (workers, multiprocessing's helper) outlives it, not even
    for a moment as a zombie handed to init: when its workers extract the files, and when
    the workers it started ahead find nothing to do (ten copies of two files: built once)."""
    docs = {
        f"{name.split('-')[0]}-{i}.txt": f"{text}\nParagraph {i}.\n" if distinct else text
        for i in range(5)
        for name, text in GOOD.items()
    }
    corpus = _corpus(tmp_path / "corpus", docs)
    proc = start_cli("build", corpus, "--store", tmp_path / "kg", "-j", "2")
    seen: set[int] = set()
    while proc.poll() is None:
        seen |= _children(proc.pid)
        time.sleep(0.01)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert f"documents: {10 if distinct else 2} built" in out
    assert len(seen) >= 2  # the workers were started, and seen
    left = {pid for pid in seen if Path(f"/proc/{pid}").exists()}
    assert not left, f"{len(left)} of {len(seen)} processes outlived the build"
    assert "resource_tracker" not in err, err  # no warning of leaked semaphores
