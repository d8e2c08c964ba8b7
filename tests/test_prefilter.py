"""The cheap passes that decide where the costly extraction runs lose nothing.

* ``CueVocabulary.starts`` (the whole first words of cues and anchors) finds every cue and
  anchor that the stem prefilter finds, with the same priorities tried there;
* ``_may_have_targets`` skips only windows none of whose sentences could be a candidate:
  the commitments and the skipped candidates are those of splitting every window.

Both are checked on the real seeds and on a sample of real General Debate speeches.
"""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest
from conftest import SEEDS, SHARED, require_shared

TARBALL = SHARED / "corpus" / "ungdc-1946-2017.tar.gz"
NAME = re.compile(r"^[A-Z]{2,3}_\d{1,2}_\d{4}\.txt$")
#: General Debate speeches read: every this many of the archive's (about 120)
EVERY = 80


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The seeds and a spread sample of General Debate speeches, read and run through every
    step before the commitments (so mentions and statements are those of a build)."""
    require_shared()
    from peacekg.loaders.pipeline import Pipeline
    from peacekg.loaders.read import read_document

    root = tmp_path_factory.mktemp("prefilter")
    with tarfile.open(TARBALL) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and NAME.match(Path(m.name).name)]
        chosen = sorted(members, key=lambda m: m.name)[::EVERY]
        tar.extractall(root, members=sorted(chosen, key=lambda m: m.offset), filter="data")
    paths = sorted(SEEDS.iterdir()) + sorted(root / m.name for m in chosen)
    pipeline = Pipeline()
    before = [step for name, step in pipeline.steps if name in ("mentions", "speakers", "people")]
    docs = []
    for path in paths:
        doc = read_document(path)
        for step in before:
            step(doc)
        docs.append(doc)
    assert len(docs) > 100
    return docs


def _stem_scan(text: str, vocab) -> tuple[list, list[int], set]:
    """The cue spans, anchors and context cues found by trying, at every match of the stem
    prefilter, the priorities of its stem (the scan before the first-word prefilter)."""
    from peacekg.loaders.commitments.cues import _ANCHOR_CODE
    from peacekg.loaders.commitments.scanner import _drop_contained

    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    spans, anchors, weak = [], [], set()
    for hit in vocab.prefilter.finditer(low):
        pos, word = hit.start(), hit.group(0)
        codes = vocab.stems.get(word, frozenset())
        if len(word) > 3:
            codes = codes | vocab.stems.get(word[:3], frozenset())
        for code in codes:
            if code == _ANCHOR_CODE:
                if vocab.anchors.match(low, pos):
                    anchors.append(pos)
                continue
            m = vocab.patterns[code].match(low, pos)
            if m:
                spans.append((pos, m.end(), code, m.group("problem") is not None))
                wp = vocab.weak_patterns.get(code)
                if wp is not None and m.group("cue") is not None and wp.match(m.group(0)):
                    weak.add((pos, code))
    return _drop_contained(sorted(spans)), sorted(anchors), weak


@pytest.mark.slow
def test_first_words_find_every_cue_the_stems_find(documents: list) -> None:
    from peacekg.loaders.commitments.scanner import _Scanner
    from peacekg.loaders.resources import Resources

    vocab = Resources.shared().cues
    found = 0
    for doc in documents:
        scanner = _Scanner(doc, [], vocab)
        spans, anchors, weak = _stem_scan(doc.text, vocab)
        assert scanner.cue_spans == spans, doc.path.name
        assert sorted(scanner.anchors) == anchors, doc.path.name
        assert scanner.weak_spans == weak, doc.path.name
        found += len(spans)
    assert found > 500  # the sample holds cues to find


def test_first_words_start_where_a_cue_starts() -> None:
    from peacekg.loaders.resources import Resources

    vocab = Resources.shared().cues
    text = " the troop-contributing countries protect civilians; peacekeeping works"
    starts = {m.start() for m in vocab.starts.finditer(" " + text)}
    assert text.index("troop") in starts and text.index("peacekeeping") in starts
    assert text.index("civilians") in starts  # "protection of civilians" may start there
    assert text.index("works") not in starts
    assert text.index("contributing") not in starts  # inside a word: no cue starts there


def _every_window(doc, resources, skipped: list) -> list:
    """The commitments of ``doc`` with every window split (no window skipped)."""
    import bisect

    from peacekg.loaders.commitments import extract as ex
    from peacekg.loaders.commitments.contributions import _missions_by_place, document_places
    from peacekg.loaders.commitments.scanner import _Scanner
    from peacekg.loaders.commitments.sentences import _split, _uncovered, _windows
    from peacekg.loaders.commitments.targets import _TARGET_TYPES, _has_targets

    scanner = _Scanner(
        doc, doc.mentions, resources.cues, document_places(doc.text, resources.reference)
    )
    regions = [(st.start, st.end, st) for st in doc.statements if st.kind != "participation"]
    regions += [
        (a, b, None)
        for a, b in _uncovered(len(doc.text), [(s.start, s.end) for s in doc.statements])
    ]
    regions.sort(key=lambda r: (r[0], r[1]))
    hosts = ex._peacekeeping_hosts(resources.reference)
    places = {
        m.start for m in scanner.mentions if m.entity.type == "State" and m.entity.key in hosts
    }
    places.update(p[0] for p in scanner.places)
    candidates = sorted(
        {s[0] for s in scanner.cue_spans}
        | {m.start for m in scanner.mentions if m.entity.type in _TARGET_TYPES}
        | places
    )
    out = []
    for start, end, statement in regions:
        speakers = list(statement.speakers) if statement is not None else []
        lo, hi = bisect.bisect_left(candidates, start), bisect.bisect_left(candidates, end)
        for w_start, w_end in _windows(doc.text, candidates[lo:hi], start, end):
            prev = None
            for s, e in _split(doc.text, w_start, w_end):
                sent = scanner.sentence(s, e)
                if (
                    _has_targets(sent)
                    or (prev is not None and _has_targets(prev))
                    or _missions_by_place(doc.text, sent, doc.date, resources.reference)
                ):
                    c = ex.Candidate(doc, scanner, resources, sent, speakers, statement, prev)
                    out.extend(c.commitments(skipped))
                prev = sent
    return out


@pytest.mark.slow
def test_skipped_windows_hold_no_candidate(documents: list) -> None:
    from peacekg.loaders.commitments import extract_commitments
    from peacekg.loaders.resources import Resources

    resources = Resources.shared()
    total = 0
    for doc in documents:
        skipped: list = []
        every_skipped: list = []
        got = extract_commitments(doc, doc.mentions, resources, skipped)
        want = _every_window(doc, resources, every_skipped)
        assert got == want, doc.path.name
        assert skipped == every_skipped, doc.path.name
        total += len(got)
    assert total > 50  # the sample yields commitments to compare
