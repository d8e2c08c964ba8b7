"""The General Debate corpus extracted from its archive, the samples built from it, and what
the benchmark reads of a built store (its generation, its size, a build's summary).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tarfile
from pathlib import Path

# --- corpus ---------------------------------------------------------------------------------


def extract_corpus(tar_path: Path, dest: Path, limit: int | None) -> Path:
    """Extract the ``.txt`` members of the archive under ``dest/corpus`` (the first ``limit``
    members in archive order when given); return that folder."""
    root = dest / "corpus"
    root.mkdir(parents=True)
    n = 0
    with tarfile.open(tar_path, "r:gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or name.name.startswith("._"):
                continue
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:  # type: ignore[union-attr]
                shutil.copyfileobj(src, dst)
            n += 1
            if limit and n >= limit:
                break
    return root


def corpus_files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*.txt") if not p.name.startswith("."))


def sample(root: Path, files: list[Path], percent: int, dest: Path) -> tuple[Path, list[Path]]:
    """A deterministic ``percent`` % sample: files ordered by the SHA-256 of their relative
    path, the first ones taken (so the 10 % sample is inside the 50 % one), hard-linked."""
    if percent >= 100:
        return root, files
    ranked = sorted(files, key=lambda p: hashlib.sha256(str(p).encode()).hexdigest())
    chosen = sorted(ranked[: max(1, round(len(files) * percent / 100))])
    out = dest / f"sample-{percent:03d}"
    if out.is_dir():  # made earlier in this run
        return out, chosen
    for rel in chosen:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / rel, target)
        except OSError:
            shutil.copy2(root / rel, target)
    return out, chosen


# --- store helpers --------------------------------------------------------------------------


def generation(store: Path) -> str:
    return (store / "CURRENT").read_text().strip()


def count_triples(store: Path) -> int:
    from peacekg.graph.store.database import Store

    return len(Store(store))


def parse_summary(text: str) -> dict[str, int]:
    m = re.search(r"documents: (\d+) built, (\d+) unchanged, (\d+) removed, (\d+) failed", text)
    keys = ("built", "unchanged", "removed", "failed")
    return dict(zip(keys, map(int, m.groups()), strict=True)) if m else {}
