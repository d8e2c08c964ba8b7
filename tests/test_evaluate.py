"""The scorer on tiny hand-made gold/prediction sets, and the seeds against their gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GOLD, SEEDS, run_cli

from peacekg.graph.evaluation.gold import Prediction, load_gold, predictions_from_extractions
from peacekg.graph.evaluation.keys import Aliases, actor_key, target_key
from peacekg.graph.evaluation.scoring import Counts, score
from peacekg.loaders.model import Commitment, Document, EntityRef, Extraction, Mention, Statement


def write_gold(tmp_path: Path, records: list[dict], registry: dict | None = None) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "d.txt.jsonl").write_text(
        "\n".join(json.dumps({"doc": "d.txt", **r}) for r in records) + "\n", encoding="utf-8"
    )
    if registry is not None:
        (tmp_path / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    return gold


REGISTRY = {
    "Organization": {"African Union": ["AU", "African Union"]},
    "Initiative": {
        "Action for Peacekeeping": ["A4P", "Action for Peacekeeping"],
        "Light Coordination Mechanism": ["LCM", "Light Coordination Mechanism"],
    },
}


def test_counts() -> None:
    c = Counts(tp=8, fp=2, fn=2)
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(0.8)
    assert c.f1 == pytest.approx(0.8)
    assert Counts().f1 == 1.0  # nothing to find, nothing predicted


def test_optional_records_are_neither_rewarded_nor_penalised(tmp_path: Path) -> None:
    gold_dir = write_gold(
        tmp_path,
        [
            {"kind": "backs", "actor": "FRA", "target": "priority:wps"},
            {"kind": "backs", "actor": "FRA", "target": "priority:politics", "optional": True},
            {"kind": "backs", "actor": "FRA", "target": "priority:conduct", "optional": True},
        ],
    )
    aliases = Aliases.load(gold_dir, reference=False)
    gold = load_gold(gold_dir, aliases)
    pred = Prediction("d.txt", backs={("FRA", "priority:wps", "support"),
                                      ("FRA", "priority:politics", "support")})  # fmt: skip
    report = score(gold, {"d.txt": pred})
    c = report.counts["backs"]
    assert (c.tp, c.fp, c.fn) == (1, 0, 0)  # politics ignored, conduct not missed


def test_aliases_match_organisations_and_initiatives(tmp_path: Path) -> None:
    gold_dir = write_gold(
        tmp_path,
        [
            {"kind": "entity", "type": "Organization", "id": "African Union"},
            {"kind": "entity", "type": "Initiative", "id": "Action for Peacekeeping"},
            {"kind": "backs", "actor": "African Union", "target": "initiative:A4P"},
            {"kind": "entity", "type": "Resolution", "id": "2538 (2020)"},
            {"kind": "entity", "type": "Person", "id": "Khare"},
        ],
        registry=REGISTRY,
    )
    aliases = Aliases.load(gold_dir, reference=False)
    assert actor_key("AU", aliases) == "African Union"
    assert target_key("initiative:Action for Peacekeeping", aliases) == target_key(
        "initiative:A4P", aliases
    )
    gold = load_gold(gold_dir, aliases)
    ex = Extraction(
        document=Document("d", Path("d.txt"), "text", "0", "text/plain"),
        mentions=[
            Mention(EntityRef("Organization", "AU", "AU"), 0, 2, "AU"),
            Mention(EntityRef("Initiative", "A4P", "A4P"), 0, 3, "A4P"),
            Mention(EntityRef("Resolution", "2538", "S/RES/2538 (2020)"), 0, 4, "x"),
            Mention(EntityRef("Person", "Atul Khare", "Atul Khare"), 0, 4, "x"),
        ],
        commitments=[
            Commitment(
                actor=EntityRef("Organization", "AU"),
                stance="Support",
                targets=[EntityRef("Initiative", "Action for Peacekeeping")],
                evidence="x",
                start=0,
                end=1,
            )
        ],
    )
    report = score(gold, predictions_from_extractions([ex], aliases))
    assert report.f1("entity") == 1.0
    assert report.f1("backs") == 1.0


def test_polarity_counts(tmp_path: Path) -> None:
    gold_dir = write_gold(
        tmp_path,
        [
            {"kind": "backs", "actor": "RUS", "target": "priority:wps", "polarity": "oppose"},
            {"kind": "backs", "actor": "RUS", "target": "priority:politics"},
        ],
    )
    gold = load_gold(gold_dir, Aliases.load(gold_dir, reference=False))
    wrong = Prediction("d.txt", backs={("RUS", "priority:wps", "support"),
                                       ("RUS", "priority:politics", "support")})  # fmt: skip
    report = score(gold, {"d.txt": wrong})
    c = report.counts["backs"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert report.docs[0].misses["backs"] == [("RUS", "priority:wps", "oppose")]
    assert report.docs[0].false_hits["backs"] == [("RUS", "priority:wps", "support")]


def test_contributes_and_speakers_and_missing_documents(tmp_path: Path) -> None:
    gold_dir = write_gold(
        tmp_path,
        [
            {"kind": "speaker", "actor": "GBR"},
            {"kind": "contributes", "actor": "GBR", "target": "mission:MINUSMA"},
        ],
    )
    gold = load_gold(gold_dir, Aliases.load(gold_dir, reference=False))
    doc = Document(
        "d",
        Path("d.txt"),
        "We deploy to MINUSMA.",
        "0",
        "text/plain",
        statements=[Statement(1, 0, 21, [EntityRef("State", "GBR")])],
    )
    ex = Extraction(
        document=doc,
        commitments=[
            Commitment(
                actor=EntityRef("State", "GBR"),
                stance="Pledge",
                targets=[EntityRef("Mission", "MINUSMA")],
                evidence="We deploy to MINUSMA.",
                start=0,
                end=21,
                contributes_to=[EntityRef("Mission", "MINUSMA")],
            )
        ],
    )
    report = score(gold, predictions_from_extractions([ex]))
    assert report.f1("speaker") == 1.0
    assert report.f1("contributes") == 1.0
    assert report.f1("backs") == 1.0  # mission targets are not scored as backs
    empty = score(gold, {})
    assert empty.docs[0].missing_document
    assert empty.counts["contributes"].fn == 1


def test_report_formats(tmp_path: Path) -> None:
    gold_dir = write_gold(tmp_path, [{"kind": "speaker", "actor": "GBR"}])
    gold = load_gold(gold_dir, Aliases.load(gold_dir, reference=False))
    report = score(gold, {"d.txt": Prediction("d.txt", speakers={"FRA"})})
    table = report.format_table()
    assert "speaker" in table and "miss" in table and "false" in table
    data = report.as_dict()
    assert data["scores"]["speaker"]["fp"] == 1
    json.dumps(data)


# --- the seeds, built and scored: passes once every step is integrated ---------------------------

FLOORS = {"backs": 0.80, "contributes": 0.90, "entity": 0.95, "speaker": 0.95}


@pytest.mark.usefixtures("seeds_dir")
def test_seeds_meet_the_floors(tmp_path: Path) -> None:
    from peacekg.cli import main
    from peacekg.graph.evaluation.scoring import evaluate

    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    report = evaluate(store, GOLD)
    scores = {k: round(report.f1(k), 3) for k in FLOORS}
    for kind, floor in FLOORS.items():
        assert report.f1(kind) >= floor, f"{kind}: {scores}\n{report.format_table()}"

    cli = CliRunner().invoke(
        main,
        ["evaluate", "--store", str(store), "--gold", str(GOLD), "--min-f1", "backs=0.8"],
    )
    assert cli.exit_code == 0, cli.output
    strict = CliRunner().invoke(
        main,
        ["evaluate", "--store", str(store), "--gold", str(GOLD), "--min-f1", "backs=1.01"],
    )
    assert strict.exit_code == 1


def test_backs_count_at_the_threshold_and_the_ranking_scores_every_candidate(
    tmp_path: Path,
) -> None:
    gold_dir = write_gold(
        tmp_path,
        [
            {"kind": "backs", "actor": "FRA", "target": "priority:wps"},
            {"kind": "backs", "actor": "FRA", "target": "priority:protection"},
            {"kind": "backs", "actor": "FRA", "target": "priority:conduct", "optional": True},
        ],
    )
    aliases = Aliases.load(gold_dir, reference=False)
    gold = load_gold(gold_dir, aliases)
    pred = Prediction("d.txt")
    pred.add_backs(("FRA", "priority:wps", "support"), 0.9)
    pred.add_backs(("FRA", "priority:wps", "support"), 0.4)  # the best commitment counts
    pred.add_backs(("FRA", "priority:politics", "support"), 0.6)  # wrong
    pred.add_backs(("FRA", "priority:protection", "support"), 0.3)
    pred.add_backs(("FRA", "priority:conduct", "support"), 0.1)  # optional: not ranked
    report = score(gold, {"d.txt": pred}, min_confidence=0.5)
    c = report.counts["backs"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    r = report.ranking
    assert (r.candidates, r.correct, r.gold, r.threshold) == (3, 2, 2, 0.5)
    assert r.average_precision == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert r.curve[0] == (0.5, 1.0, 0.9) and r.curve[-1][:2] == (1.0, pytest.approx(0.6667))
    assert "average precision 0.833" in report.format_table()
    everything = score(gold, {"d.txt": pred}, min_confidence=0.0).counts["backs"]
    assert (everything.tp, everything.fp, everything.fn) == (2, 1, 0)


@pytest.mark.usefixtures("seeds_dir")
def test_evaluate_reports_at_the_default_threshold_or_the_one_given(seeds_store: Path) -> None:
    from peacekg.loaders.confidence import default_threshold

    out = run_cli("evaluate", "--store", seeds_store, "--gold", GOLD, "--format", "json")
    data = json.loads(out.stdout)
    assert data["confidence"]["threshold"] == default_threshold()
    assert 0 < data["confidence"]["average_precision"] <= 1
    assert 0 <= data["confidence"]["ece"] <= 1
    everything = run_cli("evaluate", "--store", seeds_store, "--gold", GOLD, "--format", "json",
                         "--min-confidence", "0")  # fmt: skip
    backs = json.loads(everything.stdout)["scores"]["backs"]
    assert backs == data["confidence"]["all_candidates"]
    assert backs["tp"] >= data["scores"]["backs"]["tp"]
    bad = run_cli("evaluate", "--store", seeds_store, "--gold", GOLD, "--min-confidence", "2")
    assert bad.returncode == 2 and "--min-confidence" in bad.stderr
