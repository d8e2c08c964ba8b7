"""Progress of long work: a bar on standard error when it is a terminal (a real
pseudo-terminal here), nothing when it is a pipe. ``build``, ``export``, ``import`` and
``publish``, each run as a subprocess."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from test_deeds import PERSONNEL, ROLL_CALLS, VOTES

pytestmark = pytest.mark.slow


def run_on_terminal(*args: str | os.PathLike[str], timeout: float = 300) -> tuple[int, str]:
    """Run ``peacekg ARGS`` with standard error on a pseudo-terminal; return the exit code
    and what the terminal received."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "xterm", "COLUMNS": "120"}
    env.pop("PEACEKG_STORE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "peacekg.cli", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    received = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                raise AssertionError(f"peacekg {args} wrote nothing for {timeout} s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every end of the terminal is closed, the command ended
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
        code = proc.wait(timeout)
    return code, received.decode("utf-8", "replace")


def assert_bar(terminal: str, label: str) -> None:
    assert label in terminal and "100%" in terminal, terminal[-500:]
    assert "#" in terminal  # the bar's fill


def test_export_shows_progress_on_a_terminal_only(mini_store: Path, tmp_path: Path) -> None:
    code, terminal = run_on_terminal("export", "--store", mini_store, "-o", tmp_path / "a.nq")
    assert code == 0
    assert_bar(terminal, "exporting")
    piped = run_cli("export", "--store", mini_store, "-o", tmp_path / "b.nq", check=True)
    assert piped.stderr == ""
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()
    code, terminal = run_on_terminal(
        "export", "--store", mini_store, "--format", "turtle", "-o", tmp_path / "c.ttl"
    )
    assert code == 0 and "merged" in terminal
    assert_bar(terminal, "exporting")


def test_imports_show_progress_on_a_terminal_only(tmp_path: Path) -> None:
    (tmp_path / "personnel.csv").write_text(PERSONNEL, encoding="utf-8")
    votes = tmp_path / "votes"
    votes.mkdir()
    (votes / "un_roll_calls.csv").write_text(ROLL_CALLS, encoding="utf-8")
    (votes / "un_votes.csv").write_text(VOTES, encoding="utf-8")
    store = tmp_path / "store"
    code, terminal = run_on_terminal("import", "personnel", tmp_path / "personnel.csv",
                                     "--store", store)  # fmt: skip
    assert code == 1  # the fixture holds a malformed row, reported below the bar
    assert_bar(terminal, "importing")
    assert "personnel.csv:6" in terminal
    code, terminal = run_on_terminal("import", "votes", votes, "--store", store)
    assert_bar(terminal, "importing")
    piped = run_cli("import", "votes", votes, "--store", store)
    assert "importing" not in piped.stderr and "#" not in piped.stderr
    assert "loaded 3 roll calls, 5 votes" in piped.stdout


def test_build_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, state in (("a.txt", "Ghana"), ("b.txt", "Norway")):
        (corpus / name).write_text(
            f"Statement by {state}\n\n{state} supports the women, peace and security agenda.\n",
            encoding="utf-8",
        )
    code, terminal = run_on_terminal("build", corpus, "--store", tmp_path / "s1", "-j", "1")
    assert code == 0
    assert_bar(terminal, "extracting")
    piped = run_cli("build", corpus, "--store", tmp_path / "s2", "-j", "1", check=True)
    assert "extracting" not in piped.stderr


def test_publish_shows_progress_on_a_terminal_only(mini_store: Path, remote: str) -> None:
    code, terminal = run_on_terminal("publish", "--store", mini_store,
                                     "--endpoint", remote + "/update")  # fmt: skip
    assert code == 0
    assert_bar(terminal, "publishing")
    piped = run_cli("publish", "--store", mini_store, "--endpoint", remote + "/update",
                    check=True)  # fmt: skip
    assert piped.stderr == "" and "written " in piped.stdout
