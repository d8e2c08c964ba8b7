"""Word ``.docx``: the body's paragraphs and tables in document order.

Paragraphs are separated by a blank line; consecutive list paragraphs stay on consecutive
lines; each table row becomes one line (cells joined by `` | ``, merged cells once). Page
headers and footers live in other parts of the package and are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from peacekg.loaders.formats import MEDIA_TYPES, Converted, finish_text
from peacekg.loaders.model import LoadError

_WS = re.compile(r"[ \t\u00a0]+")

#: A package whose parts would unpack to more than this many bytes is refused unread.
MAX_UNPACKED_BYTES = 128 << 20
#: A part over 1 MB unpacked that is compressed more than this many times is refused.
MAX_RATIO = 100
#: A package with more parts than this is refused (a real document has a few dozen).
MAX_PARTS = 10_000


def _eocd_entries(data: bytes) -> int | None:
    """The number of parts the ZIP's end-of-central-directory record declares."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 12 > len(data):
        return None
    return int.from_bytes(data[at + 10 : at + 12], "little")


def check_package(data: bytes, path: Path) -> None:
    """Refuse a zip bomb from the sizes the package declares, before inflating any part.

    Reading a part never yields more than its declared size (``zipfile`` stops there and
    fails the CRC check), so the declared sizes bound the memory a conversion can take.
    """
    entries = _eocd_entries(data)
    if entries is not None and entries > MAX_PARTS:
        raise LoadError(path, f"refused DOCX: {entries} parts (more than {MAX_PARTS})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise LoadError(path, f"corrupt DOCX: {exc}"[:300]) from None
    if len(infos) > MAX_PARTS:
        raise LoadError(path, f"refused DOCX: {len(infos)} parts (more than {MAX_PARTS})")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise LoadError(
            path,
            f"refused DOCX: its parts would unpack to {total} bytes "
            f"(more than {MAX_UNPACKED_BYTES}; a zip bomb?)",
        )
    for info in infos:
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise LoadError(
                path,
                f"refused DOCX: part {info.filename!r} is compressed "
                f"{info.file_size // max(1, info.compress_size)}:1 (a zip bomb?)",
            )


def _is_list(paragraph: Any) -> bool:
    style = (getattr(paragraph.style, "name", "") or "").lower()
    if "list" in style:
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _table_lines(table: Any) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            text = _WS.sub(" ", " ".join(p.text for p in cell.paragraphs)).strip()
            if text:
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def convert(data: bytes, path: Path) -> Converted:
    """Extract the text of a ``.docx`` file (see the module docstring)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError(path, "corrupt DOCX: not a ZIP package")
    check_package(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, bool]] = []  # (text, is list item)
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                lines = _table_lines(item)
                if lines:
                    blocks.append(("\n".join(lines), False))
            else:
                text = "\n".join(_WS.sub(" ", ln).strip() for ln in item.text.split("\n"))
                if text.strip():
                    blocks.append((text.strip(), _is_list(item)))
        props = document.core_properties
        title = (props.title or "").strip()
    except LoadError:
        raise
    except PackageNotFoundError as exc:
        raise LoadError(path, f"corrupt DOCX: {exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError, OSError) as exc:
        raise LoadError(path, f"corrupt DOCX: {type(exc).__name__}: {exc}"[:300]) from None
    except Exception as exc:  # lxml syntax errors and other package damage
        raise LoadError(path, f"corrupt DOCX: {type(exc).__name__}: {exc}"[:300]) from None
    parts: list[str] = []
    prev_list = False
    for text, is_list in blocks:
        if parts:
            parts.append("\n" if is_list and prev_list else "\n\n")
        parts.append(text)
        prev_list = is_list
    text = finish_text("".join(parts))
    if not text:
        raise LoadError(path, "no text in DOCX")
    meta = {"title": title} if title else {}
    return Converted(text=text, media_type=MEDIA_TYPES["docx"], meta=meta)
