"""Generated hostile documents: repeated short statements of a given size, on one line or many.

Used by the adversarial corpus (``tests/hostile_corpus.py``) and the linearity benchmark
(``bench/hostile.py``). The text is written for peacekg; it imitates a scraped record in
which the same few speakers say the same few things many times over.
"""

from __future__ import annotations

#: Short statements cycled through; each names a speaker, a stance and a commitment.
STATEMENTS = (
    "Statement by France. France strongly supports the work of the mission and "
    "pledges 200 peacekeepers to MINUSMA.",
    "Statement by Ghana. Ghana welcomes the Action for Peacekeeping initiative and "
    "will deploy a formed police unit to UNMISS.",
    "Statement by Indonesia. Indonesia commits to increase the number of women "
    "peacekeepers in UNIFIL by 2025.",
    "Statement by Brazil. Brazil opposes any cut to the budget of MONUSCO and will "
    "provide helicopters to the mission.",
)


def repeated_statements(size: int, *, one_line: bool) -> str:
    """About ``size`` bytes of repeated statements, all on one line or one per line."""
    sep = " " if one_line else "\n"
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        s = STATEMENTS[i % len(STATEMENTS)]
        parts.append(s)
        total += len(s) + 1
        i += 1
    return sep.join(parts) + "\n"
