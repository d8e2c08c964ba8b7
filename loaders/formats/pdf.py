"""PDF: text of every page in order, without running headers and footers, as paragraphs.

Steps: pypdf extracts each page (layout mode, which keeps vertical gaps as blank lines;
plain mode when layout mode fails); running headers/footers are removed (UN job numbers
and page counters such as ``20-12063 3/23``, bare page numbers, and any line repeated at
the top or bottom of most pages); words hyphenated across line breaks are repaired
(``peace-``/``keeping`` -> ``peacekeeping``, ``troop-``/``contributing`` ->
``troop-contributing``); wrapped lines are joined into paragraphs, with a blank line
between paragraphs, headings and list items kept on their own lines, and a paragraph split
by a page break joined again.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from pathlib import Path

from peacekg.loaders.formats import MEDIA_TYPES, UN_PAGE_MARKER, Converted, finish_text
from peacekg.loaders.model import LoadError

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|of)\s*\d{1,4}|[ivx]{1,5})$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ITEM_START = re.compile(r"^(?:[•●▪◦·\-–*]\s|\d{1,3}[.)]\s|\([a-z0-9]{1,4}\)\s|[a-z]\)\s)", re.I)
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", ")", "]")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LEFT_FRAGMENT = re.compile(r"([A-Za-z]+)-$")
_RIGHT_FRAGMENT = re.compile(r"^([a-z][A-Za-z]*)")

#: First parts that keep their hyphen when a line break falls after them.
_HYPHEN_PREFIXES = frozenset(
    [
        "self",
        "non",
        "ex",
        "well",
        "so",
        "all",
        "half",
        "cross",
        "high",
        "low",
        "long",
        "short",
        "full",
        "large",
        "small",
        "far",
        "wide",
        "decision",
        "policy",
        "troop",
        "police",
        "country",
        "mission",
        "gender",
        "conflict",
        "rule",
        "state",
        "community",
        "member",
        "multi-year",
        "fact",
    ]
)
#: Second parts that make a hyphenated compound (``troop-contributing``, ``long-term``).
_HYPHEN_HEADS = frozenset(
    [
        "contributing",
        "related",
        "based",
        "led",
        "making",
        "term",
        "level",
        "scale",
        "building",
        "oriented",
        "sensitive",
        "responsive",
        "specific",
        "owned",
        "centred",
        "centered",
        "focused",
        "driven",
        "wide",
        "free",
        "affected",
        "friendly",
        "sharing",
        "setting",
        "year",
        "old",
        "run",
        "up",
        "off",
        "like",
        "generating",
        "holding",
    ]
)
#: First parts the UN joins into one word (``peacekeeping``, ``peacebuilding``).
_CLOSED_PREFIXES = frozenset({"peace"})


def _norm_edge(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop headers/footers: UN page markers, page numbers, lines repeated on most pages.

    Only the first and last three non-blank lines of a page are candidates.
    """
    n = len(pages)
    counts: Counter[str] = Counter()
    for lines in pages:
        nonblank = [ln for ln in lines if ln.strip()]
        counts.update({_norm_edge(ln) for ln in nonblank[:3] + nonblank[-3:]})
    threshold = 2 if n <= 3 else max(2, math.ceil(0.4 * n))
    repeated = (
        {k for k, c in counts.items() if c >= threshold and len(k) <= 120} if n > 1 else set()
    )
    out: list[list[str]] = []
    for lines in pages:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(idx[:3] + idx[-3:])
        kept = []
        for i, ln in enumerate(lines):
            if i in edges:
                s = ln.strip()
                if _norm_edge(s) in repeated or _PAGE_NUMBER.match(s) or UN_PAGE_MARKER.match(s):
                    continue
            kept.append(ln)
        out.append(kept)
    return out


def _vocabulary(pages: list[list[str]]) -> set[str]:
    words: set[str] = set()
    for lines in pages:
        for ln in lines:
            words.update(_WORD.findall(ln.lower()))
    return words


def join_hyphenated(left: str, right: str, vocab: set[str]) -> str:
    """Join ``left`` (ending in ``-``) and ``right`` (the next line), repairing the word.

    The hyphen is dropped when the hyphen only split a word (``peace-``/``keeping``) and kept
    for compounds (``troop-``/``contributing``), judged from the document's own vocabulary
    first, then from lists of compound parts.
    """
    lm = _LEFT_FRAGMENT.search(left)
    rm = _RIGHT_FRAGMENT.match(right)
    if not lm or not rm:
        return left + right if left.endswith("-") else left + " " + right
    a, b = lm.group(1), rm.group(1)
    al, bl = a.lower(), b.lower()
    keep: bool
    if any(c.isupper() for c in a[1:]) or any(c.isupper() for c in b) or f"{al}-{bl}" in vocab:
        keep = True
    elif al + bl in vocab or al in _CLOSED_PREFIXES:
        keep = False
    else:
        keep = al in _HYPHEN_PREFIXES or bl in _HYPHEN_HEADS
    return left + right if keep else left[:-1] + right


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip():
            cur.append(ln.strip())
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def _join_paragraph(lines: list[str], width: int, vocab: set[str]) -> str:
    """Join the wrapped lines of one paragraph; keep headings and list items as lines."""
    out = lines[0]
    prev = lines[0]
    for ln in lines[1:]:
        short = len(prev) < 0.6 * width
        if _ITEM_START.match(ln) or (short and ln[:1].isupper()):
            out += ("\n" if _ITEM_START.match(ln) else "\n\n") + ln
        elif prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and ln[:1].islower():
            out = join_hyphenated(out, ln, vocab)
        else:
            out += " " + ln
        prev = ln
    return out


def pages_to_text(pages: list[list[str]]) -> str:
    """Turn the lines of each page (headers already removed) into paragraphed text."""
    vocab = _vocabulary(pages)
    lengths = sorted(len(ln.strip()) for lines in pages for ln in lines if ln.strip())
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    paras: list[list[str]] = []
    for lines in pages:
        page_paras = _paragraphs(lines)
        if page_paras and paras:
            last, first = paras[-1][-1], page_paras[0][0]
            if (not last.endswith(_TERMINAL) or last.endswith("-")) and first[:1].islower():
                paras[-1].extend(page_paras.pop(0))
        paras.extend(page_paras)
    return "\n\n".join(_join_paragraph(p, width, vocab) for p in paras)


def _page_lines(page: object, warnings: list[str], name: str, number: int) -> list[str]:
    text = ""
    try:
        text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:
        try:
            text = page.extract_text()  # type: ignore[attr-defined]
        except Exception as exc:
            warnings.append(f"{name}: page {number}: no text ({type(exc).__name__})")
    return [_SPACES.sub(" ", ln).strip() for ln in (text or "").splitlines()]


def page_texts(data: bytes, path: Path) -> list[str]:
    """The raw text of each page, as extracted before any clean-up (to locate a quote).

    Raises :class:`LoadError` when the PDF cannot be read.
    """
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = list(reader.pages)
    except Exception as exc:
        raise LoadError(path, f"corrupt PDF: {type(exc).__name__}: {exc}"[:300]) from None
    warnings: list[str] = []
    return ["\n".join(_page_lines(p, warnings, path.name, i + 1)) for i, p in enumerate(pages)]


def convert(data: bytes, path: Path) -> Converted:
    """Extract the text of a PDF (see the module docstring)."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise LoadError(path, f"encrypted PDF (cannot decrypt: {exc})") from None
            if not ok:
                raise LoadError(path, "encrypted PDF (password required)")
            warnings.append(f"{path.name}: encrypted PDF opened with an empty password")
        pages_raw = list(reader.pages)
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError(path, "encrypted PDF (password required)") from None
    except (PdfReadError, Exception) as exc:
        raise LoadError(path, f"corrupt PDF: {type(exc).__name__}: {exc}"[:300]) from None
    if not pages_raw:
        raise LoadError(path, "corrupt PDF: no pages")
    pages = [_page_lines(p, warnings, path.name, i + 1) for i, p in enumerate(pages_raw)]
    pages = remove_running_lines(pages)
    text = finish_text(pages_to_text(pages))
    if not text:
        raise LoadError(path, "no text extracted from PDF (scanned images without a text layer?)")
    meta: dict[str, str] = {}
    try:
        info = dict(reader.metadata or {})
        title = str(info.get("/Title") or "").strip()
        subject = str(info.get("/Subject") or "").strip()
    except Exception:
        title = subject = ""
    from peacekg.loaders.metadata import find_symbol

    for value in (title, subject):
        symbol = find_symbol(value) if value else None
        if symbol and "symbol" not in meta:
            meta["symbol"] = symbol
    if (
        title
        and not find_symbol(title)
        and not re.search(r"\.(docx?|pdf|rtf|indd|tmp)\b|^microsoft word|^untitled", title, re.I)
    ):
        meta["title"] = title
    return Converted(text=text, media_type=MEDIA_TYPES["pdf"], meta=meta, warnings=warnings)
