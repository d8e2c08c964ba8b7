"""A large document's N-Quads are spooled to a file and loaded in pieces (issue 15: memory).

The thresholds are lowered here so that small documents take the path of a 20 MB one; the
graph written must be the one a build holding everything in memory writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_docs import repeated_statements

from peacekg.graph.ingest.documents import build
from peacekg.graph.store import spool
from peacekg.graph.store.database import Store, StoreWriter
from peacekg.graph.store.spool import SPOOL_PREFIX, Spool, nquads_pieces

_GENERATED = "<http://www.w3.org/ns/prov#generatedAtTime>"


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "repeated.txt").write_text(repeated_statements(30_000, one_line=False))
    (root / "ghana.txt").write_text(
        "Statement by the Permanent Representative of Ghana\n\n"
        "Ghana remains firmly committed to the Action for Peacekeeping initiative. "
        "We support the protection of civilians in every mandate.\n"
    )
    return root


def _quads(store: Path) -> set[str]:
    """Every quad of the store but the build time, as N-Quads lines."""
    with Store(store) as st:
        lines = {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None, None)}
    return {line for line in lines if _GENERATED not in line}


def test_a_spooled_document_builds_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    whole = build([corpus], tmp_path / "whole", jobs=1)
    monkeypatch.setattr(spool, "SPILL_BYTES", 2_000)
    monkeypatch.setattr(spool, "LOAD_BYTES", 5_000)
    spooled = build([corpus], tmp_path / "spooled", jobs=1)
    assert whole.ok and spooled.ok and len(spooled.built) == 2
    assert spooled.commitments == whole.commitments > 100
    assert _quads(tmp_path / "spooled") == _quads(tmp_path / "whole")
    assert not list((tmp_path / "spooled").glob(SPOOL_PREFIX + "*")), "spooled files deleted"


def test_the_next_writer_removes_a_killed_builds_spooled_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with StoreWriter(store):
        pass
    left = store / f"{SPOOL_PREFIX}killed.nq"
    left.write_bytes(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n")
    with StoreWriter(store):
        pass
    assert not left.exists()


def test_spool_stays_in_memory_until_it_spills_and_pieces_are_whole_lines(
    tmp_path: Path,
) -> None:
    lines = [f"<urn:s{i}> <urn:p> <urn:o{i}> <urn:g> .\n".encode() for i in range(400)]
    small = Spool(str(tmp_path), spill=1 << 20)
    for line in lines:
        small.write(line)
    assert small.close() == b"".join(lines) and small.path is None

    big = Spool(str(tmp_path), spill=1_000)
    for line in lines:
        big.write(line)
    assert big.close() == b"" and big.path is not None
    pieces = list(nquads_pieces(big.path, 1_000))
    assert len(pieces) > 5 and all(p.endswith(b"\n") for p in pieces)
    assert b"".join(pieces) == b"".join(lines)
    big.discard()
    assert not Path(big.path).exists()


def test_a_quad_is_written_once_across_chunks() -> None:
    """Duplicates are skipped among the quads held and among those already written out."""
    import io

    import pyoxigraph as ox

    from peacekg.graph.ingest.rdf import _Triples

    out = io.BytesIO()
    t = _Triples(ox.NamedNode("https://example.org/g"), chunk=2, out=out)
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    for value in ["a", "a", "b", "a", "c", "b", "c", "d"]:  # a, b written; then c, d
        t.add(s, p, ox.Literal(value))
    t.flush()
    lines = out.getvalue().decode().splitlines()
    assert [line.split('"')[1] for line in lines] == ["a", "b", "c", "d"]
