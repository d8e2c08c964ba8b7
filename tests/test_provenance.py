"""``peacekg show``: a commitment's evidence found again in its source file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_formats import make_pdf

from peacekg.graph.query.provenance import find_in, skeleton

NORWAY = (
    "Statement by the Permanent Representative of Norway\n\n"
    "The Council meets today on an important subject for all of us here.\n"
    "Norway strongly supports the Action for Peace-\nkeeping initiative and its Declaration "
    "of Shared\nCommitments, and we will deploy 40 police officers to MINUSMA next year.\n"
)
GHANA = """<html><head><title>Statement by Ghana</title></head><body>
<h1>Statement by the Permanent Representative of Ghana</h1>
<p>Mr. President, thank you for convening this debate on peace &amp; security.</p>
<p>Ghana <em>firmly supports</em> the protection of civilians in United Nations
peacekeeping operations, and calls on all Member States to implement resolution 2286 (2016).</p>
</body></html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("show")
    (folder / "norway.txt").write_text(NORWAY, encoding="utf-8")
    (folder / "ghana.html").write_text(GHANA, encoding="utf-8")
    make_pdf(
        folder / "chile.pdf",
        [
            ["Statement by the Permanent Representative of Chile", "",
             "We meet today to discuss the future of peace operations in a changing world."],
            ["Chile reaffirms its full support for the Women, Peace and Security agenda",
             "and calls for the full participation of women in peacekeeping operations."],
        ],
    )  # fmt: skip
    store = folder / "store"
    run_cli("build", folder, "--store", store, check=True)
    return folder, store


def _commitment(store: Path, file: str) -> str:
    q = "SELECT ?c WHERE { ?c a pk:Commitment ; prov:wasDerivedFrom ?d . ?d pk:sourceFile ?f }"
    proc = run_cli("query", q, "--store", store, "--bind", f'f="{file}"', "--format", "csv")
    return proc.stdout.splitlines()[1]


def test_text_evidence_is_located_by_line_and_column(corpus: tuple[Path, Path]) -> None:
    folder, store = corpus
    iri = _commitment(store, "norway.txt")
    proc = run_cli("show", iri, "--store", store, "--format", "json", check=True)
    shown = json.loads(proc.stdout)
    raw = (folder / "norway.txt").read_text(encoding="utf-8")
    o = shown["original"]
    assert raw[o["start"] : o["end"]] == shown["evidence"]
    assert (o["line"], o["column"]) == (4, 1)
    assert shown["actor"] == "Norway"
    text = run_cli("show", iri, "--store", store, check=True).stdout
    assert "original file: line 4, column 1" in text and "»Norway strongly supports" in text


def test_html_evidence_is_located_across_tags_and_entities(corpus: tuple[Path, Path]) -> None:
    folder, store = corpus
    iri = _commitment(store, "ghana.html").replace("https://w3id.org/peacekg/id/", "pkid:")
    shown = json.loads(run_cli("show", iri, "--store", store, "--format", "json").stdout)
    raw = (folder / "ghana.html").read_text(encoding="utf-8")
    o = shown["original"]
    assert raw[o["start"] : o["end"]].startswith("Ghana <em>firmly supports</em> the protection")
    assert raw[o["start"] : o["end"]].endswith("resolution 2286 (2016).")
    assert o["line"] == 4
    assert "peace & security" in shown["before"]


def test_pdf_evidence_gets_its_page(corpus: tuple[Path, Path]) -> None:
    _, store = corpus
    shown = json.loads(
        run_cli(
            "show",
            _commitment(store, "chile.pdf"),
            "--store",
            store,
            "--format",
            "json",
            check=True,
        ).stdout
    )
    assert shown["original"]["page"] == 2


def test_a_changed_file_or_unknown_commitment_is_said_plainly(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, store = corpus
    iri = _commitment(store, "norway.txt")
    original = (folder / "norway.txt").read_text(encoding="utf-8")
    try:
        (folder / "norway.txt").write_text(original + "\nOne more line.\n", encoding="utf-8")
        proc = run_cli("show", iri, "--store", store, check=True)
        assert "changed since the build" in proc.stdout
        assert "Norway strongly supports" in proc.stdout  # the graph's own evidence still shows
    finally:
        (folder / "norway.txt").write_text(original, encoding="utf-8")
    proc = run_cli("show", "pkid:document/none/commitment/1", "--store", store)
    assert proc.returncode == 1
    assert "no commitment" in proc.stderr and "Traceback" not in proc.stderr


def test_find_in_prefers_the_occurrence_nearest_the_hint() -> None:
    text = "We back it. Filler text here. We back it."
    assert find_in(text, "We back it.", 0.9) == (30, 41)
    assert find_in(text, "We back it.", 0.0) == (0, 11)
    assert find_in(text, "absent words", 0.5) is None
    assert skeleton("A-b")[0] == "ab"
