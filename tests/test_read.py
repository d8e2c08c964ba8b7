"""read_document, sidecars, manifests and discovery, on files written here."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from peacekg.loaders.discover import discover, load_manifest
from peacekg.loaders.formats import SUPPORTED_SUFFIXES
from peacekg.loaders.model import LoadError
from peacekg.loaders.read import DEFAULT_MAX_BYTES, read_document

GHANA = (
    "Statement by the Permanent Representative of Ghana\n\n"
    "Mr. President, Ghana has served in the United Nations Interim Force in Lebanon, which "
    "the Security Council established by resolution 425 (1978).\n"
)


def test_constants() -> None:
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def test_document_fields_and_stable_id(tmp_path: Path) -> None:
    path = tmp_path / "Ghana Remarks.txt"
    path.write_text(GHANA, encoding="utf-8")
    doc = read_document(path)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    assert doc.doc_id == f"ghana-remarks-{digest}"
    assert read_document(path).doc_id == doc.doc_id
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.media_type == "text/plain"
    assert doc.path == path
    assert doc.text == GHANA.strip()
    assert doc.kind == "statement"
    assert doc.warnings == []
    # the id follows the path, not the content
    path.write_text(GHANA + "Thank you.\n", encoding="utf-8")
    changed = read_document(path)
    assert changed.doc_id == doc.doc_id and changed.sha256 != doc.sha256
    # relative and absolute paths give the same id
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert read_document(Path("Ghana Remarks.txt")).doc_id == doc.doc_id
    finally:
        os.chdir(cwd)


def test_meta_argument_and_sidecar_override_detection(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    doc = read_document(
        path,
        meta={"date": "14 September 2020", "type": "briefing", "speaker": "GHA", "session": "75"},
    )
    assert doc.date == "2020-09-14"
    assert doc.kind == "briefing"
    assert doc.extra == {"speaker": "GHA", "session": "75"}

    (tmp_path / "ghana.txt.meta.json").write_text(
        json.dumps(
            {
                "date": "2020-09-15",
                "symbol": "S/2020/911",
                "title": "Ghana at the open debate",
                "kind": "statement",
                "speaker": "GHA",
                "url": "https://example.org/ghana",
                "language": "en",
            }
        ),
        encoding="utf-8",
    )
    doc = read_document(path, meta={"date": "2020-01-01", "kind": "briefing"})
    assert doc.date == "2020-09-15"  # the sidecar wins over meta
    assert doc.kind == "statement"
    assert doc.symbol == "S/2020/911"
    assert doc.title == "Ghana at the open debate"
    assert doc.source_url == "https://example.org/ghana"
    assert doc.extra["speaker"] == "GHA"
    assert doc.extra["language"] == "en"


def test_short_sidecar_name_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "ghana.md"
    path.write_text(GHANA, encoding="utf-8")
    (tmp_path / "ghana.meta.json").write_text('{"kind": "speech", "date": "soon"}', "utf-8")
    doc = read_document(path)
    assert doc.kind == "statement"  # unknown kind ignored with a warning
    assert doc.date is None
    assert len(doc.warnings) == 2 and all("ghana.md" in w for w in doc.warnings)


def test_invalid_sidecar_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    (tmp_path / "ghana.txt.meta.json").write_text("{not json", "utf-8")
    with pytest.raises(LoadError, match=r"ghana\.txt\.meta\.json: invalid sidecar"):
        read_document(path)


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_manifest_applies(tmp_path: Path, kind: str) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    if kind == "csv":
        (tmp_path / "manifest.csv").write_text(
            "file,date,type,speaker,url\nsub/ghana.txt,2020-09-14,statement,GHA,"
            "https://example.org/g\nother.txt,,,,\n",
            encoding="utf-8",
        )
    else:
        (tmp_path / "manifest.json").write_text(
            json.dumps(
                [
                    {
                        "file": "sub/ghana.txt",
                        "date": "2020-09-14",
                        "type": "statement",
                        "speaker": "GHA",
                        "url": "https://example.org/g",
                    }
                ]
            ),
            encoding="utf-8",
        )
    rows, problems = load_manifest(tmp_path)
    assert problems == []
    assert rows[path.resolve()] == {
        "date": "2020-09-14",
        "type": "statement",
        "speaker": "GHA",
        "url": "https://example.org/g",
    }
    doc = read_document(path, meta=rows[path.resolve()])
    assert (doc.date, doc.kind, doc.source_url, doc.extra["speaker"]) == (
        "2020-09-14",
        "statement",
        "https://example.org/g",
        "GHA",
    )


def test_manifest_of_the_files_folder_applies_automatically(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,date,speaker\nghana.txt,2019,GHA\n", "utf-8")
    doc = read_document(path)
    assert doc.date == "2019" and doc.extra["speaker"] == "GHA"


def test_bad_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"files": 3}', "utf-8")
    rows, problems = load_manifest(tmp_path)
    assert rows == {} and len(problems) == 1
    assert str(problems[0]) == "manifest.json: invalid manifest: entry 'files': not an object"
    (tmp_path / "manifest.json").write_text('[{"date": "2020"},\n {"file": "a.txt"', "utf-8")
    rows, problems = load_manifest(tmp_path)
    assert [str(p) for p in problems] == [
        "manifest.json: invalid manifest: line 2, column 18: invalid JSON: Expecting ',' delimiter"
    ]
    (tmp_path / "manifest.json").write_text(
        '[{"date": "2020"}, {"file": "a.txt", "date": "2021"}, {"file": "../b.txt"}, 7]', "utf-8"
    )
    rows, problems = load_manifest(tmp_path)
    assert rows == {(tmp_path / "a.txt").resolve(): {"date": "2021"}}
    assert [p.reason for p in problems] == [
        "invalid manifest: row 1: no 'file'",
        "invalid manifest: row 3: 'file' '../b.txt' is outside the manifest's folder",
        "invalid manifest: row 4: not an object",
    ]
    assert load_manifest(tmp_path / "nowhere") == ({}, [])


def test_bad_csv_manifest_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_bytes(
        b'file,date\na.txt,2021\n"b\n.txt",2022\n,2023\nc.txt,caf\xe9\n/etc/passwd,2024\n'
    )
    rows, problems = load_manifest(tmp_path)
    assert rows == {
        (tmp_path / "a.txt").resolve(): {"date": "2021"},
        (tmp_path / "b\n.txt").resolve(): {"date": "2022"},
    }
    assert [p.reason for p in problems] == [
        "invalid manifest: row 3 (line 5): no 'file'",
        "invalid manifest: row 4 (line 6): invalid UTF-8",
        "invalid manifest: row 5 (line 7): 'file' '/etc/passwd' is outside the manifest's folder",
    ]
    (tmp_path / "manifest.csv").write_text("name,date\na.txt,2021\n", "utf-8")
    assert [p.reason for p in load_manifest(tmp_path)[1]] == [
        "invalid manifest: line 1: no 'file' column"
    ]


def test_bad_sidecar_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    sidecar = tmp_path / "ghana.meta.json"
    sidecar.write_text('{\n  "date": "2020",\n  "kind" "statement"\n}', "utf-8")
    with pytest.raises(LoadError, match=r"ghana\.meta\.json: invalid sidecar metadata: line 3, "):
        read_document(path)
    sidecar.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(LoadError, match="nested too deeply"):
        read_document(path)
    sidecar.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(LoadError, match="not UTF-8"):
        read_document(path)


def test_discover(tmp_path: Path) -> None:
    for rel in [
        "b.txt",
        "a.PDF",
        "deep/x/c.md",
        "deep/d.docx",
        "deep/e.htm",
        "skip.png",
        "deep/c.md.meta.json",
        "manifest.csv",
        "manifest.json",
        ".hidden.txt",
        ".git/f.txt",
        "deep/.cache/g.txt",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", "utf-8")
    files, errors = discover([tmp_path, tmp_path / "b.txt", tmp_path / "missing.txt"])
    assert [str(p.relative_to(tmp_path)) for p in files] == [
        "a.PDF",
        "b.txt",
        "deep/d.docx",
        "deep/e.htm",
        "deep/x/c.md",
    ]
    assert len(errors) == 1 and errors[0].path.name == "missing.txt"
    assert "missing.txt" in str(errors[0])
    files, errors = discover([tmp_path / "skip.png"])
    assert files == [] and "unsupported" in errors[0].reason


def test_ungdc_file(tmp_path: Path) -> None:
    folder = tmp_path / "Session 72 - 2017"
    folder.mkdir()
    path = folder / "GHA_72_2017.txt"
    path.write_bytes(
        b"\xef\xbb\xbfGhana has contributed to United Nations peacekeeping since 1960, when "
        b"its troops served in the Congo.\r\nWe remain committed.\r\n"
    )
    doc = read_document(path)
    assert doc.kind == "general-debate"
    assert doc.date == "2017"
    assert doc.extra == {"speaker_code": "GHA", "session": "72", "year": "2017"}
    assert doc.text.startswith("Ghana has contributed")  # no BOM
    assert "\r" not in doc.text and doc.text.endswith("committed.")


UNGDC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ungdc-1946-2017.tar.gz"


@pytest.mark.slow
def test_ungdc_sample_from_the_corpus(tmp_path: Path) -> None:
    """Read the first 300 speeches of the real corpus (extracted to a temp dir)."""
    import tarfile

    if not UNGDC.is_file():
        pytest.skip("UNGDC corpus not available")
    names: list[Path] = []
    with tarfile.open(UNGDC) as tar:
        for member in tar:
            if member.isfile() and re.search(r"/[A-Z]{2,3}_\d+_\d{4}\.txt$", member.name):
                tar.extract(member, tmp_path, filter="data")
                names.append(tmp_path / member.name)
                if len(names) >= 300:
                    break
    for path in names:
        doc = read_document(path)
        assert doc.kind == "general-debate" and doc.extra["year"] in path.name
        assert doc.text and "\ufeff" not in doc.text


def test_discover_follows_linked_folders_once(tmp_path: Path) -> None:
    from peacekg.loaders.discover import discover

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.txt").write_text("Ghana supports the protection of civilians.\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(real, target_is_directory=True)
    (corpus / "again").symlink_to(real, target_is_directory=True)
    (real / "sub" / "loop").symlink_to(real, target_is_directory=True)
    files, errors = discover([corpus])
    assert not errors
    assert [p.name for p in files] == ["a.txt"]
