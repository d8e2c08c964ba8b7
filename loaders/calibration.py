"""Measures of scored candidates against verdicts: the threshold reaching a precision,
Wilson intervals, average precision and expected calibration error.

Used by the training of the confidence model (:mod:`peacekg.loaders.train`) and by
``peacekg evaluate`` (:mod:`peacekg.graph.evaluation.scoring`), so both report the same figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

__all__ = ["average_precision", "expected_calibration_error", "pick_threshold", "wilson"]


def pick_threshold(
    conf: Sequence[float],
    y: Sequence[int],
    target: float,
    min_kept: int = 1,
    *,
    bound: bool = False,
    repeats: int = 1,
) -> float:
    """The lowest confidence ``t`` such that the records with confidence ≥ ``t`` reach
    precision ``target``, and so do those of every higher threshold keeping at least
    ``min_kept`` records (1.0, keeping nothing below it, when no ``t`` does): a lucky rise of
    the curve below a dip cannot choose the threshold.

    With ``bound``, the lower end of the 95 % Wilson interval of the precision must reach
    ``target``, not only the point: the precision is then ``target`` or more with 95 %
    confidence. ``repeats`` is how many times each record is counted (out-of-fold scores of
    repeated cross-validation, pooled): the interval is that of the records, not the scores.

    >>> pick_threshold([0.9, 0.8, 0.7, 0.2], [1, 1, 0, 0], 0.9)
    0.8
    >>> pick_threshold([0.9, 0.8, 0.7, 0.6, 0.5], [0, 1, 1, 1, 0], 0.6, min_kept=3)
    0.5
    >>> pick_threshold([0.9, 0.8, 0.7, 0.6, 0.5], [0, 1, 1, 1, 0], 0.6)
    1.0
    >>> pick_threshold([0.9] * 40 + [0.8] * 10, [1] * 39 + [0] + [1] * 9 + [0], 0.9, bound=True)
    1.0
    >>> pick_threshold([0.9] * 400 + [0.8] * 100, [1] * 390 + [0] * 10 + [1] * 70 + [0] * 30,
    ...                0.9, bound=True)
    0.9
    """
    by_conf: dict[float, list[int]] = defaultdict(list)
    for c, yy in zip(conf, y, strict=True):
        by_conf[c].append(yy)
    best, kept, correct = 1.0, 0, 0
    for t in sorted(by_conf, reverse=True):
        kept += len(by_conf[t])
        correct += sum(by_conf[t])
        if correct / kept < target:
            if kept >= min_kept:
                break
            continue
        if not bound or wilson(round(correct / repeats), round(kept / repeats))[0] >= target:
            best = t
    return best


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of ``k / n``.

    >>> [round(x, 3) for x in wilson(45, 50)]
    [0.786, 0.957]
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def expected_calibration_error(conf: Sequence[float], y: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error: the mean gap between confidence and accuracy over
    ``bins`` equal-width bins, weighted by their counts.

    >>> expected_calibration_error([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0])
    0.1
    """
    if not conf:
        return 0.0
    groups: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for c, yy in zip(conf, y, strict=True):
        groups[min(int(c * bins), bins - 1)].append((c, yy))
    total = sum(
        abs(sum(c for c, _ in g) / len(g) - sum(yy for _, yy in g) / len(g)) * len(g)
        for g in groups.values()
    )
    return round(total / len(conf), 4)


def average_precision(
    conf: Sequence[float], y: Sequence[int], positives: int | None = None
) -> float:
    """Average precision of the ranking by ``conf``: the mean precision at each correct record
    (``positives``, when given, counts correct records never proposed too).

    >>> average_precision([0.9, 0.8, 0.7], [1, 0, 1])
    0.8333
    """
    order = sorted(range(len(conf)), key=lambda i: -conf[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if y[i]:
            hits += 1
            total += hits / rank
    n = positives if positives is not None else sum(y)
    return round(total / n, 4) if n else 1.0
