"""Metadata detection from a document's text and file name: symbol, date, title, kind.

General rules following UN conventions, applied to the top of the text:

- **symbol**: a UN document symbol near the top (``S/2020/911``, ``A/74/19``, ``S/PV.8760``,
  ``A/RES/75/1``, press releases ``SC/14302``, ``GA/12345``, ``SG/SM/20000``);
- **date** (ISO ``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy``): the ``Distr.: General <date>`` line
  of UN documents first, else the first date near the top (``17 September 2020``,
  ``September 17, 2020``, ``July 22nd, 2020``, ``2020-07-22``);
- **title**: the first heading-like line naming a letter, statement, remarks or briefing,
  else the first short line that is not a symbol, date or distribution line;
- **kind**: one of :data:`~peacekg.loaders.model.DOCUMENT_KINDS`, from the strongest cue:
  UNGDC file name (``FRA_72_2017.txt``) -> general-debate; ``S/PV.`` -> record;
  ``Letter dated ... addressed to`` -> letter; ``SC/``/``GA/`` symbols, "Meetings Coverage"
  or reported speech -> press-release; ``Speakers:``/``Moderator:`` listings -> event-page;
  a statement by a UN official (Secretary-General, Under-Secretary-General, USG, ...) ->
  briefing; a statement or remarks by a State's representative -> statement.

Extras: ``speaker_code``, ``session``, ``year`` for the UN General Debate Corpus,
``original`` (``Original: English and French``) for UN documents.
"""

from __future__ import annotations

import re
from datetime import date as _date
from pathlib import Path

from peacekg.loaders.lexicon import SPEECH_VERBS, words
from peacekg.loaders.text import MONTH_NAMES

MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.I)
_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
)
_MY = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.I)
_DISTR = re.compile(
    rf"Distr\.?\s*:?\s*(?:General|Limited|Restricted)\s+((?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
    rf"|(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}))",
    re.I,
)
_ORIGINAL = re.compile(r"^\s*Original\s*:\s*([A-Za-z ,]+?)\s*$", re.M)

#: The prefixes of press-release symbols ("SC/14310", "GA/12345").
_PRESS_BODIES = ("SC", "GA", "ECOSOC", "HR", "L", "ORG", "PI")
_SYMBOL = re.compile(
    r"(?<![\w/])("
    r"S/PV\.\d+(?:\s?\((?:Resumption|Part)\s?\d*\))?"
    r"|S/RES/\d+\s?\(\d{4}\)"
    r"|S/PRST/\d{4}/\d+"
    r"|S/\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
    r"|S/\d{4,5}(?:/(?:Add|Rev|Corr)\.\d+)*"
    r"|A/RES/(?:ES-\d+/)?\d+/\d+[A-Z]?"
    r"|A/(?:ES-\d+/)?\d{1,2}/PV\.\d+"
    r"|A/(?:C\.\d|AC\.\d+|HRC|INF|BUR)/\d+(?:/[A-Za-z0-9.]+)*"
    r"|A/(?:ES-\d+/)?\d{1,2}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
    r"|E/\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
    rf"|{words(_PRESS_BODIES)}/\d{{3,5}}(?:-[A-Z]+/\d+)?"
    r"|GA/(?:PK|SPD|AB|EF|SHC|DIS|L)/\d{2,4}"
    r"|SG/(?:SM|T|A|DSG/SM)/\d{2,5}"
    r"|DSG/SM/\d{2,5}"
    r"|ST/SGB/\d{4}/\d+"
    r")(?![\w/])"
)
_PRESS_SYMBOL = re.compile(rf"^{words((*_PRESS_BODIES, 'SG', 'DSG'))}/")
_UNGDC = re.compile(r"^([A-Z]{2,3})_(\d{1,2})_(\d{4})$")

_LETTER = re.compile(
    r"\b(?:(?:Identical\s+)?letters?|Note\s+verbale)\s+dated\s+.{0,200}?\baddressed\s+to\b",
    re.I | re.S,
)
_PRESS = re.compile(
    r"Meetings\s+Coverage|Press\s+Release|Press\s+Briefing|\bfor information media\b"
    r"|not an official record",
    re.I,
)
_REPORTED = re.compile(
    r"\b(?:representative|delegate|speaker|minister|ambassador|he|she|it)\s+"
    rf"(?:also\s+)?{words(SPEECH_VERBS)}\b",
    re.I,
)
_EVENT_LABEL = re.compile(
    r"^\s*(?:Speakers?|Opening\s+Remarks|Closing\s+Remarks|Welcoming\s+Remarks|Moderator|"
    r"Moderated\s+by|Panelists?|Panellists?|Keynote(?:\s+Speakers?|\s+Remarks|\s+Address)?|"
    r"Discussants?|Featuring|Chair)\s*:",
    re.I | re.M,
)
_EVENT_WORDS = re.compile(
    r"\b(?:event|webinar|panel|discussion|roundtable|round-table|seminar|conference|"
    r"dialogue|launch|policy forum|register|RSVP)\b",
    re.I,
)
_STATEMENTISH = re.compile(
    r"\b(?:statement|remarks|briefing|intervention|address|speech|opening|closing|"
    r"keynote|message|letter|talking points|explanation of (?:vote|position))\b",
    re.I,
)
_UN_OFFICIAL = re.compile(
    r"\b(?:Under[- ]Secretary[- ]General|Assistant[- ]Secretary[- ]General|"
    r"Deputy[- ]Secretary[- ]General|Secretary[- ]General(?!'s)|USG|ASG|DSG|SRSG|"
    r"Special\s+Representative\s+of\s+the\s+Secretary|Special\s+Envoy\s+of\s+the\s+Secretary|"
    r"Force\s+Commander|Police\s+Commissioner|Police\s+Adviser|Military\s+Adviser|"
    r"High\s+Commissioner|Head\s+of\s+(?:the\s+)?Mission|Chef\s+de\s+Cabinet|"
    r"President\s+of\s+the\s+General\s+Assembly)\b"
)
_STATE_SPEAKER = re.compile(
    r"\b(?:Permanent\s+(?:Representative|Mission|Observer)|Ambassador|Minister|Delegation|"
    r"Representative\s+of|President\s+of\s+(?!the\s+General\s+Assembly)|Prime\s+Minister|"
    r"Foreign\s+Secretary|Chargé\s+d'affaires|Head\s+of\s+State|Government\s+of)\b",
    re.I,
)
_FIRST_PERSON_OPENING = re.compile(
    r"^\s*(?:Thank you,?\s+)?(?:Mr\.?|Madam|Madame|Mister)\s+(?:President|Chair|Chairman|"
    r"Chairperson|Co-Chairs?)\b",
    re.I | re.M,
)
_NOT_TITLE = re.compile(
    r"^(?:United Nations\b.*|Distr\.?.*|Original\s*:.*|General Assembly|Security Council|"
    r"Economic and Social Council|date\b.*|Articles?|Home|Menu|Share|Print|Skip to .*|"
    r"Excellenc(?:y|ies).*|Ladies and gentlemen.*)$",
    re.I,
)
_EVENT_TITLE = re.compile(
    r"\b(?:discussion|event|conference|panel|dialogue|webinar|meeting|launch|seminar|"
    r"roundtable|debate|forum)\s+(?:on|entitled|titled|called)\s+[“\"]([^”\"\n]{5,200}?)[.,]?[”\"]",
    re.I,
)


# a year that closes a heading line of its own ("Meetings Coverage - 2017", "2019"): the
# document's year when no fuller date is written
_HEAD_YEAR = re.compile(r"(?:^|[-–—|,:]\s*)((?:19|20)\d\d)[ \t]*$", re.M)


def valid_iso(year: int, month: int, day: int | None = None) -> str | None:
    """ISO string for a plausible date (years 1900-2100), else ``None``."""
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_date(text: str) -> str | None:
    """The earliest full date written in ``text`` (any supported form), as ISO."""
    best: tuple[int, str] | None = None
    for m in _DMY.finditer(text):
        iso = valid_iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if iso:
            best = (m.start(), iso)
            break
    for m in _MDY.finditer(text, 0, best[0] if best else len(text)):
        iso = valid_iso(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        if iso:
            best = (m.start(), iso)
            break
    for m in _ISO.finditer(text, 0, best[0] if best else len(text)):
        iso = valid_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            best = (m.start(), iso)
            break
    return best[1] if best else None


def parse_date(value: str) -> str | None:
    """Normalise a date given in metadata to ISO ``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy``.

    >>> parse_date("17 September 2020"), parse_date("2020-09"), parse_date("2021-12-07T10:00Z")
    ('2020-09-17', '2020-09', '2021-12-07')
    """
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value)
    if m:
        if m.group(2):
            return valid_iso(int(m.group(1)), int(m.group(2)))
        return value if 1900 <= int(value) <= 2100 else None
    full = find_date(value)
    if full:
        return full
    m = re.fullmatch(r"D:(\d{4})(\d{2})(\d{2}).*", value)  # PDF dates
    if m:
        return valid_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MY.search(value)
    if m:
        return valid_iso(int(m.group(2)), _month(m.group(1)))
    return None


def find_symbol(text: str) -> str | None:
    """The first UN document symbol in ``text`` (spaces normalised), or ``None``."""
    m = _SYMBOL.search(text)
    return re.sub(r"\s+", " ", m.group(1)) if m else None


def _head(text: str, lines: int = 15, chars: int = 2500) -> str:
    """The first ``lines`` non-empty lines of ``text``, at most ``chars`` characters."""
    out: list[str] = []
    for ln in text[: chars * 2].split("\n"):
        if ln.strip():
            out.append(ln)
            if len(out) >= lines:
                break
    return "\n".join(out)[:chars]


def find_title(text: str) -> str | None:
    """The title line: the first statement/letter/remarks heading, else a short first line."""
    lines = [ln.strip() for ln in text[:6000].split("\n")][:60]
    candidates: list[int] = []
    for i, ln in enumerate(lines):
        if not ln or len(ln) > 300 or _NOT_TITLE.match(ln):
            continue
        if find_symbol(ln) == ln or (find_date(ln) and len(ln) < 60):
            continue
        candidates.append(i)
        if len(candidates) >= 12:
            break
    chosen: int | None = None
    for i in candidates:
        ln = lines[i]
        if (_STATEMENTISH.search(ln) and not ln.endswith((".", ",", ":"))) or _LETTER.match(ln):
            chosen = i
            break
    if chosen is None:
        for i in candidates[:3]:
            if len(lines[i]) <= 150 and not lines[i].endswith((".", ",", ":")):
                chosen = i
                break
    if chosen is None:
        m = _EVENT_TITLE.search(text[:3000])
        return m.group(1).strip() if m else None
    title = lines[chosen]
    # a title wrapped over following lines (no blank line between)
    j = chosen + 1
    while (
        j < len(lines)
        and j <= chosen + 2
        and lines[j]
        and len(lines[j]) <= 150
        and not lines[j].endswith((".", ","))
        and not find_date(lines[j])
        and not _LETTER.match(title)
    ):
        title += " " + lines[j]
        j += 1
    return title[:500]


def detect_kind(text: str, path: Path, symbol: str | None, title: str | None) -> str:
    """The document kind (see the module docstring for the rules, strongest first)."""
    if _UNGDC.match(path.stem) and path.suffix.lower() in (".txt", ""):
        return "general-debate"
    head = text[:4000]
    if symbol and (symbol.startswith("S/PV.") or re.match(r"A/(?:ES-\d+/)?\d+/PV\.", symbol)):
        return "record"
    if _LETTER.search(head[:2500]):
        return "letter"
    if symbol and _PRESS_SYMBOL.match(symbol):
        return "press-release"
    if _PRESS.search(head) or len(_REPORTED.findall(text[:20000])) >= 3:
        return "press-release"
    labels = len(_EVENT_LABEL.findall(text[:20000]))
    if labels >= 2 or (labels == 1 and (_EVENT_WORDS.search(head) or find_date(head[:300]))):
        return "event-page"
    top = "\n".join(ln for ln in [title or "", _head(text, 6, 800)] if ln)
    if _STATEMENTISH.search(top) or _FIRST_PERSON_OPENING.search(head[:1500]):
        first_lines = title or _head(text, 3, 400)
        if _UN_OFFICIAL.search(first_lines) and not _STATE_SPEAKER.search(first_lines):
            return "briefing"
        if re.search(r"\bbriefing\b", first_lines, re.I) and not _STATE_SPEAKER.search(first_lines):
            return "briefing"
        return "statement"
    if _FIRST_PERSON_OPENING.search(head[:1500]):
        return "statement"
    return "document"


def detect_metadata(text: str, path: Path) -> dict[str, str]:
    """Detect ``kind``, ``symbol``, ``date``, ``title`` and extras from text and file name.

    Keys are present only when detected (``kind`` always is). Dates are ISO ``yyyy-mm-dd``,
    ``yyyy-mm`` or ``yyyy``.
    """
    path = Path(path)
    meta: dict[str, str] = {}
    gd = _UNGDC.match(path.stem)
    if gd and path.suffix.lower() in (".txt", ""):
        code, session, year = gd.groups()
        meta.update(
            kind="general-debate",
            date=year,
            speaker_code=code,
            session=str(int(session)),
            year=year,
            title=f"General Debate, session {int(session)} ({year}): {code}",
        )
        return meta
    head = _head(text)
    symbol = find_symbol(_head(text, 8, 1200))
    if symbol:
        meta["symbol"] = symbol
    distr = _DISTR.search(head)
    iso = find_date(distr.group(1)) if distr else None
    if not iso:
        iso = find_date(head)
    if not iso:
        m = _MY.search(_head(text, 6, 600))
        if m:
            iso = valid_iso(int(m.group(2)), _month(m.group(1)))
    if not iso:
        m = _HEAD_YEAR.search(_head(text, 3, 300))
        if m:
            iso = parse_date(m.group(1))
    if iso:
        meta["date"] = iso
    title = find_title(text)
    if title:
        meta["title"] = title
    meta["kind"] = detect_kind(text, path, symbol, title)
    if meta["kind"] == "event-page":
        event = _EVENT_TITLE.search(text[:3000])
        if event:
            meta["title"] = event.group(1).strip()
    original = _ORIGINAL.search(head)
    if original:
        meta["original"] = original.group(1).strip()
    return meta
