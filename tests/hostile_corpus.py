"""Write an adversarial corpus: hostile files beside good ones, as after a bad scrape.

``python tests/hostile_corpus.py DIR`` writes it; :func:`write_corpus` returns what a build
of ``DIR/corpus`` must do with it: the files it must build (:attr:`Corpus.good`) and the
names it must report as failed (:attr:`Corpus.bad`, file name -> a pattern of the reason).
Files outside ``DIR/corpus`` (``DIR/outside.txt``) are targets of path traversal that a
build must neither read into a document's metadata nor touch.

All the text is written for peacekg.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_docs import repeated_statements

GOOD = (
    "Statement by Ghana at the Security Council open debate on peacekeeping.\n\n"
    "Ghana remains committed to United Nations peacekeeping. Ghana will deploy a formed "
    "police unit to UNMISS and pledges 150 peacekeepers to UNIFIL in 2024.\n"
)


@dataclass
class Corpus:
    """What a build of :attr:`root` must report."""

    root: Path
    good: list[Path] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason pattern)
    root_only: list[str] = field(default_factory=list)  # cases only root could not test


def _docx(document_xml: bytes | None = None, *, bomb: int = 0) -> bytes:
    """A minimal DOCX package; with ``bomb``, a document part of that many spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        if bomb:
            with z.open("word/document.xml", "w", force_zip64=True) as part:
                chunk = b" " * (1 << 20)
                for _ in range(bomb >> 20):
                    part.write(chunk)
        else:
            z.writestr("word/document.xml", document_xml or b"")
    return buf.getvalue()


def _docx_text(text: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    return _docx(
        f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{paras}</w:body>'
        "</w:document>".encode()
    )


def _pdf(text: str, password: str | None = None) -> bytes:
    """A one-page PDF of ``text``, encrypted with ``password`` when one is given."""
    from test_bad_input import _pdf_bytes

    return _pdf_bytes(text, password)


def write_corpus(base: Path, *, one_liner_bytes: int = 200_000) -> Corpus:
    """Write the corpus under ``base/corpus`` (and ``base/outside.txt``); see the module."""
    root = base / "corpus"
    root.mkdir(parents=True)
    corpus = Corpus(root)
    (base / "outside.txt").write_text(GOOD, "utf-8")

    def good(rel: str, data: bytes | str) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):  # each its own text: identical files are built only once
            data = f"{data}\nGood file {len(corpus.good) + 1}.\n"
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        corpus.good.append(path)
        return path

    def bad(rel: str, data: bytes | str | None, reason: str) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        corpus.bad.append((path.name, reason))
        return path

    # good files, some with odd names and encodings
    good("plain/ghana.txt", GOOD)
    good("plain/ghana.docx", _docx_text(GOOD))
    good("plain/ghana.pdf", _pdf(GOOD))
    good('names/it\'s a "quoted" name.txt', GOOD)
    good("names/new\nline.txt", GOOD)
    good("names/ünïcødé 和平 مرحبا.md", GOOD)
    good("names/ spaces  .txt", GOOD)
    good("names/-dash-first.txt", GOOD)
    bad(os.fsdecode(b"names/latin1-caf\xe9.txt"), GOOD, "not valid UTF-8")
    good("encodings/utf16-bom.txt", GOOD.encode("utf-16"))
    good("encodings/utf16le-no-bom.txt", GOOD.encode("utf-16-le"))
    good("encodings/utf16be-no-bom.txt", GOOD.encode("utf-16-be"))
    good("encodings/stray-nul.txt", (GOOD * 4).replace("UNMISS", "UN\x00MISS", 1))
    good("repeated/one-line.txt", repeated_statements(one_liner_bytes, one_line=True))
    good("repeated/per-line.txt", repeated_statements(one_liner_bytes, one_line=False))
    depth = 100_000
    # lxml stops at depth 255: the text under it is lost, and the file reported
    bad("nesting/deep.html", "<html><body>" + "<div>" * depth + GOOD + "</div>" * depth, "no text")
    good("nesting/deep-ok.html", "<html><body>" + "<div>" * 200 + GOOD + "</div>" * 200)
    good("nesting/deep-quote.md", ">" * depth + " " + GOOD)
    good("nesting/deep-list.md", "".join("  " * min(i, 2000) + "- x\n" for i in range(2000)) + GOOD)

    # bad files, each reported by name
    bad("encodings/mostly-nul.txt", b"\x00" * 200 + GOOD.encode(), "binary")
    bad("binary/picture.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a PDF")
    bad("binary/empty.txt", b"", "empty file")
    bad("pdf/corrupt.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "corrupt PDF|no text")
    bad("pdf/encrypted.pdf", _pdf(GOOD, password="s3cret"), "encrypted PDF")
    bad("docx/zip-bomb.docx", _docx(bomb=256 << 20), "zip bomb")
    bad("docx/not-a-zip.docx", GOOD, "corrupt DOCX")
    fifo = bad("special/pipe.txt", None, "not a regular file")
    os.mkfifo(fifo)
    loop = root / "special" / "loop-a.txt"
    os.symlink("loop-b.txt", loop)
    os.symlink("loop-a.txt", root / "special" / "loop-b.txt")
    corpus.bad += [("loop-a.txt", "not a regular file"), ("loop-b.txt", "not a regular file")]
    os.symlink("nowhere.txt", root / "special" / "dangling.txt")
    corpus.bad.append(("dangling.txt", "not a regular file"))
    (root / "special" / "folder-loop").symlink_to("..", target_is_directory=True)

    locked = root / "locked" / "locked.txt"
    locked.parent.mkdir()
    locked.write_text(GOOD + "\nA locked file.\n", "utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        corpus.good.append(locked)  # root reads a chmod-000 file: it must simply build
        corpus.root_only.append("permission denied (root can read a chmod-000 file)")
    else:
        corpus.bad.append(("locked.txt", "cannot read|unreadable|Permission denied"))

    # sidecars: invalid, deeply nested; the document is reported naming its sidecar
    bad("sidecars/broken-meta.txt", GOOD, r"broken-meta\.txt\.meta\.json: .*line 1, column")
    (root / "sidecars" / "broken-meta.txt.meta.json").write_text('{"date": 2020,', "utf-8")
    bad("sidecars/deep-meta.txt", GOOD, r"deep-meta\.meta\.json: .*nested too deeply")
    (root / "sidecars" / "deep-meta.meta.json").write_text(
        '{"x": ' + "[" * depth + "]" * depth + "}", "utf-8"
    )

    # manifests: each problem reported naming the manifest and row; the folder still builds
    good("manifest-json/ghana.txt", GOOD)
    good("manifest-json/ghana-2.txt", GOOD)
    (root / "manifest-json" / "manifest.json").write_text(
        json.dumps(
            [
                {"file": "ghana.txt", "date": "2021-05-01"},
                {"date": "2020-01-01", "title": "a row without a file"},
                {"file": "../../outside.txt", "title": "path traversal"},
                {"file": "/etc/hostname", "title": "absolute path"},
            ]
        ),
        "utf-8",
    )
    corpus.bad += [
        ("manifest.json", r"row 2: no 'file'"),
        ("manifest.json", r"row 3: 'file' '\.\./\.\./outside\.txt' is outside"),
        ("manifest.json", r"row 4: 'file' '/etc/hostname' is outside"),
    ]
    good("manifest-csv/ghana.txt", GOOD)
    good("manifest-csv/ghana-2.txt", GOOD)
    (root / "manifest-csv" / "manifest.csv").write_bytes(
        b"file,date,title\nghana.txt,2021-05-01,Ghana\nghana-2.txt,2021,Caf\xe9 \xff\xfe\n"
        b"../outside.txt,2020,traversal\n"
    )
    corpus.bad += [
        ("manifest.csv", r"row 2 \(line 3\): invalid UTF-8"),
        ("manifest.csv", r"row 3 \(line 4\): 'file' '\.\./outside\.txt' is outside"),
    ]
    good("manifest-deep/ghana.txt", GOOD)
    (root / "manifest-deep" / "manifest.json").write_text("[" * depth + "]" * depth, "utf-8")
    corpus.bad.append(("manifest.json", "nested too deeply"))
    return corpus


def main() -> None:
    """Write the corpus into the folder named on the command line and list the cases."""
    base = Path(sys.argv[1])
    corpus = write_corpus(base)
    print(f"{len(corpus.good)} good files, {len(corpus.bad)} bad names under {corpus.root}")


if __name__ == "__main__":
    main()
