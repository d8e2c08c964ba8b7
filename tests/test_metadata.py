"""Metadata detection: the real seeds, UNGDC file names, UN conventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacekg.loaders.metadata import detect_metadata, find_date, find_symbol, parse_date
from peacekg.loaders.read import read_document


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


def test_seed_003_letter(seeds_dir: Path) -> None:
    doc = read_document(_seed(seeds_dir, "003"))
    assert doc.symbol == "S/2020/911"
    assert doc.date == "2020-09-17"  # the Distr. date, not the letter's 16 September
    assert doc.kind == "letter"
    assert doc.title.startswith("Letter dated 16 September 2020 from the President")
    assert doc.extra["original"] == "English and French"


def test_seed_002_briefing(seeds_dir: Path) -> None:
    doc = read_document(_seed(seeds_dir, "002"))
    assert doc.date == "2021-12-07"
    assert doc.kind == "briefing"
    assert doc.title == (
        "Statement of USG Khare at the 2021 Seoul UN Peacekeeping Ministerial "
        "Session II: Partnership, Training, and Capacity Building"
    )
    assert doc.symbol is None


def test_seed_004_event_page(seeds_dir: Path) -> None:
    doc = read_document(_seed(seeds_dir, "004"))
    assert doc.date == "2020-07-22"
    assert doc.kind == "event-page"
    assert doc.title == "Impact-Driven Peacekeeping Partnerships for Capacity Building and Training"


def test_detect_metadata_on_seed_text_directly(seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "003")
    meta = detect_metadata(path.read_text(encoding="utf-8"), path)
    assert (meta["symbol"], meta["date"], meta["kind"]) == ("S/2020/911", "2020-09-17", "letter")


@pytest.mark.parametrize(
    ("name", "code", "session", "year"),
    [
        ("FRA_72_2017.txt", "FRA", "72", "2017"),
        ("ARG_01_1946.txt", "ARG", "1", "1946"),
        ("EU_65_2010.txt", "EU", "65", "2010"),
    ],
)
def test_ungdc_file_names(name: str, code: str, session: str, year: str) -> None:
    meta = detect_metadata("Mr. President, I congratulate you on your election.", Path(name))
    assert meta["kind"] == "general-debate"
    assert meta["speaker_code"] == code
    assert meta["session"] == session
    assert meta["year"] == year
    assert meta["date"] == year


def test_not_ungdc_names() -> None:
    for name in ("fra_72_2017.txt", "FRANCE_72_2017.txt", "FRA_72_2017.pdf", "FRA-72-2017.txt"):
        assert detect_metadata("Some text.", Path(name))["kind"] != "general-debate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Distributed on 17 September 2020 to members", "2020-09-17"),
        ("September 17, 2020", "2020-09-17"),
        ("On July 22nd, 2020, IPI hosted", "2020-07-22"),
        ("date 2020-07-22 Articles", "2020-07-22"),
        ("7 December 2021, 21:40-23:00", "2021-12-07"),
        ("31 February 2020 is not a date", None),
        ("resolution 1325 (2000)", None),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_parse_date_forms() -> None:
    assert parse_date("2020") == "2020"
    assert parse_date("2020-9") == "2020-09"
    assert parse_date("September 2020") == "2020-09"
    assert parse_date("D:20200917120000Z") == "2020-09-17"
    assert parse_date("yesterday") is None


@pytest.mark.parametrize(
    "symbol",
    [
        "S/2020/911",
        "A/74/19",
        "S/PV.8760",
        "A/RES/75/1",
        "SC/14302",
        "GA/12345",
        "S/RES/2538 (2020)",
        "A/C.4/75/L.1",
        "S/2020/911/Add.1",
    ],
)
def test_find_symbol(symbol: str) -> None:
    assert find_symbol(f"United Nations {symbol}\n\nDistr.: General") == symbol


def test_kind_record_press_release_statement() -> None:
    record = "United Nations S/PV.8760\nSecurity Council\n8760th meeting\nThe President: ..."
    assert detect_metadata(record, Path("pv.txt"))["kind"] == "record"
    press = (
        "SC/14302\n15 September 2020\nMeetings Coverage\n\nThe representative of Niger said "
        "that peacekeepers deserve support. The representative of China said more."
    )
    meta = detect_metadata(press, Path("press.txt"))
    assert (meta["kind"], meta["symbol"], meta["date"]) == (
        "press-release",
        "SC/14302",
        "2020-09-15",
    )
    reported = (
        "Peacekeeping debate\n\n"
        + "The delegate said peace matters. " * 2
        + ("Ghana's representative stressed training.")
    )
    assert detect_metadata(reported, Path("r.txt"))["kind"] == "press-release"
    statement = (
        "Statement by the Permanent Representative of Ghana at the open debate\n\n"
        "Mr. President, Ghana supports the Action for Peacekeeping initiative."
    )
    meta = detect_metadata(statement, Path("ghana.txt"))
    assert meta["kind"] == "statement"
    assert meta["title"] == "Statement by the Permanent Representative of Ghana at the open debate"
    briefing = (
        "Remarks of the Secretary-General to the Security Council on peacekeeping\n\n"
        "Mr. President, peacekeeping remains one of the most effective tools."
    )
    assert detect_metadata(briefing, Path("sg.txt"))["kind"] == "briefing"
    assert detect_metadata("Just some notes.\n\nNothing else.", Path("n.txt"))["kind"] == "document"
