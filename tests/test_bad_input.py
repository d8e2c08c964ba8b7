"""Bad input: every failure is a LoadError naming the file, with a clear reason."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacekg.loaders.formats import SUPPORTED_SUFFIXES
from peacekg.loaders.model import Document, LoadError
from peacekg.loaders.read import read_document

TEXT = (
    "The United Nations Interim Force in Lebanon was established by Security Council "
    "resolution 425 (1978).\n"
)


def _pdf_bytes(text: str = TEXT, password: str | None = None) -> bytes:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    data = bytes(pdf.output())
    if password is None:
        return data
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _expect_error(path: Path, pattern: str, **kw: object) -> LoadError:
    with pytest.raises(LoadError, match=pattern) as info:
        read_document(path, **kw)
    assert path.name in str(info.value)
    assert info.value.path == path
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    _expect_error(tmp_path / "nowhere.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    _expect_error(tmp_path / "folder.txt", "directory")


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    _expect_error(path, "unsupported file type")


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _expect_error(path, "empty file")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_whitespace_only(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"blank{suffix}"
    path.write_text("  \n\n\t \r\n", "utf-8")
    _expect_error(path, "no text")


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body> </body></html>", "utf-8")
    _expect_error(path, "no text")


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, "utf-8")
    _expect_error(path, "too large", max_bytes=100)
    assert read_document(path, max_bytes=10_000).text


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(_pdf_bytes(password="peace"))
    _expect_error(path, "encrypted PDF")


def test_pdf_encrypted_with_empty_password_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "open.pdf"
    path.write_bytes(_pdf_bytes(password=""))
    doc = read_document(path)
    assert "resolution 425 (1978)" in doc.text
    assert any("encrypted" in w for w in doc.warnings)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _pdf_bytes(TEXT * 20)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        doc = read_document(path)  # pypdf may recover part of a truncated file
    except LoadError as exc:
        assert "PDF" in exc.reason and "truncated.pdf" in str(exc)
    else:
        assert isinstance(doc, Document)
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    _expect_error(path, "corrupt PDF|no text")


def test_png_renamed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "picture.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _expect_error(path, r"not a PDF.*PNG")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    _expect_error(path, "no text extracted")


def test_zero_byte_and_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "zero.docx"
    path.write_bytes(b"")
    _expect_error(path, "empty file")
    path = tmp_path / "text.docx"
    path.write_text(TEXT, "utf-8")
    _expect_error(path, "corrupt DOCX")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", TEXT)
    path = tmp_path / "zip.docx"
    path.write_bytes(buf.getvalue())
    _expect_error(path, "corrupt DOCX")


def test_binary_as_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 100)
    _expect_error(path, "binary")
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x10\x20" * 100)
    _expect_error(path, "binary")
    path = tmp_path / "controls.md"
    path.write_bytes(bytes(range(1, 9)) * 200)
    _expect_error(path, "binary")


def test_latin1_text(tmp_path: Path) -> None:
    path = tmp_path / "cote.txt"
    text = (
        "La Mission des Nations Unies en Côte d'Ivoire (ONUCI) a été créée en 2004 par la "
        "résolution 1528 du Conseil de sécurité. Elle a achevé son mandat en 2017.\n"
    )
    path.write_bytes(text.encode("latin-1"))
    doc = read_document(path)
    assert "Côte d'Ivoire" in doc.text and "été créée" in doc.text
    assert any("cote.txt" in w and "not UTF-8" in w for w in doc.warnings)


def test_invalid_utf8_bytes_replaced_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(
        "The Mission in Côte d'Ivoire (ONUCI) closed in 2017. ".encode()
        + b"\xff\xfe\xff"
        + b" Its mandate ended on 30 June 2017."
    )
    doc = read_document(path)
    assert "Côte d'Ivoire" in doc.text and "\ufffd" in doc.text
    assert any("broken.txt" in w and "undecodable" in w for w in doc.warnings)


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    assert read_document(path).text == TEXT.strip()


def test_pdf_under_a_txt_name_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "really-a-pdf.txt"
    path.write_bytes(_pdf_bytes())
    doc = read_document(path)
    assert doc.media_type == "application/pdf" and "resolution 425" in doc.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, "utf-8")
    path.chmod(0)
    _expect_error(path, "cannot read")


# --- property tests: anything either loads or raises LoadError ----------------------------

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]


#: The reason read_document's catch-all gives a converter's unexpected exception: a bug.
_CATCH_ALL = re.compile(r"cannot read (text|markdown|html|pdf|docx): ")


def _check(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sample{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path, max_bytes=1 << 16)
        except LoadError as exc:
            assert exc.path == path and path.name in str(exc)
            assert not _CATCH_ALL.match(exc.reason), f"a converter bug: {exc.reason}"
        else:
            assert isinstance(doc, Document) and doc.text.strip()


@settings(
    max_examples=150,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    prefix=st.sampled_from(_PREFIXES),
    data=st.binary(max_size=2048),
    suffix=st.sampled_from(SUPPORTED_SUFFIXES),
)
def test_random_bytes_load_or_raise_load_error(prefix: bytes, data: bytes, suffix: str) -> None:
    _check(prefix + data, suffix)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=1000), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_text_load_or_raise_load_error(text: str, suffix: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"), suffix)


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab -*#_[]()!\n\t<>|`~\\:/0123456789")),
        max_size=400,
    ),
    suffix=st.sampled_from([".md", ".txt", ".html"]),
)
def test_markup_like_text_load_or_raise_load_error(text: str, suffix: str) -> None:
    _check(text.encode("utf-8"), suffix)


def test_zip_bomb_docx_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (8 << 20))  # 8 MB of spaces, about 8 KB packed
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    _expect_error(path, r"refused DOCX: part 'word/document\.xml' is compressed \d+:1")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(TEXT.encode(codec))
    doc = read_document(path)
    assert doc.text == TEXT.strip()
    assert any("no byte-order mark" in w for w in doc.warnings)


def test_a_few_nul_bytes_are_removed_many_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes((TEXT * 3).replace("Lebanon", "Leb\x00anon", 1).encode())
    doc = read_document(path)
    assert "Lebanon" in doc.text and any("1 NUL byte(s) removed" in w for w in doc.warnings)
    path.write_bytes(b"\x00" * 50 + TEXT.encode())
    _expect_error(path, r"binary file \(NUL bytes\)")
