"""Quantities: money, percentages and counts of personnel, units or assets.

"$5 million", "US$ 1.2 billion", "EUR 3 million", "2 million euros", "15 per cent", "210
peacekeepers", "two engineering companies", "a 250-strong task force": each a
:class:`~peacekg.loaders.model.Quantity` with its amount, unit and verbatim quote. A year
("in 2019 units") is not a count.
"""

from __future__ import annotations

import re

from peacekg.loaders.model import Quantity

__all__ = ["find_quantities"]


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
}
_NUM = r"\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY_BEFORE = (
    r"US\s?\\?\$|USD|U\.S\.\s?\\?\$|\\?\$|EUR|€|£|GBP|CHF|JPY|¥|(?:Canadian|Australian)\s\\?\$"
)
_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{_CURRENCY_BEFORE})\s?(?P<num>{_NUM})(?:\s?(?P<scale>thousand|million|billion"
    rf"|mn|bn|[mMbBkK])\b)?"
)
_MONEY_AFTER = re.compile(
    rf"\b(?P<num>{_NUM})(?:\s?(?P<scale>thousand|million|billion))?\s(?P<cur>(?:US |United "
    r"States |Canadian |Australian )?dollars|euros?|pounds(?: sterling)?|yen|Swiss francs)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|per ?cent\b)", re.IGNORECASE)
_UNIT_WORDS = (
    r"troops|peacekeepers|personnel|soldiers|police officers|police|officers|military observers"
    r"|observers|staff officers|staff|experts|engineers|medics|doctors|nurses|units?|battalions?"
    r"|compan(?:y|ies)|contingents?|platoons?|formed police units?|helicopters?|aircraft"
    r"|aeroplanes|vehicles|armoured personnel carriers|hospitals?|field hospitals?|teams?"
    r"|task forces?|boats|ships|vessels|drones|women|men|trainers|instructors"
)
_COUNT = re.compile(
    rf"\b(?P<num>{_NUM}|{'|'.join(_NUMBER_WORDS)})(?P<strong>-strong)?\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?P<unit>{_UNIT_WORDS})\b",
    re.IGNORECASE,
)

_MAY_HAVE_NUMBER = re.compile(rf"[\d$€£¥]|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)


def _number(text: str) -> float:
    """The value of a number in digits ("1,200", "1.5") or in words ("ten")."""
    low = text.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    return float(re.sub(r"[,\u00a0 ]", "", text))


def find_quantities(text: str) -> list[Quantity]:
    """Quantities in ``text``: money, percentages and counts of personnel, units or assets.

    >>> [(q.amount, q.unit) for q in find_quantities("Indonesia deployed 210 peacekeepers.")]
    [(210.0, 'peacekeepers')]
    >>> [(q.amount, q.unit) for q in find_quantities("US$ 1.2 billion and 15 per cent")]
    [(1200000000.0, 'USD'), (15.0, 'percent')]
    """
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _MONEY_BEFORE.finditer(text):
        cur = m.group("cur").replace("\\", "").replace(" ", "")
        unit = {"$": "USD", "US$": "USD", "U.S.$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(
            cur, cur.upper()
        )
        if cur.lower().startswith("canadian"):
            unit = "CAD"
        elif cur.lower().startswith("australian"):
            unit = "AUD"
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        found.append((m.start(), Quantity(_number(m.group("num")) * scale, unit, m.group(0))))
        taken.append(m.span())
    for m in _MONEY_AFTER.finditer(text):
        if not free(*m.span()):
            continue
        cur = m.group("cur").lower()
        unit = (
            "EUR"
            if cur.startswith("euro")
            else "GBP"
            if cur.startswith("pound")
            else "JPY"
            if cur == "yen"
            else "CHF"
            if "franc" in cur
            else "CAD"
            if "canadian" in cur
            else "AUD"
            if "australian" in cur
            else "USD"
        )
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        found.append((m.start(), Quantity(_number(m.group("num")) * scale, unit, m.group(0))))
        taken.append(m.span())
    for m in _PERCENT.finditer(text):
        if free(*m.span()):
            found.append((m.start(), Quantity(_number(m.group("num")), "percent", m.group(0))))
            taken.append(m.span())
    for m in _COUNT.finditer(text):
        if not free(*m.span()):
            continue
        # a year or a date is not a count ("in 2019 units", "22 July")
        num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("strong"):
            continue
        unit = m.group("unit").lower()
        if m.group("strong"):
            unit = "personnel"
            quote = text[m.start() : m.start() + len(num) + len("-strong")]
        else:
            quote = m.group(0)
        found.append((m.start(), Quantity(_number(num), unit, quote)))
        taken.append(m.span())
    found.sort(key=lambda p: p[0])
    return [q for _, q in found]
