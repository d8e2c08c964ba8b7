"""How alike two actors' stance profiles are, and whether more alike than chance.

The co-backing network (:func:`peacekg.graph.network.projections.cobacking_graph`) links two states
when their *stance profiles* are significantly similar. Sharing a priority is no signal on
its own: almost every state backs women, peace and security, so the graph of shared
priorities is nearly complete. The method (``docs/cobacking.md`` gives the reasoning):

profile
    one row per actor, one column per (target, side), side ``backs`` or ``opposes``; a cell
    holds how many speeches (statements, commitments: the scope's unit) of the actor take
    that side on that target.
similarity
    ``cosine`` of two rows (the default: the share of emphasis two actors have in common,
    whatever their number of speeches), or ``jaccard`` of the sets of (target, side) they
    take (presence only).
significance
    a permutation test: each column is shuffled among the actors (every target keeps its
    counts, so a popular target stays popular, but who holds them is random), the
    similarity of every pair is recomputed, and a pair's p-value is
    ``(1 + permutations at least as similar) / (1 + permutations)``. The p-values of all
    pairs are adjusted for multiple testing with Benjamini–Hochberg (false discovery rate);
    an edge is kept when its adjusted p-value is at most ``alpha``.

>>> X = np.array([[3, 0], [2, 0], [0, 1]])
>>> np.round(similarity_matrix(X, "cosine"), 2).tolist()
[[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
>>> np.round(similarity_matrix(X, "jaccard"), 2).tolist()
[[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
>>> benjamini_hochberg(np.array([0.01, 0.04, 0.03])).round(3).tolist()
[0.03, 0.04, 0.04]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The similarity measures by name (the first is the default).
SIMILARITIES = ("cosine", "jaccard")
#: Default false discovery rate of the kept edges.
DEFAULT_ALPHA = 0.05
#: Default number of shuffles of the permutation test.
DEFAULT_PERMUTATIONS = 999


def similarity_matrix(X: np.ndarray, measure: str = "cosine") -> np.ndarray:
    """The actors x actors similarity of the profiles ``X`` (actors x features).

    ``cosine``: dot product of the rows scaled to unit length (a row of zeros is similar to
    nothing); ``jaccard``: |shared features| / |features of either| over presence (> 0).
    """
    if measure == "cosine":
        X = np.asarray(X, dtype=float)
        norms = np.linalg.norm(X, axis=1)
        unit = np.divide(X, norms[:, None], out=np.zeros_like(X), where=norms[:, None] > 0)
        return unit @ unit.T
    if measure == "jaccard":
        B = (np.asarray(X) > 0).astype(float)
        shared = B @ B.T
        sizes = B.sum(axis=1)
        union = sizes[:, None] + sizes[None, :] - shared
        return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    raise ValueError(f"unknown similarity {measure!r}; choose from {', '.join(SIMILARITIES)}")


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) of ``p``, in the same order."""
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


@dataclass
class PairTest:
    """Similarity of every pair of actors (upper triangle, ``i < j``) and its test."""

    i: np.ndarray  # row index of the first actor of each pair
    j: np.ndarray  # row index of the second
    similarity: np.ndarray
    p_value: np.ndarray  # permutation p-value
    q_value: np.ndarray  # Benjamini–Hochberg adjusted
    permutations: int


def permutation_test(
    X: np.ndarray,
    measure: str = "cosine",
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = 0,
) -> PairTest:
    """The similarity of every pair of rows of ``X`` against ``permutations`` shuffles of
    its columns (each column's values dealt out among the rows at random), one-sided: how
    often chance makes a pair at least as similar. Deterministic for a given ``seed``.

    >>> X = np.array([[5, 5, 0, 0], [4, 6, 0, 0], [0, 0, 5, 4], [0, 1, 4, 5]])
    >>> t = permutation_test(X, permutations=199)
    >>> [(int(a), int(b)) for a, b, q in zip(t.i, t.j, t.q_value) if q <= 0.05]
    [(0, 1), (2, 3)]
    """
    X = np.asarray(X)
    n = X.shape[0]
    i, j = np.triu_indices(n, k=1)
    observed = similarity_matrix(X, measure)[i, j]
    at_least = np.zeros(i.size, dtype=np.int64)
    rng = np.random.default_rng(seed)
    tolerance = 1e-12  # ties with the observed value count as "at least as similar"
    for _ in range(permutations):
        shuffled = rng.permuted(X, axis=0)
        at_least += similarity_matrix(shuffled, measure)[i, j] >= observed - tolerance
    p = (1 + at_least) / (1 + permutations)
    return PairTest(i, j, observed, p, benjamini_hochberg(p), permutations)
