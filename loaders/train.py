"""Training of the confidence model from judged candidates: ``python -m peacekg.loaders.train``.

The labelled candidates come from :mod:`peacekg.loaders.judged`: the judged records of
``bench/audit`` and ``bench/judged`` and the gold of the dev seeds, joined to the candidates
today's pipeline proposes on their documents (General Debate speeches from
``../shared/corpus/ungdc-1946-2017.tar.gz``, the sample corpus in ``examples/corpus``); a
record the pipeline no longer proposes is counted and left out.

Documents are split by a hash of their file name into train (60 %), dev (20 %) and test
(20 %). Train and dev are used together: a logistic regression is fitted on them (its
regularisation chosen by the log loss of out-of-fold scores, 5 folds grouped by document),
and the out-of-fold scores of 10 repetitions of those folds (the documents shuffled into
folds anew each time, with fixed seeds) calibrate it (Platt's sigmoid; one map per document
kind judged 1,000 times or more, one for the other kinds: an isotonic map, ``--calibration
isotonic``, ties hundreds of records on one step, and whether the threshold's 95 % bound takes
or leaves a whole step swung the share kept from 0.57 to 0.48 with one judged record's
features; the sigmoid kept 0.58 both times) and choose the default threshold: the lowest
confidence down to which the out-of-fold precision is 0.90 or more with 95 % confidence (the
lower end of its Wilson interval, each record counted once;
:func:`~peacekg.loaders.calibration.pick_threshold`). Out-of-fold scores of about 2,600
records make a steadier curve than the 415 of dev alone (calibrated and thresholded on dev,
the model kept a third of the correct candidates), and pooling the repetitions steadies it
again: one repetition alone chose thresholds between 0.79 and 0.87
depending on which documents shared a fold (the model file records the range). Test is
scored once, at the end, and only reported. Everything is deterministic: the same labels and
code give the same model file.

    python -m peacekg.loaders.train                     # -> loaders/data/confidence-model.json
    python -m peacekg.loaders.train --ungdc /tmp/ungdc  # an extracted corpus is faster

scikit-learn is needed here only (``pip install -e '.[train]'``); scoring at build time is
:mod:`peacekg.loaders.confidence`, in pure Python.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from peacekg.loaders.calibration import (
    average_precision,
    expected_calibration_error,
    pick_threshold,
    wilson,
)
from peacekg.loaders.confidence import MODEL_PATH, ConfidenceModel
from peacekg.loaders.judged import (
    GOLD,
    LABELS,
    UNGDC,
    Candidate,
    Label,
    candidates_of,
    data_digest,
    gold_labels,
    join,
    locate,
    read_labels,
    split_of,
)

#: Target precision for the default threshold, chosen on the out-of-fold scores.
PRECISION_TARGET = 0.90
#: Regularisation strengths tried by grouped cross-validation over train and dev.
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
#: Minimum number of train records a feature must occur in (words, other features).
MIN_COUNT = {"word": 3, "other": 2}
#: Train and dev records of one document kind from which it has its own calibration map.
KIND_CALIBRATION_FROM = 1000
#: Folds of the cross-validation (grouped by document) over train and dev.
FOLDS = 5
#: Repetitions of the cross-validation, each with its own shuffle of the documents into
#: folds: the calibration and the threshold are fitted on the out-of-fold scores of all of
#: them, so that which documents happen to share a fold does not move the threshold.
REPEATS = 10
#: The fewest out-of-fold records the default threshold may keep.
MIN_KEPT = 50
SEED = 12


# --- fitting -------------------------------------------------------------------------------


def vocabulary(examples: Sequence[dict[str, float]]) -> list[str]:
    """The feature names seen often enough in ``examples`` (train only)."""
    counts = Counter(k for ex in examples for k in ex)
    keep = [
        k
        for k, n in counts.items()
        if n >= MIN_COUNT["word" if k.startswith(("w:", "b:")) else "other"]
    ]
    return sorted(keep)


def _matrix(examples: Sequence[dict[str, float]], vocab: Sequence[str]):  # -> scipy matrix
    from scipy.sparse import csr_matrix

    index = {k: i for i, k in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, ex in enumerate(examples):
        for k, v in ex.items():
            i = index.get(k)
            if i is not None:
                rows.append(r)
                cols.append(i)
                vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(examples), len(vocab)))


def _fit(x, y: Sequence[int], c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x, y)


Rows = Sequence[tuple[Label, Candidate]]


def _fit_model(rows: Rows, c: float) -> ConfidenceModel:
    """A logistic regression fitted on the own-target features of ``rows`` (uncalibrated)."""
    xs = [cand.features for _, cand in rows]
    vocab = vocabulary(xs)
    fit = _fit(_matrix(xs, vocab), [int(lab.correct) for lab, _ in rows], c)
    coefs = [round(float(v), 6) for v in fit.coef_[0]]
    return ConfidenceModel(
        coefficients={k: v for k, v in zip(vocab, coefs, strict=True) if v != 0.0},
        intercept=round(float(fit.intercept_[0]), 6),
        calibration={"method": "sigmoid", "a": -1.0, "b": 0.0},
        threshold=0.5,
    )


def _raw(model: ConfidenceModel, cand: Candidate) -> float:
    """The uncalibrated score of a candidate (one target of a candidate commitment), as
    :meth:`ConfidenceModel.target_raws` gives it at build time."""
    return model.raw(cand.features)


Folds = Sequence[tuple[list[int], list[int]]]


def _folds(
    groups: Sequence[str], y: Sequence[int], seed: int = SEED
) -> list[tuple[list[int], list[int]]]:
    """:data:`FOLDS` folds grouped by document, the documents shuffled into them with
    ``seed`` (none when there are too few documents or only one verdict)."""
    from sklearn.model_selection import GroupKFold

    if len(set(groups)) < FOLDS or len(set(y)) < 2:
        return []
    split = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(
        list(groups), list(y), list(groups)
    )
    return [(list(tr), list(te)) for tr, te in split]


def _repeated_folds(groups: Sequence[str], y: Sequence[int]) -> list[Folds]:
    """:data:`REPEATS` shuffles of grouped folds (none when too few documents)."""
    repeats = [_folds(groups, y, SEED + k) for k in range(REPEATS)]
    return [f for f in repeats if f]


def _out_of_fold(rows: Rows, folds: Folds, c: float) -> list[float]:
    """The uncalibrated score of every row from the model fitted on the other folds."""
    out = [0.0] * len(rows)
    for tr, te in folds:
        model = _fit_model([rows[i] for i in tr], c)
        for i in te:
            out[i] = _raw(model, rows[i][1])
    return out


def choose_c(rows: Rows, repeats: Sequence[Folds]) -> tuple[float, dict[str, float]]:
    """The regularisation strength of :data:`C_GRID` whose out-of-fold scores (folds grouped
    by document, over the first three repetitions) have the lowest mean log loss."""
    from sklearn.metrics import log_loss

    y = [int(lab.correct) for lab, _ in rows]
    losses = {}
    for c in C_GRID:
        loss = []
        for folds in repeats[:3]:
            prob = [1.0 / (1.0 + math.exp(-r)) for r in _out_of_fold(rows, folds, c)]
            loss.append(float(log_loss(y, prob, labels=[0, 1])))
        losses[str(c)] = round(sum(loss) / len(loss), 4)
    best = min(C_GRID, key=lambda c: (losses[str(c)], c))
    return best, losses


def calibration_map(raw: Sequence[float], y: Sequence[int], method: str) -> dict[str, Any]:
    """The calibration of scores ``raw`` to the outcomes ``y`` (out-of-fold): sigmoid or
    isotonic."""
    import numpy as np

    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
        return {
            "method": "isotonic",
            "x": [round(float(v), 6) for v in iso.X_thresholds_],
            "y": [round(float(v), 6) for v in iso.y_thresholds_],
        }
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e6, max_iter=5000).fit(np.asarray(raw).reshape(-1, 1), y)
    # p = 1 / (1 + exp(a * raw + b)), as sklearn.calibration's sigmoid
    return {
        "method": "sigmoid",
        "a": round(-float(lr.coef_[0][0]), 6),
        "b": round(-float(lr.intercept_[0]), 6),
    }


# --- metrics -------------------------------------------------------------------------------


def _share(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"value": round(k / n, 4) if n else None, "k": k, "n": n,
            "ci95": [round(lo, 4), round(hi, 4)]}  # fmt: skip


def metrics(
    conf: Sequence[float],
    y: Sequence[int],
    priority: Sequence[bool],
    files: Sequence[str],
    threshold: float,
    lost_correct: int = 0,
) -> dict[str, Any]:
    """Precision, recall of the correct candidates kept and A4P-priority precision at
    ``threshold`` (Wilson intervals), average precision and expected calibration error (95 %
    intervals from 1,000 bootstrap resamples of documents, fixed seed).

    ``lost_correct`` counts records judged correct whose candidate today's rules no longer
    propose: ``recall_of_judged_correct`` counts them as not kept, so a rule that drops
    correct candidates cannot raise the share kept."""
    kept = [i for i, c in enumerate(conf) if c >= threshold]
    pri = [i for i in kept if priority[i]]
    out: dict[str, Any] = {
        "n": len(y),
        "documents": len(set(files)),
        "correct": sum(y),
        "precision_all_candidates": _share(sum(y), len(y)),
        "precision": _share(sum(y[i] for i in kept), len(kept)),
        "recall_of_correct": _share(sum(y[i] for i in kept), sum(y)),
        "recall_of_judged_correct": _share(sum(y[i] for i in kept), sum(y) + lost_correct),
        "priority_precision": _share(sum(y[i] for i in pri), len(pri)),
        "priority_precision_all_candidates": _share(
            sum(y[i] for i, p in enumerate(priority) if p), sum(priority)
        ),
        "average_precision": {"value": average_precision(conf, y)},
        "ece": {"value": expected_calibration_error(conf, y)},
    }
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(files):
        by_doc[f].append(i)
    docs = sorted(by_doc)
    rng = random.Random(SEED)
    aps, eces = [], []
    for _ in range(1000):
        idx = [i for d in rng.choices(docs, k=len(docs)) for i in by_doc[d]]
        cc, yy = [conf[i] for i in idx], [y[i] for i in idx]
        aps.append(average_precision(cc, yy))
        eces.append(expected_calibration_error(cc, yy))
    for key, values in (("average_precision", aps), ("ece", eces)):
        values.sort()
        out[key]["ci95"] = [values[24], values[974]]
    return out


# --- the command ---------------------------------------------------------------------------


def train(
    label_paths: Sequence[Path],
    ungdc: Path,
    out: Path,
    *,
    gold: Sequence[tuple[str, Path, Path]] = GOLD,
    jobs: int = 2,
    figure: Path | None = None,
    calibration: str = "sigmoid",
    log=print,
) -> dict[str, Any]:
    """Rebuild the candidates of the judged documents, join the labels, fit, calibrate,
    choose the threshold, score test, and write the model to ``out``. Returns the model's
    JSON form."""
    labels, pairs = read_labels(label_paths)
    if not labels:
        raise SystemExit("no judged records found in " + ", ".join(map(str, label_paths)))
    with tempfile.TemporaryDirectory(prefix="peacekg-train-") as tmp:
        paths = locate(labels, ungdc, Path(tmp))
        missing = sorted({f for s, f in {(x.source, x.file) for x in labels} - set(paths)})
        todo = sorted(str(p) for p in paths.values())
        if jobs > 1 and len(todo) > 8:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                found = [c for cs in pool.map(candidates_of, todo, chunksize=8) for c in cs]
        else:
            found = [c for p in todo for c in candidates_of(p)]
    joined = join(labels, found)
    joined_ids = {id(lab) for lab, _ in joined}
    lost = Counter(
        split_of(lab.file) for lab in labels if lab.correct and id(lab) not in joined_ids
    )
    from_gold = gold_labels(gold, {lab.file for lab in labels})
    joined += from_gold
    labels = labels + [lab for lab, _ in from_gold]
    sources = Counter(x.source for x in labels)
    log(
        f"labels: {len(labels)} ({', '.join(f'{k} {v}' for k, v in sorted(sources.items()))}); "
        f"documents found {len(paths)}, missing {len(missing)}; joined to a candidate {len(joined)}"
    )
    parts: dict[str, list[tuple[Label, Candidate]]] = defaultdict(list)
    for lab, cand in joined:
        parts[split_of(lab.file)].append((lab, cand))
    train_set, dev_set, test_set = parts["train"], parts["dev"], parts["test"]
    if not train_set or not dev_set:
        raise SystemExit("too few judged records to train: train and dev must both have some")
    # train and dev are fitted on together; their out-of-fold scores calibrate the model and
    # choose the threshold (test stays unseen until the end)
    fitted = train_set + dev_set
    y = [int(lab.correct) for lab, _ in fitted]
    groups = [lab.file for lab, _ in fitted]
    repeats = _repeated_folds(groups, y)
    if repeats:
        c, losses = choose_c(fitted, repeats)
    else:
        c, losses = 1.0, {}
    base = _fit_model(fitted, c)
    # the out-of-fold scores of every repetition, pooled: what calibrates and what chooses
    # the threshold (the figures reported are the first repetition's, one score per record)
    oof = [_out_of_fold(fitted, folds, c) for folds in repeats] or [
        [_raw(base, cand) for _, cand in fitted]
    ]
    kinds = [cand.kind for _, cand in fitted]
    pooled_raw = [r for rep in oof for r in rep]
    pooled_y = y * len(oof)
    pooled_kind = kinds * len(oof)
    # a document kind judged often enough gets its own calibration map (the General Debate
    # speeches are harder than the letters and briefings: one map for all overrates them)
    counts = Counter(cand.kind for _, cand in fitted)
    own_kinds = sorted(k for k, n in counts.items() if n >= KIND_CALIBRATION_FROM)
    rest = [i for i, k in enumerate(pooled_kind) if k not in own_kinds]

    def fit_map(idx: Sequence[int]) -> dict[str, Any]:
        return calibration_map(
            [pooled_raw[i] for i in idx], [pooled_y[i] for i in idx], calibration
        )

    everything = range(len(pooled_raw))
    by_kind = {k: fit_map([i for i in everything if pooled_kind[i] == k]) for k in own_kinds}
    common = fit_map(rest) if rest else fit_map(everything)
    model = ConfidenceModel(base.coefficients, base.intercept, common, 0.5,
                            calibration_by_kind=by_kind)  # fmt: skip

    def calibrated(raw: Sequence[float], kinds: Sequence[str]) -> list[float]:
        return [round(model.calibrate(r, k), 3) for r, k in zip(raw, kinds, strict=True)]

    pooled_conf = calibrated(pooled_raw, pooled_kind)
    # the precision target must hold with 95 % confidence, not only on the point: the
    # out-of-fold curve is flat near 0.90 over a wide band of thresholds, and a point on its
    # edge falls below 0.90 on new documents about as often as not
    threshold = pick_threshold(pooled_conf, pooled_y, PRECISION_TARGET,
                               min_kept=MIN_KEPT * len(oof), bound=True,
                               repeats=len(oof))  # fmt: skip
    # what each repetition alone would have chosen: how much the choice rests on the folds
    alone = [pick_threshold(calibrated(rep, kinds), y, PRECISION_TARGET, min_kept=MIN_KEPT,
                            bound=True) for rep in oof]  # fmt: skip
    oof_conf = calibrated(oof[0], kinds)

    test_conf = calibrated([_raw(base, cand) for _, cand in test_set],
                           [cand.kind for _, cand in test_set])  # fmt: skip
    test_y = [int(lab.correct) for lab, _ in test_set]

    agree = sum(a.verdict == b.verdict for a, b in pairs)
    data: dict[str, Any] = {
        "version": 1,
        "model": "logistic regression over peacekg.loaders.confidence.features",
        "training_data_sha256": data_digest(label_paths, gold),
        "labels": {
            "records": len(labels),
            "by_source": dict(sorted(Counter(x.source for x in labels).items())),
            "documents": len({(x.source, x.file) for x in labels}),
            "documents_missing": missing,
            "joined": len(joined),
            "not_proposed_by_today_rules": len(labels) - len(joined),
            "judged_correct_not_proposed": dict(sorted(lost.items())),
            "split": {k: len(v) for k, v in sorted(parts.items())},
            "agreement": {
                "overlap": len(pairs),
                "agreed": agree,
                "share": round(agree / len(pairs), 4) if pairs else None,
            },
        },
        "regularisation": {
            "C": c,
            "cv_log_loss": losses,
            "folds": FOLDS,
            "repeats": len(oof),
        },
        "threshold": threshold,
        "threshold_of_each_repeat": {"min": min(alone), "max": max(alone)},
        "precision_target": PRECISION_TARGET,
        "intercept": base.intercept,
        "calibration": common,
        "calibration_by_kind": by_kind,
        "metrics": {
            "cross_validated": metrics(
                oof_conf,
                y,
                [cand.target_type == "Priority" for _, cand in fitted],
                groups,
                threshold,
                lost["train"] + lost["dev"],
            ),
            "test": metrics(
                test_conf,
                test_y,
                [cand.target_type == "Priority" for _, cand in test_set],
                [lab.file for lab, _ in test_set],
                threshold,
                lost["test"],
            )
            if test_set
            else None,
        },
        "features": list(base.coefficients),
        "coefficients": list(base.coefficients.values()),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(".tmp")
    tmp_out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp_out.replace(out)
    if figure is not None and test_set:
        draw(test_conf, test_y, threshold, figure)
    return data


def draw(conf: Sequence[float], y: Sequence[int], threshold: float, path: Path) -> None:
    """The precision–recall curve and the reliability diagram of the test split (calibrated
    confidences ``conf``, verdicts ``y``), as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    order = sorted(range(len(conf)), key=lambda i: -conf[i])
    tp, pts = 0, []
    for rank, i in enumerate(order, start=1):
        tp += y[i]
        pts.append((tp / max(1, sum(y)), tp / rank, conf[i]))
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 4), dpi=100)
    a.plot([p[0] for p in pts], [p[1] for p in pts], color="#1f77b4")
    at = [p for p in pts if p[2] >= threshold]
    if at:
        a.scatter([at[-1][0]], [at[-1][1]], color="#d62728", zorder=3,
                  label=f"default threshold {threshold:.3f}")  # fmt: skip
        a.legend(loc="lower left")
    a.axhline(sum(y) / max(1, len(y)), color="grey", lw=0.8, ls="--")
    title = f"Test split: AP {average_precision(conf, y):.2f}, n {len(y)}"
    a.set(xlabel="recall of correct candidates", ylabel="precision", xlim=(0, 1.02),
          ylim=(0, 1.02), title=title)  # fmt: skip
    bins: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for c, yy in zip(conf, y, strict=True):
        bins[min(int(c * 10), 9)].append((c, yy))
    xs = [sum(c for c, _ in g) / len(g) for _, g in sorted(bins.items())]
    ys = [sum(v for _, v in g) / len(g) for _, g in sorted(bins.items())]
    b.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
    b.plot(xs, ys, marker="o", color="#1f77b4")
    b.set(xlabel="confidence", ylabel="share judged correct", xlim=(0, 1), ylim=(0, 1.02),
          title=f"Calibration: ECE {expected_calibration_error(conf, y):.3f}")  # fmt: skip
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``python -m peacekg.loaders.train`` command."""
    ap = argparse.ArgumentParser(prog="python -m peacekg.loaders.train",
                                 description=__doc__.split("\n\n")[0])  # fmt: skip
    ap.add_argument(
        "--labels",
        type=Path,
        nargs="+",
        default=list(LABELS),
        help="judged JSONL files or folders (default: bench/audit bench/judged)",
    )
    ap.add_argument(
        "--ungdc",
        type=Path,
        default=UNGDC,
        help="the General Debate corpus: its .tar.gz or an extracted folder",
    )
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    ap.add_argument(
        "--figure",
        type=Path,
        default=None,
        help="also draw the test curves as a PNG (make train: docs/confidence.png)",
    )
    ap.add_argument(
        "--no-gold",
        action="store_true",
        help="leave out the labels given by the gold of the dev and sample sets",
    )
    ap.add_argument("--calibration", choices=("sigmoid", "isotonic"), default="sigmoid")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    data = train(args.labels, args.ungdc, args.out, jobs=args.jobs, figure=args.figure,
                 gold=() if args.no_gold else GOLD,
                 calibration=args.calibration, log=lambda m: print(m, file=sys.stderr))  # fmt: skip
    print(summary(data))
    return 0


def summary(data: dict[str, Any]) -> str:
    """The model's figures as a few lines of text."""
    lines = [
        f"model: {len(data['features'])} features, C {data['regularisation']['C']}, "
        f"calibration {data['calibration']['method']}, threshold {data['threshold']}",
        f"labels: {data['labels']['joined']} joined of {data['labels']['records']}, "
        f"split {data['labels']['split']}, sha256 {data['training_data_sha256'][:16]}",
    ]
    for split in ("cross_validated", "test"):
        m = data["metrics"].get(split)
        if not m:
            continue

        def f(key: str, m: dict = m) -> str:
            v = m[key]
            ci = v.get("ci95")
            extra = f" [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else ""
            n = f" n={v['n']}" if "n" in v else ""
            return f"{v['value'] if v['value'] is not None else '-'}{extra}{n}"

        lines.append(
            f"{split}: precision {f('precision')}, recall of correct {f('recall_of_correct')} "
            f"(of every judged correct: {f('recall_of_judged_correct')}), "
            f"priority precision {f('priority_precision')}, AP {f('average_precision')}, "
            f"ECE {f('ece')} (all candidates: precision {f('precision_all_candidates')})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
