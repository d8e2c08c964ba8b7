"""Chaos for imports and publish: ``peacekg import`` and ``peacekg publish`` killed with
SIGKILL at random moments.

An import killed at any moment leaves the store opening on the previous import of the data
set, or on the new one complete (never half of it), with no process left, and the next
import just starts. A publish to a real Oxigraph server killed at any moment leaves every
published graph as it was or complete (staged: the switch is one transaction), and
publishing again leaves the server exactly as an uninterrupted publish does. The data are
small and written here; the moments are drawn from a seeded generator and printed.
"""

from __future__ import annotations

import json
import random
import signal
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_cli, start_cli, store_content, tagged_processes

from peacekg.graph.publish.publish import STAGING
from peacekg.ontology.reference import load_reference

pytestmark = pytest.mark.slow

#: Random moments per command, as fractions of an uninterrupted run's duration.
MOMENTS = 5
#: A moment whose command finished before its signal is tried again earlier, this often.
RETRIES = 4


def _states(n: int) -> list[str]:
    """``n`` names of current states, as a data set would spell them."""
    names = sorted(s.label for s in load_reference().states if s.data.get("former") != "1")
    return names[:: max(1, len(names) // n)][:n]


def _write_votes(folder: Path, flip: int) -> Path:
    """A votes folder of 300 roll calls and 60 states (18,000 votes); ``flip`` shifts every
    choice, so two folders give two different imports of the same size."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["rcid,session,importantvote,date,unres,amend,para,short,descr"]
    for rc in range(1, 301):
        rows.append(
            f"{rc},70.0,0,2016-{1 + rc % 12:02d}-{1 + rc % 28:02d},R/70/{rc},0,0,"
            f'"ITEM {rc}","A made-up question number {rc}"'
        )
    (folder / "un_roll_calls.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    choices = ("yes", "no", "abstain")
    votes = ["rcid,country,country_code,vote"]
    for rc in range(1, 301):
        for i, name in enumerate(_states(60)):
            votes.append(f'{rc},"{name}",X{i},{choices[(rc + i + flip) % 3]}')
    (folder / "un_votes.csv").write_text("\n".join(votes) + "\n", encoding="utf-8")
    return folder


def _write_personnel(path: Path, extra: int) -> Path:
    """A personnel table of 60 states x 4 missions x 12 years; ``extra`` changes the counts."""
    rows = ['"","Year","Country","Mission","Female","Male","Total"']
    n = 0
    for name in _states(60):
        for mission in ("UNIFIL", "MINUSMA", "UNMISS", "MONUSCO"):
            for year in range(2010, 2022):
                n += 1
                women, men = n % 7 + extra, n % 90 + 10
                rows.append(f'"{n}",{year},"{name}","{mission}",{women},{men},{women + men}')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    proc = start_cli(*args, token="timing")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return time.monotonic() - started


def _no_process_left(token: str) -> None:
    deadline = time.monotonic() + 10
    while tagged_processes(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tagged_processes(token), "a process of the killed command lives on"


def _kill_at(args: list[str], delay: float, token: str) -> bool:
    """Run ``peacekg ARGS``, SIGKILL it after ``delay`` s; True when it ended first."""
    victim = start_cli(*args, token=token)
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    _, err = victim.communicate(timeout=60)
    assert "Traceback" not in err, err
    _no_process_left(token)
    return victim.returncode == 0


@pytest.mark.parametrize("kind", ["votes", "personnel"])
def test_killed_imports_leave_the_previous_import_or_the_new_one(kind: str, tmp_path: Path) -> None:
    sources = {
        name: (
            _write_votes(tmp_path / f"votes-{name}", flip)
            if kind == "votes"
            else _write_personnel(tmp_path / f"personnel-{name}.csv", flip)
        )
        for name, flip in (("a", 0), ("b", 1))
    }
    refs: dict[str, Counter[str]] = {}
    for name, source in sources.items():
        run_cli("import", kind, source, "--store", tmp_path / f"ref-{name}", check=True)
        refs[name] = store_content(tmp_path / f"ref-{name}")
    assert refs["a"] != refs["b"]
    store = tmp_path / "store"
    duration = _timed(["import", kind, str(sources["a"]), "--store", str(store)])
    assert store_content(store) == refs["a"]
    current = "a"
    rng = random.Random(13 if kind == "votes" else 15)
    moments = sorted(rng.uniform(0.1, 0.95) for _ in range(MOMENTS))
    log = []
    for moment in moments:
        fraction = moment
        for _ in range(RETRIES + 1):
            target = "b" if current == "a" else "a"
            args = ["import", kind, str(sources[target]), "--store", str(store)]
            finished = _kill_at(args, fraction * duration, uuid.uuid4().hex)
            # the store opens on the previous import, or on the new one complete (a kill
            # after the switch to the new generation, before the process exits, leaves the
            # new one); an import that finished must have left the new one
            content = store_content(store)
            assert content in (refs[current], refs[target]), (
                f"killed at {fraction:.2f}: neither the previous import nor the new one"
            )
            assert content == refs[target] or not finished, "a finished import left the old data"
            if content == refs[target]:
                current = target
            if not finished:
                break
            fraction *= 0.75  # it outran its signal: the moment again, a little earlier
        log.append((round(fraction, 2), finished))
    killed = [f for f, finished in log if not finished]
    # the next import just starts (the killed one's lock and generation are taken over)
    target = "b" if current == "a" else "a"
    run_cli("import", kind, sources[target], "--store", store, check=True)
    assert store_content(store) == refs[target]
    assert [p.name for p in store.glob("gen-*")] == [(store / "CURRENT").read_text().strip()]
    print(f"\nimport {kind}: {duration:.1f} s; killed at (moment, finished) {log}")
    assert len(killed) >= MOMENTS - 1


def _remote_quads(base: str) -> set[tuple[str, ...]]:
    """Every quad in the named graphs of the server at ``base``."""
    q = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    req = urllib.request.Request(
        base + "/query",
        data=urllib.parse.urlencode({"query": q}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        rows = json.load(resp)["results"]["bindings"]
    return {tuple(json.dumps(row[v], sort_keys=True) for v in ("g", "s", "p", "o")) for row in rows}


def _by_graph(quads: set[tuple[str, ...]]) -> dict[str, frozenset[tuple[str, ...]]]:
    graphs: dict[str, set[tuple[str, ...]]] = {}
    for quad in quads:
        graphs.setdefault(json.loads(quad[0])["value"], set()).add(quad[1:])
    return {g: frozenset(t) for g, t in graphs.items()}


def _reset(base: str, store: Path, publish: list[str]) -> None:
    """Empty the server, then publish ``store`` to it."""
    req = urllib.request.Request(
        base + "/update",
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update"},
    )
    urllib.request.urlopen(req, timeout=60).close()
    run_cli("publish", "--store", store, *publish, check=True)


@pytest.mark.parametrize("mode", ["staged", "graph-store"])
def test_killed_publish_is_repaired_by_publishing_again(
    mode: str, mini_store: Path, seeds_store: Path, remote: str
) -> None:
    publish = ["--graph-store", remote + "/store"]
    if mode == "staged":
        publish += ["--endpoint", remote + "/update"]
    args = ["publish", "--store", str(seeds_store), *publish]
    # what the server holds before (the mini store published) and after an uninterrupted
    # publish of the seeds over it
    _reset(remote, mini_store, publish)
    before = _by_graph(_remote_quads(remote))
    duration = _timed(args)
    after_quads = _remote_quads(remote)
    after = _by_graph(after_quads)
    changed = [g for g in after if after[g] != before.get(g)]
    assert len(changed) >= 3
    rng = random.Random(17 if mode == "staged" else 19)
    moments = sorted(rng.uniform(0.2, 0.98) for _ in range(MOMENTS))
    log = []
    for moment in moments:
        fraction = moment
        for _ in range(RETRIES + 1):
            _reset(remote, mini_store, publish)
            finished = _kill_at(args, fraction * duration, uuid.uuid4().hex)
            if not finished:
                break
            fraction *= 0.75  # it outran its signal: the moment again, a little earlier
        now = _by_graph(_remote_quads(remote))
        staging = [g for g in now if g.startswith(STAGING)]
        if mode == "staged":
            # all or nothing: every published graph as it was, or every one complete
            kept = {g: now.get(g) for g in after if not g.startswith(STAGING)}
            assert kept in (
                {g: before.get(g) for g in kept},
                {g: after[g] for g in kept},
            ), f"killed at {fraction:.2f}: half switched"
        else:
            # each graph as it was, complete, or (the one being sent) to be repaired
            torn = [g for g in after if now.get(g) not in (before.get(g), after[g])]
            assert len(torn) <= 1 and not staging, f"killed at {fraction:.2f}: {torn}"
        # publishing again gives exactly what an uninterrupted publish gives
        run_cli(*args, check=True)
        assert _remote_quads(remote) == after_quads, f"killed at {fraction:.2f}: not repaired"
        log.append((round(fraction, 2), finished, len(staging)))
    print(f"\npublish ({mode}): {duration:.1f} s; killed at (moment, finished, staged) {log}")
    assert len([t for t in log if not t[1]]) >= MOMENTS - 1
