"""The command line's shared machinery: ``--store`` before or after the command name (one
option, one callback, recorded in click's context) and the one emitter of table/JSON/CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import run_cli


def test_store_before_or_after_the_command_name_or_from_the_environment(
    mini_store: Path, tmp_path: Path
) -> None:
    after = run_cli("country", "France", "--store", mini_store, "--format", "json", check=True)
    before = run_cli("--store", mini_store, "country", "France", "--format", "json", check=True)
    env = run_cli(
        "country", "France", "--format", "json", env={"PEACEKG_STORE": str(mini_store)}, check=True
    )
    assert json.loads(after.stdout)["state"]["code"] == "FRA"
    assert before.stdout == after.stdout == env.stdout
    # the option given last wins: the command's over the group's, the group's over the env
    missing = tmp_path / "no-store"
    wins = run_cli("--store", missing, "stats", "--store", mini_store, check=True)
    assert "commitments" in wins.stdout
    over_env = run_cli("--store", mini_store, "stats", env={"PEACEKG_STORE": str(missing)})
    assert over_env.returncode == 0, over_env.stderr
    lost = run_cli("--store", mini_store, "stats", "--store", missing)
    assert lost.returncode == 1 and str(missing) in lost.stderr
    # subcommands of subgroups see the group's store too
    central = run_cli("--store", mini_store, "analyze", "central", "--format", "json", check=True)
    assert json.loads(central.stdout)


def test_one_emitter_for_table_json_and_csv(mini_store: Path, tmp_path: Path) -> None:
    table = run_cli("backers", "--store", mini_store, check=True).stdout
    as_json = json.loads(run_cli("backers", "--store", mini_store, "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run_cli("backers", "--store", mini_store,
                                                   "--format", "csv").stdout)))  # fmt: skip
    assert "France" in table and as_json and rows
    assert {r["actor"] for r in rows} <= {a["label"] for a in as_json["actors"]}
    # a lookup that finds no evidence still prints a CSV header
    empty = run_cli("search", "no such words anywhere", "--store", mini_store, "--format", "csv")
    assert empty.stdout.splitlines() == ["actor,target,stance,evidence"]
    # --output writes the same bytes as standard output
    out = tmp_path / "t.json"
    shown = run_cli("table", "--store", mini_store, "--format", "json", check=True).stdout
    run_cli("table", "--store", mini_store, "--format", "json", "-o", out, check=True)
    assert out.read_text(encoding="utf-8") == shown
