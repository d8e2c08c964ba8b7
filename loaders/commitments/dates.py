"""Deadlines: "by 2028", "by the end of 2021", "by June 2022", "by the end of this year"."""

from __future__ import annotations

import re

from peacekg.loaders.text import MONTH_NAMES

__all__ = ["find_dates"]


_DEADLINE = re.compile(
    r"\bby\s+(?:the\s+)?(?:(?P<part>end|middle|beginning|start)\s+of\s+)?(?:(?P<month>"
    + "|".join(MONTH_NAMES)
    + r")\s+)?(?:(?P<year>(?:19|20)\d\d)\b|(?P<rel>this|next|the current|the coming)\s+year\b)",
    re.IGNORECASE,
)


def find_dates(text: str, doc_date: str | None = None) -> list[str]:
    """Deadlines in ``text`` ("by 2028" -> ``"2028"``, "by the end of 2021" -> ``"2021-12-31"``,
    "by June 2022" -> ``"2022-06"``; "by the end of this year" uses ``doc_date``'s year).

    >>> find_dates("We will reach parity by the end of 2021 and 30 per cent by 2028.")
    ['2021-12-31', '2028']
    """
    out: list[str] = []
    for m in _DEADLINE.finditer(text):
        year = m.group("year")
        if year is None:
            if not doc_date or not doc_date[:4].isdigit():
                continue
            y = int(doc_date[:4]) + (1 if m.group("rel").lower() == "next" else 0)
            year = str(y)
        month = m.group("month")
        part = (m.group("part") or "").lower()
        if month:
            mi = MONTH_NAMES.index(month.lower()) + 1
            if part == "end":
                days = [31, 29 if int(year) % 4 == 0 else 28, 31, 30, 31, 30]
                days += [31, 31, 30, 31, 30, 31]
                out.append(f"{year}-{mi:02d}-{days[mi - 1]:02d}")
            else:
                out.append(f"{year}-{mi:02d}")
        elif part == "end":
            out.append(f"{year}-12-31")
        elif part == "middle":
            out.append(f"{year}-06-30")
        else:
            out.append(year)
    return out
