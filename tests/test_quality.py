"""Extraction quality beyond the dev set: regression floors on independently annotated sets.

``examples/gold`` (the sample corpus) was annotated without seeing the extractor, but its
misses were later studied to choose general rules; ``tests/data/heldout`` is a blind test
set that no rule was tuned on. Their floors sit a little below the scores measured when
they were set (README, "Quality"), so a rule that trades away generalisation fails here.

The floors hold for every candidate the rules propose (``min_confidence=0``); ``backs`` at
the confidence model's default threshold has floors of its own (``THRESHOLD_FLOORS``), set
a little below what the committed model measured: the threshold is chosen for precision 0.90
on judged General Debate records, and costs some recall on these peacekeeping documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_cli

from peacekg.graph.evaluation.scoring import evaluate

SETS = {
    "sample": (
        REPO / "examples" / "corpus",
        REPO / "examples" / "gold",
        {"entity": 0.97, "speaker": 0.97, "backs": 0.90, "contributes": 0.95},
    ),
    "heldout": (
        REPO / "tests" / "data" / "heldout" / "corpus",
        REPO / "tests" / "data" / "heldout" / "gold",
        {"entity": 0.93, "speaker": 0.93, "backs": 0.88, "contributes": 0.88},
    ),
}
#: backs F1 at the default threshold, which moves with the model: measured with the model
#: of issue 12's third round (one commitment per target, each with its own confidence;
#: calibration per document kind; the threshold chosen for precision 0.90 with 95 %
#: confidence, 0.829): sample 0.939, held-out 0.857 (the second round's, threshold 0.858:
#: 0.920 and 0.857). Every-candidate floors above are unchanged.
#: With 600 more labels from the sparse speeches (b24-b29) the threshold rose to 0.859: sample
#: 0.921, held-out 0.850 (65 of 82 found, 6 false); the held-out contributes F1, every
#: candidate, rose to 0.903 with the places of data/places.csv; the speaker rules of the backs
#: dev set took held-out speakers to 0.973 and backs at the threshold back to 0.857; with the
#: sigmoid map for the speeches (threshold 0.846) sample 0.927, held-out 0.857. The rules of
#: the backs dev set's second half (threshold 0.845, then 0.846): held-out backs 0.904 every
#: candidate, 0.883 at the threshold.
THRESHOLD_FLOORS = {"sample": 0.92, "heldout": 0.87}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_floors(name: str, tmp_path: Path) -> None:
    corpus, gold, floors = SETS[name]
    store = tmp_path / "store"
    run_cli("build", corpus, "--store", store, check=True)
    report = evaluate(store, gold, min_confidence=0.0)
    scores = {kind: round(report.f1(kind), 3) for kind in floors}
    low = {kind: s for kind, s in scores.items() if s < floors[kind]}
    assert not low, f"{name}: {scores} below {floors}\n{report.format_table()}"
    at_threshold = evaluate(store, gold)
    backs = at_threshold.counts["backs"]
    assert backs.f1 >= THRESHOLD_FLOORS[name], at_threshold.format_table()
    assert backs.precision >= report.counts["backs"].precision - 0.01  # the filter drops few good
    assert at_threshold.ranking is not None and at_threshold.ranking.candidates > 50


#: The dev sets written for one kind each (tests/data/<name>), every candidate: kind, F1 floor,
#: precision floor. contributions: 0.538 before the places of data/places.csv and the heading
#: year, 0.792 after, 0.871 with the "it" of a paragraph a state opens and service "since" a
#: year; backs: 0.564 before the speaker rules written after reading its misses, 0.771 after,
#: 0.847 with the rules of reported speech and the cues after its second reading; its second
#: half (six more documents, 0.675 when first read) and the rules written after it: 0.902.
DEV_SETS = {"contributions": ("contributes", 0.85, 0.95), "backs": ("backs", 0.88, 0.90)}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DEV_SETS))
def test_dev_set_floors(name: str, tmp_path: Path) -> None:
    kind, f1_floor, precision_floor = DEV_SETS[name]
    data = REPO / "tests" / "data" / name
    store = tmp_path / "store"
    run_cli("build", data / "corpus", "--store", store, check=True)
    report = evaluate(store, data / "gold", min_confidence=0.0)
    counts = report.counts[kind]
    assert counts.f1 >= f1_floor, report.format_table()
    assert counts.precision >= precision_floor, report.format_table()
