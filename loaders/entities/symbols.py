"""Citations of UN documents: Security Council resolutions and UN document symbols.

Resolutions are cited by number ("resolutions 1325 (2000) and 2538 (2020)", "resolution
2518") or by symbol ("S/RES/2436 (2018)"). A Security Council resolution has ``key`` = the
number and one label for every citation (:func:`council_label`): ``S/RES/<n> (<year>)`` where
the record fixes the year, else ``S/RES/<n>``; speakers misremember or OCR garbles years
("435 (1970)", "435 (1987)" for the 1978 resolution), and a label must not change from one
document to the next. The cited year still tells a Council resolution from an Assembly one. OCR
splits of a number are joined ("resolution 43 5 (1978)" is 435, "43 I (1978)" 431); a number
followed by "per cent" is no resolution. A General Assembly resolution ("General Assembly
resolution 72/199", "resolution 1514 (XV)", a special session's "S-10/2", which OCR reads
"8-10/2", or a bare number above the Council's count for the year) is a cited document: type
``DocumentSymbol`` with key ``A/RES/72/199`` (``A/RES/1514 (XV)``, ``A/RES/S-10/2``), because
resolution IRIs are keyed by Security Council number. Other symbols (S/2020/911, A/74/19,
S/PV.8760, S/PRST/2018/10) are ``DocumentSymbol`` mentions keyed by the symbol without its
year. Another body's resolution ("OAU resolution 104", "Commission on Human Rights
resolution 4") is neither.
"""

from __future__ import annotations

import bisect
import functools
import re

from peacekg.loaders.entities.names import _word_char, normalize_name
from peacekg.loaders.model import Document, EntityRef
from peacekg.ontology.reference import _sc_anchors, load_reference, sc_resolution_bound

__all__ = ["council_label", "document_year", "find_citations"]

# a number split by OCR ("43 5 (1978)", "43 I (1978)": digits then a year; a one read as "I")
# or led by a stray digit ("1 3379")
_SPLIT_NUM = r"\d{1,3} (?:\d{1,3}|[Il])(?=\s*\(\d{4}\))|\d \d{4}(?!\d)"
# an Assembly special session's resolution ("S-10/2", its "S" read as "8" by OCR: "8-10/2")
_SESSION_NUM = r"(?:ES|S|8)-\d+/\d+"
# an Assembly resolution's part letter before its session ("217 A (III)")
_PART = r"(?:\s+[A-F](?=\s*\([IVXL]+\)))?"
_RES_NUM = (
    rf"(?:\d{{1,4}}/\d{{1,4}}|{_SESSION_NUM}|{_SPLIT_NUM}"
    r"|\d{1,4}(?!\s*(?:per\s*cent|percent|%)))"
    rf"{_PART}(?:\s*\((?:\d{{4}}|[IVXL]+|ES-[IVX]+|S-(?:\d+|[IVXL]+))\))?"
)
# (the regexes below start with a literal, never with a look-behind or an optional group, so
# that the regex engine can skip ahead fast; boundaries are checked in Python)
_RES_BODY = re.compile(r"(?:Security\s+Council|General\s+Assembly|Assembly|Council)\s+$")
# another body's resolution ("OAU resolution 104", "Commission on Human Rights resolution 4",
# "the Human Rights Council resolution"): neither the Council's nor the Assembly's
_OTHER_BODY = re.compile(
    r"(?:\b(?:OAU|AU|OAS|OIC|ECOSOC|IAEA|WHO|ILO|UNESCO|FAO|ECOWAS|SADC|NAM)"
    r"|Unity|Union|Conference|Commission(?:\s+on(?:\s+[A-Z][\w-]+)+)?|Economic\s+and\s+Social"
    r"\s+Council|Human\s+Rights\s+Council|Council\s+of\s+Ministers|Executive\s+Board"
    r"|Board\s+of\s+Governors|Summit|Parliament)\s+$"
)
_RES_RE = re.compile(
    r"[Rr]esolutions?\s+(?:No\.\s*)?"
    rf"(?P<list>{_RES_NUM}(?:\s*(?:,\s*and|,|and|&)\s*(?:No\.\s*)?{_RES_NUM})*)"
    r"(?![\w/])"
)
_RES_ITEM = re.compile(
    rf"(?P<num>\d{{1,4}}/\d{{1,4}}|{_SESSION_NUM}|{_SPLIT_NUM}|\d{{1,4}})"
    r"(?:\s+(?P<part>[A-F])(?=\s*\([IVXL]+\)))?"
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


@functools.cache
def _adoptions() -> tuple[tuple[int, int], ...]:
    """``(number, year)`` of the Council resolutions whose year the record fixes: the last of
    each year in ``data/sc-resolutions.csv`` and those that established the missions of
    ``data/missions.csv``, sorted by number."""
    pairs = {(last, year) for year, last in _sc_anchors()}
    for mission in load_reference().missions:
        m = re.match(r"(\d{1,4}) \((\d{4})\)", mission.data.get("resolution", ""))
        if m:
            pairs.add((int(m.group(1)), int(m.group(2))))
    return tuple(sorted(pairs))


def _year_range(number: int) -> tuple[int, int | None]:
    """The years Council resolution ``number`` can have been adopted in, by the record: not
    before a lower number's year, not after a higher one's (``None``: open)."""
    pairs = _adoptions()
    low = max((y for _, y in pairs[: bisect.bisect_right(pairs, (number, 9999))]), default=1946)
    high = min((y for _, y in pairs[bisect.bisect_left(pairs, (number, 0)) :]), default=None)
    return low, high


def council_label(number: int) -> str:
    """The one label of Council resolution ``number``, whatever year a citation gives:
    ``S/RES/<n> (<year>)`` where the record fixes the year, else ``S/RES/<n>``.

    >>> council_label(435), council_label(1325), council_label(2538)
    ('S/RES/435 (1978)', 'S/RES/1325 (2000)', 'S/RES/2538')
    """
    low, high = _year_range(number)
    return f"S/RES/{number} ({low})" if low == high else f"S/RES/{number}"


def _number(num: str) -> str:
    """A resolution number as cited, OCR splits joined ("43 5" -> "435", "43 I" -> "431"), a
    stray leading digit dropped ("1 3379" -> "3379") and a special session's "S" read as "8"
    restored ("8-10/2" -> "S-10/2")."""
    if num.startswith("8-"):
        return "S-" + num[2:]
    if " " not in num:
        return num
    first, second = num.split(" ", 1)
    if second in ("I", "l"):
        second = "1"
    return second if len(first) == 1 and len(second) == 4 else first + second


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
        if _OTHER_BODY.search(text, max(0, m.start() - 60), m.start()):
            continue  # "OAU resolution 104" is the OAU's
        bm = _RES_BODY.search(text, max(0, m.start() - 30), m.start())
        body = bm.group() if bm else ""
        ga_body = body.startswith(("General", "Assembly"))
        first = True
        for it in _RES_ITEM.finditer(text, m.start("list"), m.end("list")):
            num, year = _number(it.group("num")), it.group("year")
            s = (bm.start() if bm else m.start()) if first else it.start()
            first = False
            ga = (
                ga_body
                or "/" in num
                or (year is not None and not year.isdigit())
                or not _could_be_council(int(num), int(year) if year else doc_year)
            )
            if ga:
                part = f" {it.group('part')}" if it.group("part") else ""
                sym = f"A/RES/{num}{part}" + (f" ({year})" if year and not year.isdigit() else "")
                out.append((s, it.end(), EntityRef("DocumentSymbol", sym, sym), "pat", False))
            else:
                n = str(int(num))
                label = council_label(int(n))
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
            label = council_label(int(n))
            out.append((s, e, EntityRef("Resolution", n, label), "pat", False))
            continue
        ym = re.search(r"\s*\((\d{4}|[IVXL]+)\)$", sym)
        if ym and not sym.startswith("A/RES/"):
            sym, e = sym[: ym.start()], s + ym.start()
        key = normalize_name(sym)
        out.append((s, e, EntityRef("DocumentSymbol", key, key), "pat", False))
    return out
