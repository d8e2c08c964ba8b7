"""Every speech of the UN General Debate Corpus gets the state of its file name as speaker."""

from __future__ import annotations

import re
import tarfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import SHARED, require_shared

TARBALL = SHARED / "corpus" / "ungdc-1946-2017.tar.gz"
NAME = re.compile(r"^([A-Z]{2,3})_\d{1,2}_\d{4}\.txt$")


def _speakers(paths: list[str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    from peacekg.loaders.read import read_document
    from peacekg.loaders.speakers import attribute_speakers

    out = []
    for p in paths:
        doc = read_document(Path(p))
        attribute_speakers(doc)
        speakers = [(s.type, s.key) for st in doc.statements for s in st.speakers]
        out.append((Path(p).name, doc.kind, speakers))
    return out


@pytest.mark.slow
def test_every_ungdc_speech_is_spoken_by_the_state_of_its_file_name(tmp_path: Path) -> None:
    require_shared()
    with tarfile.open(TARBALL) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and NAME.match(Path(m.name).name)]
        tar.extractall(tmp_path, members=members, filter="data")
    files = sorted(str(tmp_path / m.name) for m in members)
    assert len(files) > 9500
    chunks = [files[i::8] for i in range(8)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = [r for chunk in pool.map(_speakers, chunks) for r in chunk]
    wrong = []
    for name, kind, speakers in results:
        code = NAME.match(name).group(1)
        expected = ("Organization", "European Union") if code == "EU" else ("State", code)
        if kind != "general-debate" or speakers != [expected]:
            wrong.append((name, kind, speakers))
    assert not wrong, f"{len(wrong)} of {len(results)} files: {wrong[:10]}"
