"""Citations of UN documents: Security Council resolutions and UN document symbols.

Resolutions are cited by number ("resolutions 1325 (2000) and 2538 (2020)", "resolution
2518") or by symbol ("S/RES/2436 (2018)"). A Security Council resolution has ``key`` = the
number and ``label`` = ``S/RES/<n> (<year>)`` (``S/RES/<n>`` without a year). A General
Assembly resolution ("General Assembly resolution 72/199", "resolution 1514 (XV)", or a bare
number above the Council's count for the year) is a cited document: type ``DocumentSymbol``
with key ``A/RES/72/199`` (``A/RES/1514 (XV)``), because resolution IRIs are keyed by Security
Council number. Other symbols (S/2020/911, A/74/19, S/PV.8760, S/PRST/2018/10) are
``DocumentSymbol`` mentions keyed by the symbol without its year.
"""

from __future__ import annotations

import re

from peacekg.loaders.entities.names import _word_char, normalize_name
from peacekg.loaders.model import Document, EntityRef
from peacekg.ontology.reference import sc_resolution_bound

__all__ = ["document_year", "find_citations"]

_RES_NUM = (
    r"(?:\d{1,4}/\d{1,4}|ES-\d+/\d+|\d{1,4})"
    r"(?:\s*\((?:\d{4}|[IVXL]+|ES-[IVX]+|S-(?:\d+|[IVXL]+))\))?"
)
# (the regexes below start with a literal, never with a look-behind or an optional group, so
# that the regex engine can skip ahead fast; boundaries are checked in Python)
_RES_BODY = re.compile(r"(?:Security\s+Council|General\s+Assembly|Assembly|Council)\s+$")
_RES_RE = re.compile(
    r"[Rr]esolutions?\s+(?:No\.\s*)?"
    rf"(?P<list>{_RES_NUM}(?:\s*(?:,\s*and|,|and|&)\s*(?:No\.\s*)?{_RES_NUM})*)"
    r"(?![\w/])"
)
_RES_ITEM = re.compile(
    r"(?P<num>\d{1,4}/\d{1,4}|ES-\d+/\d+|\d{1,4})"
    r"(?:\s*\((?P<year>\d{4}|[IVXL]+|ES-[IVX]+|S-(?:\d+|[IVXL]+))\))?"
)
_SYMBOL_RE = re.compile(
    r"(?:A|S|E|ST|UNEP|DP|TD|CRC|CEDAW|CERD|CCPR|HRI|UNW|ICC|CAT|CMW|CRPD)"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s*\((?:\d{4}|[IVXL]+)\))?"
)


def _could_be_council(number: int, year: int | None) -> bool:
    """Whether Security Council resolution ``number`` could exist by the end of ``year``."""
    if year is None:
        return True
    bound = sc_resolution_bound(year)
    return bound is None or number <= bound


def document_year(doc: Document) -> int | None:
    """The year ``doc`` was written (from its date), or ``None`` when it has no date."""
    m = re.match(r"(\d{4})", doc.date or "")
    return int(m.group(1)) if m else None


def find_citations(
    text: str, doc_year: int | None = None
) -> list[tuple[int, int, EntityRef, str, bool]]:
    """Resolutions and document symbols cited in ``text``, as candidate mentions ``(start, end,
    entity, "pat", False)`` in the order found (resolutions first).

    ``doc_year``, the year the text was written, tells a General Assembly resolution cited by
    its bare number from a Council one (see :func:`_could_be_council`).
    """
    out: list[tuple[int, int, EntityRef, str, bool]] = []
    # resolutions
    for m in _RES_RE.finditer(text):
        if m.start() and _word_char(text[m.start() - 1]):
            continue
        bm = _RES_BODY.search(text, max(0, m.start() - 30), m.start())
        body = bm.group() if bm else ""
        ga_body = body.startswith(("General", "Assembly"))
        first = True
        for it in _RES_ITEM.finditer(text, m.start("list"), m.end("list")):
            num, year = it.group("num"), it.group("year")
            s = (bm.start() if bm else m.start()) if first else it.start()
            first = False
            ga = (
                ga_body
                or "/" in num
                or (year is not None and not year.isdigit())
                or not _could_be_council(int(num), int(year) if year else doc_year)
            )
            if ga:
                sym = f"A/RES/{num}" + (f" ({year})" if year and not year.isdigit() else "")
                out.append((s, it.end(), EntityRef("DocumentSymbol", sym, sym), "pat", False))
            else:
                n = str(int(num))
                label = f"S/RES/{n} ({year})" if year else f"S/RES/{n}"
                out.append((s, it.end(), EntityRef("Resolution", n, label), "pat", False))
    # document symbols (S/RES/... are resolutions)
    for m in _SYMBOL_RE.finditer(text):
        if m.start() and (_word_char(text[m.start() - 1]) or text[m.start() - 1] in "/."):
            continue
        sym = m.group().rstrip(".-")
        if not any(c.isdigit() for c in sym):
            continue
        s, e = m.start(), m.start() + len(sym)
        rm = re.match(r"S/RES/(\d{1,4})(?:\s*\((\d{4})\))?$", sym)
        if rm:
            n, year = str(int(rm.group(1))), rm.group(2)
            label = f"S/RES/{n} ({year})" if year else f"S/RES/{n}"
            out.append((s, e, EntityRef("Resolution", n, label), "pat", False))
            continue
        ym = re.search(r"\s*\((\d{4}|[IVXL]+)\)$", sym)
        if ym and not sym.startswith("A/RES/"):
            sym, e = sym[: ym.start()], s + ym.start()
        key = normalize_name(sym)
        out.append((s, e, EntityRef("DocumentSymbol", key, key), "pat", False))
    return out
