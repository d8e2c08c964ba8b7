"""The confidence of commitments: features, the committed model, training, and the RDF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO, text_document

from peacekg.loaders.calibration import (
    average_precision,
    expected_calibration_error,
    pick_threshold,
)
from peacekg.loaders.confidence import (
    MODEL_PATH,
    ConfidenceModel,
    default_threshold,
    features,
    load_model,
    score_commitments,
)
from peacekg.loaders.judged import GOLD, LABELS, candidates_of, data_digest, split_of
from peacekg.loaders.model import Commitment, Document, EntityRef, Quantity, Statement
from peacekg.loaders.pipeline import extract
from peacekg.loaders.train import metrics

FRANCE = EntityRef("State", "FRA", "France")
WPS = EntityRef("Priority", "wps", "Women, peace and security")


def _doc(text: str, kind: str = "statement") -> tuple[Document, Statement]:
    st = Statement(index=1, start=0, end=len(text), speakers=[FRANCE])
    doc = text_document(text, kind=kind, statements=[st])
    return doc, st


def _commitment(doc: Document, sentence: str, stance: str = "Pledge") -> Commitment:
    start = doc.text.index(sentence)
    return Commitment(FRANCE, stance, [WPS], sentence, start, start + len(sentence), statement=1)


def test_features_name_the_stance_actor_context_markers_and_cue() -> None:
    pledge = "We will deploy more women peacekeepers to our contingents in Mali."
    tribute = "The Secretary-General was thanked for his work on women in the past."
    doc, st = _doc(f"{pledge} Then, some words. {tribute}")
    f = features(doc, st, _commitment(doc, pledge), WPS)
    assert {"stance=Pledge", "actor=speaker", "subject=first", "peace_ops=evidence",
            "marker=future", "target=priority:wps", "kind=statement"} <= set(f)  # fmt: skip
    assert "priority_cue:more women" in f and "priority_cue_kind=cue" in f
    assert "w:deploy" in f and "b:will_deploy" in f
    assert all(v == 1.0 for v in f.values())
    g = features(doc, st, _commitment(doc, tribute, "Support"), WPS)
    assert {"subject=un", "marker=tribute", "marker=history"} <= set(g)
    assert "marker=tribute" not in f


def test_the_rule_name_is_a_feature_once_commitments_record_it() -> None:
    sentence = "We support women in peacekeeping."
    doc, st = _doc(sentence)
    c = _commitment(doc, sentence, "Support")
    assert not any(k.startswith("rule=") for k in features(doc, st, c, WPS))
    c.rule = "first-person-support"  # type: ignore[attr-defined]
    assert "rule=first-person-support" in features(doc, st, c, WPS)


def test_scoring_is_the_sum_of_coefficients_then_the_calibration_map() -> None:
    model = ConfidenceModel.from_dict(
        {
            "features": ["stance=Pledge", "target=priority:wps"],
            "coefficients": [1.5, -0.5],
            "intercept": 0.25,
            "calibration": {"method": "isotonic", "x": [-1.0, 1.0, 3.0], "y": [0.1, 0.5, 0.9]},
            "threshold": 0.7,
        }
    )
    assert model.raw({"stance=Pledge": 1.0, "target=priority:wps": 1.0, "unknown": 1.0}) == 1.25
    assert model.calibrate(1.25) == pytest.approx(0.55)
    assert model.calibrate(-5) == 0.1 and model.calibrate(9) == 0.9
    sentence = "We will support women, peace and security in peacekeeping."
    doc, st = _doc(sentence)
    c = _commitment(doc, sentence)
    [conf] = model.confidences(doc, st, c)
    assert 0.1 <= conf <= 0.9


def test_each_target_of_a_candidate_becomes_a_commitment_with_its_own_confidence() -> None:
    model = ConfidenceModel.from_dict(
        {
            "coefficients": {"target=priority:wps": 2.0, "target=resolution": -2.0},
            "intercept": 0.0,
            "calibration": {"method": "sigmoid", "a": -1.0, "b": 0.0},
            "threshold": 0.5,
        }
    )
    sentence = "We support resolution 1325 and women in peacekeeping."
    doc, st = _doc(sentence)
    one = _commitment(doc, sentence, "Support")
    both = _commitment(doc, sentence, "Support")
    both.targets = [EntityRef("Resolution", "1325"), WPS]
    [alone] = model.confidences(doc, st, one)
    assert alone == pytest.approx(0.881, abs=1e-3)
    # the doubtful resolution does not pull the sound priority down with it
    assert model.confidences(doc, st, both) == pytest.approx([0.119, 0.881], abs=1e-3)
    split = score_commitments(doc, [both], model)
    assert [(c.targets, c.confidence) for c in split] == [
        ([EntityRef("Resolution", "1325")], pytest.approx(0.119, abs=1e-3)),
        ([WPS], pytest.approx(0.881, abs=1e-3)),
    ]
    assert all(c.evidence == both.evidence and c.start == both.start for c in split)


def test_a_split_candidate_keeps_its_missions_and_quantities_once() -> None:
    model = ConfidenceModel.from_dict(
        {"coefficients": {}, "intercept": 0.0,
         "calibration": {"method": "sigmoid", "a": -1.0, "b": 0.0}, "threshold": 0.5}
    )  # fmt: skip
    sentence = "We will deploy 200 police officers to UNMISS in support of A4P."
    doc, _ = _doc(sentence)
    c = _commitment(doc, sentence, "Contribution")
    unmiss = EntityRef("Mission", "UNMISS")
    a4p = EntityRef("Initiative", "action-for-peacekeeping")
    c.targets = [a4p, unmiss]
    c.contributes_to = [unmiss]
    c.quantities = [Quantity(200, "police", "200 police officers")]
    split = score_commitments(doc, [c], model)
    assert [x.targets for x in split] == [[a4p], [unmiss]]
    assert [x.contributes_to for x in split] == [[], [unmiss]]  # with the mission it names
    assert [len(x.quantities) for x in split] == [0, 1]


def test_measures() -> None:
    assert pick_threshold([0.95, 0.9, 0.6, 0.5], [1, 1, 1, 0], 0.9) == 0.6
    assert pick_threshold([0.9, 0.8], [0, 0], 0.9) == 1.0  # no threshold reaches it
    # a rise of the curve below a dip does not choose the threshold, unless the dip keeps
    # fewer records than min_kept
    curve = ([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [1, 0, 1, 1, 1, 1])
    assert pick_threshold(*curve, 0.6) == 0.9
    assert pick_threshold(*curve, 0.6, min_kept=3) == 0.4
    assert average_precision([0.9, 0.8, 0.7], [1, 0, 1], positives=4) == pytest.approx(0.4167)
    assert expected_calibration_error([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0]) == 0.0


def test_correct_records_the_rules_no_longer_propose_count_as_not_kept() -> None:
    m = metrics([0.95, 0.9, 0.2], [1, 1, 1], [False] * 3, ["a", "a", "b"], 0.5, lost_correct=1)
    assert m["recall_of_correct"]["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["recall_of_judged_correct"]["value"] == 0.5


def test_a_label_keyed_to_an_initiatives_old_identifier_joins_its_reference_entry() -> None:
    """A label whose target was minted from a name the reference table now lists as an alias
    ("Global Counter-Terrorism Strategy") joins the candidate keyed to the reference
    identifier; an alias that is another entry's own identifier is never re-keyed."""
    from peacekg.loaders.judged import Candidate, Label, join, merged_initiatives

    base = "https://w3id.org/peacekg/id/initiative/"
    merged = merged_initiatives()
    strategy = base + "united-nations-global-counter-terrorism-strategy"
    assert merged[base + "global-counter-terrorism-strategy"] == strategy
    assert base + "action-for-peacekeeping" not in merged  # A4P, though A4P+ says it too
    label = Label(
        id="x", source="ungdc", file="NOR_61_2006.txt", actor="NOR", stance="Support",
        target=base + "global-counter-terrorism-strategy", evidence_sha256="e", verdict="correct",
    )  # fmt: skip
    cand = Candidate(
        file="NOR_61_2006.txt", actor="NOR", stance="Support", target=strategy,
        target_type="Initiative", start=0, end=1, evidence_sha256="e", commitment=0, own=0,
    )  # fmt: skip
    assert join([label], [cand]) == [(label, cand)]


def test_the_committed_model_is_data_trained_on_the_committed_labels() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert len(data["features"]) == len(data["coefficients"]) > 100
    assert 0.0 < data["threshold"] <= 1.0 and data["threshold"] == default_threshold()
    assert data["calibration"]["method"] in ("sigmoid", "isotonic")
    assert data["training_data_sha256"] == data_digest(LABELS, GOLD), (
        "the judged data changed since the model was trained: run `make train`"
    )
    test, cv = data["metrics"]["test"], data["metrics"]["cross_validated"]
    assert test["n"] > 100 and 0.0 <= test["ece"]["value"] <= 1.0
    assert data["regularisation"]["folds"] == 5  # calibrated on out-of-fold scores
    assert cv["n"] == data["labels"]["split"]["train"] + data["labels"]["split"]["dev"]
    assert cv["precision"]["value"] >= data["precision_target"]
    assert load_model().threshold == data["threshold"]


def test_every_extracted_commitment_has_a_confidence() -> None:
    ex = extract(EXAMPLES / "indonesia-statement-c34-2021.md")
    assert ex.commitments
    assert all(0.0 <= c.confidence <= 1.0 for c in ex.commitments)
    assert all(c.confidence is None for c in extract(ex.document.path, score=False).commitments)


def _labels_for_the_sample_corpus(tmp_path: Path) -> Path:
    """Judged records over the sample corpus, with a verdict a model can learn (calls for
    action are judged wrong, everything else correct)."""
    lines = []
    for f in sorted(EXAMPLES.iterdir()):
        if f.suffix in (".txt", ".md", ".html"):
            for n, c in enumerate(candidates_of(str(f))):
                ok = c.stance != "CallForAction"
                lines.append(
                    {
                        "id": f"{f.name}-{n}",
                        "file": c.file,
                        "source": "sample",
                        "actor": c.actor,
                        "stance": c.stance,
                        "target": c.target,
                        "start": c.start,
                        "end": c.end,
                        "evidence_sha256": c.evidence_sha256,
                        "annotator": "T",
                        "verdict": "correct" if ok else "wrong",
                        "batch": "t1",
                    }
                )
    dev = [x["verdict"] for x in lines if split_of(x["file"]) == "dev"]
    assert {"correct", "wrong"} <= set(dev)
    labels = tmp_path / "t1.jsonl"
    labels.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return labels


@pytest.mark.slow
def test_training_is_a_reproducible_command(tmp_path: Path) -> None:
    labels = _labels_for_the_sample_corpus(tmp_path)
    outs = []
    for name in ("a.json", "b.json"):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "peacekg.loaders.train",
                "--labels",
                str(labels),
                "--out",
                str(tmp_path / name),
                "--jobs",
                "1",
                "--no-gold",
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        assert "threshold" in proc.stdout
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]  # same labels, same model, byte for byte
    model = ConfidenceModel.load(tmp_path / "a.json")
    data = json.loads(outs[0])
    assert data["labels"]["joined"] == data["labels"]["records"]
    assert model.coefficients["stance=CallForAction"] < 0  # it learnt the verdicts
    doc = extract(EXAMPLES / "sample-letter-peacekeeping-debate.txt", score=False)
    st = {s.index: s for s in doc.document.statements}
    conf = {c.stance: min(model.confidences(doc.document, st.get(c.statement), c))
            for c in doc.commitments}  # fmt: skip
    assert conf["CallForAction"] < min(v for k, v in conf.items() if k != "CallForAction")


def test_training_refuses_bad_labels_with_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "x.txt", "verdict": "correct"}\n', encoding="utf-8")
    out = tmp_path / "m.json"
    proc = subprocess.run(
        [sys.executable, "-m", "peacekg.loaders.train", "--labels", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "bad.jsonl:1: not a judged record" in proc.stderr
    assert not out.exists()


@pytest.mark.usefixtures("seeds_dir")
def test_every_commitment_in_the_store_has_one_decimal_confidence(seeds_store: Path) -> None:
    from peacekg.graph.store.database import Store

    rows = Store(seeds_store).select(
        """SELECT ?c (COUNT(?v) AS ?n) (MIN(?v) AS ?lo) (MAX(?v) AS ?hi)
                  (SAMPLE(DATATYPE(?v)) AS ?dt) WHERE {
             GRAPH ?g { ?c a pk:Commitment . OPTIONAL { ?c pk:confidence ?v } } } GROUP BY ?c"""
    )
    assert len(rows) > 100
    assert all(int(r["n"]) == 1 for r in rows)
    assert all(str(r["dt"]).endswith("#decimal") for r in rows)
    assert all(0 <= float(str(r["lo"])) <= float(str(r["hi"])) <= 1 for r in rows)
    assert len({str(r["lo"]) for r in rows}) > 5  # scores, not a constant
