"""Chaos: builds killed at many moments, readers racing builds, exports killed mid-way.

On 1,000 speeches of the UN General Debate Corpus (two halves of 500, read from
../shared): every SIGKILL or SIGTERM of a build is followed at once by a build that must
start without manual cleanup and end equal to a clean build, with no process of the killed
build left; readers loop while builds switch generations; a killed export leaves the earlier
file. The trial counts and timings are recorded in docs/robustness.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from conftest import (
    SHARED,
    require_shared,
    run_cli,
    start_cli,
    store_content,
    tagged_processes,
)

pytestmark = pytest.mark.slow

TARBALL = SHARED / "corpus" / "ungdc-1946-2017.tar.gz"
NAME = re.compile(r"^([A-Z]{2,3})_\d{1,2}_\d{4}\.txt$")
N_FILES = 1000
#: Moments of a build (fractions of a clean build's duration) at which it is killed.
KILL_AT = [0.02, 0.12, 0.22, 0.32, 0.42, 0.52, 0.62, 0.72, 0.82, 0.92]
TERM_AT = [0.07, 0.17, 0.27, 0.37, 0.47, 0.57, 0.67, 0.77, 0.87, 0.97]


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(corpus, X, Y): two disjoint sets of 500 speeches, and the folder builds read."""
    require_shared()
    root = tmp_path_factory.mktemp("chaos")
    with tarfile.open(TARBALL) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and NAME.match(Path(m.name).name)),
            key=lambda m: m.name,
        )
        step = len(members) // N_FILES
        chosen = members[::step][:N_FILES]
        for i, member in enumerate(chosen):
            member.name = f"{'xy'[i % 2]}/{Path(member.name).name}"
        # in the archive's order: a gzip stream cannot seek back cheaply
        tar.extractall(root, members=sorted(chosen, key=lambda m: m.offset), filter="data")
    corpus = root / "corpus"
    corpus.mkdir()
    return corpus, root / "x", root / "y"


def _fill(corpus: Path, source: Path) -> None:
    """Make ``corpus`` hold exactly the files of ``source`` (hard links)."""
    for f in corpus.iterdir():
        f.unlink()
    for f in source.iterdir():
        os.link(f, corpus / f.name)


def _build(corpus: Path, store: Path, token: str | None = None) -> subprocess.Popen:
    return start_cli("build", corpus, "--store", store, "--prune", "-j", "2", token=token)


def test_killed_builds_never_block_the_next_one(halves: tuple[Path, Path, Path], tmp_path) -> None:
    corpus, x, y = halves
    refs = {}
    for name, half in (("x", x), ("y", y)):
        _fill(corpus, half)
        run_cli("build", corpus, "--store", tmp_path / f"ref-{name}", "-j", "2", check=True)
        refs[name] = store_content(tmp_path / f"ref-{name}")
    store = tmp_path / "store"
    shutil.copytree(tmp_path / "ref-x", store)
    # one clean switch from X to Y, timed: the moments below are fractions of it
    _fill(corpus, y)
    started = time.monotonic()
    proc = _build(corpus, store)
    _, err = proc.communicate(timeout=600)
    duration = time.monotonic() - started
    assert proc.returncode == 0, err
    assert store_content(store) == refs["y"]
    current = "y"

    trials = [(signal.SIGKILL, f) for f in KILL_AT] + [(signal.SIGTERM, f) for f in TERM_AT]
    trials.sort(key=lambda t: t[1])
    trials = [(sig, f, 0) for sig, f in trials]
    log = []
    while trials:
        sig, fraction, attempt = trials.pop(0)
        target = "x" if current == "y" else "y"
        _fill(corpus, x if target == "x" else y)
        before = (store / "CURRENT").read_text()
        token = uuid.uuid4().hex
        victim = _build(corpus, store, token)
        time.sleep(fraction * duration)
        victim.send_signal(sig)
        try:
            _, verr = victim.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            victim.kill()
            raise AssertionError(f"{sig.name} at {fraction}: the build did not stop") from None
        assert "Traceback" not in verr, verr
        # it may have ended, or published, before the signal came: then the new state is
        # whole; else the previous state is live
        finished = (store / "CURRENT").read_text() != before
        if finished:
            assert store_content(store) == refs[target], f"{sig.name} at {fraction}: half published"
            if attempt < 5:  # the build outran its signal: the moment again, a little earlier
                trials.insert(0, (sig, fraction * 0.75, attempt + 1))
        follow = _build(corpus, store)  # at once, no cleanup
        started = time.monotonic()
        deadline = time.monotonic() + 10
        while tagged_processes(token) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = tagged_processes(token)
        _, err = follow.communicate(timeout=600)
        if not finished:  # the same work as the victim's: the clock for the next moments
            duration = time.monotonic() - started
        assert not left, f"{sig.name} at {fraction}: processes {left} of the killed build live on"
        assert follow.returncode == 0, f"{sig.name} at {fraction}: {err}"
        assert store_content(store) == refs[target], f"{sig.name} at {fraction}: differs"
        current = target
        log.append((sig.name, fraction, finished, err.count("note:")))
    killed = [t for t in log if not t[2]]
    print(f"\nclean switch {duration:.1f} s; trials (signal, moment, finished, notes): {log}")
    assert len([t for t in killed if t[0] == "SIGKILL"]) >= 10
    assert len([t for t in killed if t[0] == "SIGTERM"]) >= 9
    leftovers = [p.name for p in store.iterdir() if p.name.startswith((".serve-", ".trash-"))]
    assert not leftovers and len(list(store.glob("gen-*"))) == 1


READER = textwrap.dedent(
    """
    import itertools, sys, traceback
    from pathlib import Path
    import peacekg
    from peacekg.graph.publish.export import export, stats
    store, stop, count = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    ok = failed = 0
    generations = set()
    reads = itertools.cycle([
        lambda kg: kg.country("France"),
        lambda kg: stats(kg.store),
        lambda kg: export(kg.store, "nquads", open("/dev/null", "wb")),
        lambda kg: kg.store.named_graphs(),
    ])
    while not stop.exists():
        try:
            with peacekg.open(store) as kg:  # each read opens the live generation
                generations.add(kg.store.generation)
                next(reads)(kg)
            ok += 1
        except Exception:
            failed += 1
            traceback.print_exc()
        count.write_text(str(ok))
    print(ok, failed, len(generations))
    """
)


def test_readers_never_fail_while_builds_switch_generations(
    halves: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    corpus, x, _ = halves
    _fill(corpus, x)
    store = tmp_path / "store"
    run_cli("build", corpus, "--store", store, "-j", "1", check=True)
    stop = tmp_path / "stop"
    counts = [tmp_path / f"reads-{i}" for i in range(2)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(store), str(stop), str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for count in counts
    ]

    def reads_so_far() -> int:
        return sum(int(c.read_text() or 0) for c in counts if c.exists())

    cli_reads = cli_failures = switches = 0
    files = sorted(corpus.iterdir())
    try:
        # builds that change one speech each switch generations until there were at least
        # 20 switches and 200 reads
        for i in range(60):
            if switches >= 20 and reads_so_far() + cli_reads >= 200:
                break
            f = files[i]
            f.unlink()  # a hard link: replace it, do not write through it
            f.write_text(f"Speech {i} of the chaos test. Ghana supports MINUSMA.\n")
            before = (store / "CURRENT").read_text()
            run_cli("build", corpus, "--store", store, "-j", "1", check=True)
            switches += (store / "CURRENT").read_text() != before
            proc = run_cli("stats", "--store", store)
            cli_reads += 1
            cli_failures += proc.returncode != 0
    finally:
        stop.touch()
    results = []
    for r in readers:
        out, err = r.communicate(timeout=120)
        assert r.returncode == 0, err
        ok, failed, seen = map(int, out.split())
        results.append((ok, failed, seen))
        assert failed == 0, err[-2000:]
    reads = sum(r[0] for r in results) + cli_reads
    print(f"\n{switches} switches, {reads} reads ({results}, {cli_reads} CLI), 0 failures")
    assert switches >= 20
    assert cli_failures == 0
    assert reads >= 200
    # the readers are gone: the next writer leaves only the live generation
    files[0].write_text("Ghana supports MINUSCA.\n")
    run_cli("build", corpus, "--store", store, "-j", "1", check=True)
    assert [p.name for p in store.glob("gen-*")] == [(store / "CURRENT").read_text().strip()]


def _export(store: Path, out: Path) -> subprocess.Popen:
    args = ["export", "--store", str(store), "--format", "nquads", "-o", str(out)]
    return subprocess.Popen([sys.executable, "-m", "peacekg.cli", *args])


def _writing(pid: int, folder: Path) -> bool:
    """True once process ``pid`` has a file open in ``folder`` (its export is being written)."""
    try:
        links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return any(link.startswith(str(folder) + "/") for link in links)


def _wait_writing(proc: subprocess.Popen, folder: Path) -> float:
    """Wait until ``proc`` writes in ``folder``; return when (monotonic), or raise."""
    while not _writing(proc.pid, folder):
        assert proc.poll() is None, "the export ended before it wrote"
        time.sleep(0.002)
    return time.monotonic()


def test_a_killed_export_leaves_the_earlier_file(
    halves: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    corpus, x, _ = halves
    _fill(corpus, x)
    store = tmp_path / "store"
    run_cli("build", corpus, "--store", store, "-j", "2", check=True)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "kg.nq"
    timed = _export(store, tmp_path / "timed.nq")
    began = _wait_writing(timed, tmp_path)
    timed.wait()
    writing = time.monotonic() - began
    complete = hashlib.sha256((tmp_path / "timed.nq").read_bytes()).hexdigest()
    run_cli("export", "--store", store, "--format", "trig", "-o", out, check=True)
    earlier_bytes = out.read_bytes()
    earlier = hashlib.sha256(earlier_bytes).hexdigest()
    moments = ["start-up", 0.0, 0.3, 0.6, 0.9]  # before writing, then fractions of writing
    killed = []
    for moment in moments:
        delay = moment
        for _ in range(4):
            proc = _export(store, out)
            if delay == "start-up":
                time.sleep(0.3)
            else:
                _wait_writing(proc, folder)
                time.sleep(delay * writing)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            assert digest in (earlier, complete), f"torn at {delay}"
            assert [p.name for p in folder.iterdir()] == ["kg.nq"]
            if digest == earlier and proc.returncode == -signal.SIGKILL:
                break
            # a loaded machine finished the export first: put the earlier file back and
            # try again a little earlier
            out.write_bytes(earlier_bytes)
            delay = delay / 2 if delay != "start-up" else delay
        assert digest == earlier and proc.returncode == -signal.SIGKILL, f"never killed {moment}"
        killed.append(delay)
    print(f"\nexport writes for {writing:.2f} s; killed at {killed}, the earlier file intact")
