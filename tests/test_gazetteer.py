"""Gazetteer: imports (GeoNames rows and a supplement written here), lookups, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.errors import GazetteerError
from sitrep.resolve.gazetteer import Gazetteer, fold, skeleton

# geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3 admin4 pop elev dem tz moddate
ROWS = [
    ("170063", "Aleppo", "Aleppo", "Alep,Halab,Haleb,حلب", "36.20124", "37.16117", "P", "PPLA", "SY", "", "09", "", "", "", "1602264"),
    ("170062", "Aleppo Governorate", "Aleppo Governorate", "Muhafazat Halab", "36.25", "37.5", "A", "ADM1", "SY", "", "09", "", "", "", "4867991"),
    ("170654", "Damascus", "Damascus", "Dimashq,دمشق", "33.5102", "36.29128", "P", "PPLC", "SY", "", "13", "", "", "", "1569394"),
    ("4314550", "Alexandria", "Alexandria", "", "31.3113", "-92.4451", "P", "PPL", "US", "", "LA", "079", "", "", "47723"),
    ("361058", "Alexandria", "Alexandria", "Al Iskandariyah,الإسكندرية", "31.20176", "29.91582", "P", "PPLA", "EG", "", "06", "", "", "", "3811516"),
    ("4331987", "Louisiana", "Louisiana", "LA", "31.00047", "-92.0004", "A", "ADM1", "US", "", "LA", "", "", "", "4533372"),
    ("163843", "Syria", "Syria", "Syrian Arab Republic", "35", "38", "A", "PCLI", "SY", "", "00", "", "", "", "22198110"),
    ("9999999", "Some Hotel", "Some Hotel", "", "36.2", "37.1", "S", "HTL", "SY", "", "09", "", "", "", "0"),
]


def write_geonames(path: Path, rows=ROWS) -> Path:
    lines = ["\t".join(r + ("", "", "Asia/Damascus", "2020-01-01")) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SUPPLEMENT = """name,alternate_names,lat,lon,kind,parent,country
Sheikh Maqsoud,Sheikh Maqsud|Sheikh Maksoud,,,district,Aleppo,SY
Masaken Hanano,Hanano,,,district,170063,SY
Eastern Ghouta,East Ghouta,33.55,36.43,region,,SY
"""


@pytest.fixture()
def gaz(tmp_path: Path) -> Gazetteer:
    g = Gazetteer.open(tmp_path / "g.sqlite", builtin=False)
    g.import_geonames(write_geonames(tmp_path / "SY.txt"))
    (tmp_path / "sup.csv").write_text(SUPPLEMENT, encoding="utf-8")
    g.import_supplement(tmp_path / "sup.csv")
    yield g
    g.close()


def test_fold_and_skeleton() -> None:
    assert fold("Jubb al-Qubbeh") == "jubb al qubbeh"
    assert fold("Ḩalab") == "halab"
    assert fold("Ma'arrat al-Nu’man") == "maarrat al numan"
    assert skeleton(fold("Sheikh Maqsoud")) == skeleton(fold("Sheikh Maqsud"))


def test_lookup_any_spelling(gaz: Gazetteer) -> None:
    for name in ("Aleppo", "ALEPPO", "Halab", "Alep", "حلب"):
        found = gaz.lookup(name)
        assert found and found[0].id == "170063", name
        assert (round(found[0].lat, 2), round(found[0].lon, 2)) == (36.2, 37.16)


def test_lookup_ranks_and_filters(gaz: Gazetteer) -> None:
    found = gaz.lookup("Alexandria")
    assert [e.country for e in found] == ["EG", "US"]  # population prior
    assert [e.id for e in gaz.lookup("Alexandria", country="us")] == ["4314550"]
    assert gaz.lookup("Nowhere at all") == []


def test_import_skips_other_classes_and_is_idempotent(gaz: Gazetteer, tmp_path: Path) -> None:
    assert gaz.get("9999999") is None  # a hotel (class S) is not imported
    n_before = gaz.info()["entries"]
    assert gaz.import_geonames(write_geonames(tmp_path / "again.txt")) == 7
    assert gaz.info()["entries"] == n_before
    changed = [r if r[0] != "170654" else r[:1] + ("Damascus City",) + r[2:] for r in ROWS]
    gaz.import_geonames(write_geonames(tmp_path / "changed.txt", changed))
    assert gaz.get("170654").name == "Damascus City"
    assert gaz.lookup("Dimashq")[0].id == "170654"


def test_supplement_subplace_takes_parent(gaz: Gazetteer) -> None:
    (e,) = gaz.lookup("Sheikh Maqsud")
    assert e.name == "Sheikh Maqsoud" and e.parent_id == "170063"
    assert (e.lat, e.lon, e.feature_code, e.admin1) == (36.20124, 37.16117, "PPLX", "09")
    assert gaz.lookup("Hanano")[0].parent_id == "170063"  # parent given by id
    assert gaz.lookup("Sheikh Maksud")[0].id == e.id  # transliteration skeleton


def test_progress_and_bad_rows(tmp_path: Path) -> None:
    g = Gazetteer.open(tmp_path / "p.sqlite", builtin=False)
    seen: list[int] = []
    g.import_geonames(write_geonames(tmp_path / "a.txt"), progress=seen.append)
    assert seen and seen[-1] == 7
    (tmp_path / "bad.txt").write_text("1\tX\tX\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="bad.txt:1"):
        g.import_geonames(tmp_path / "bad.txt")
    (tmp_path / "bad.csv").write_text("name,alternate_names,lat,lon,kind,parent,country\nFoo,,,,district,Nowhere,SY\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="parent"):
        g.import_supplement(tmp_path / "bad.csv")
    with pytest.raises(GazetteerError):
        g.import_geonames(tmp_path / "missing.txt")


def test_name_index_holds_matchable_names(gaz: Gazetteer) -> None:
    idx = gaz.name_index()
    assert "aleppo" in idx and "halab" in idx
    assert "حلب" not in idx  # the text matcher reads Latin script only; lookup still finds it
    assert "la" not in idx  # codes are not matched in text


def test_cli_import_lookup_info(tmp_path: Path) -> None:
    from sitrep.cli.gazetteer import command
    from sitrep.settings import load_settings

    class App:
        settings = load_settings(environ={}, gazetteer_db=str(tmp_path / "cli.sqlite"))

    Gazetteer.open(tmp_path / "cli.sqlite", builtin=False).close()
    runner = CliRunner()
    r = runner.invoke(command, ["import", str(write_geonames(tmp_path / "SY.txt")), "--kind", "geonames"], obj=App())
    assert r.exit_code == 0, r.output
    assert "imported 7 rows" in r.output
    r = runner.invoke(command, ["lookup", "Halab", "--json"], obj=App())
    assert r.exit_code == 0 and json.loads(r.output)[0]["name"] == "Aleppo"
    r = runner.invoke(command, ["lookup", "Alexandria", "--country", "US"], obj=App())
    assert r.exit_code == 0 and "4314550" in r.output and "361058" not in r.output
    r = runner.invoke(command, ["info", "--json"], obj=App())
    assert json.loads(r.output)["entries"] == 7


def test_supplement_corrects_a_division_and_keeps_its_id(gaz: Gazetteer, tmp_path: Path) -> None:
    (tmp_path / "states.csv").write_text(
        "name,alternate_names,lat,lon,kind,parent,country,population,admin1\n"
        "Louisiana,La.,31.1,-91.9,state,,US,,\n"
        "Kent,,51.25,0.75,county,,GB,1850000,ENG\n",
        encoding="utf-8",
    )
    gaz.import_supplement(tmp_path / "states.csv")
    la = gaz.lookup("Louisiana")
    assert [e.id for e in la] == ["4331987"]  # corrected in place, no twin
    assert (la[0].lat, la[0].lon) == (31.1, -91.9)
    kent = gaz.lookup("Kent")[0]
    assert kent.feature_code == "ADM2" and kent.country == "GB" and kent.admin1 == "ENG"
    # a dotted abbreviation is kept out of the free-text index: only taken after a comma
    assert "la" not in gaz.name_index() or "4331987" not in gaz.name_index()["la"]
    assert gaz.dotted_abbreviations()["la"] == ("4331987",)


def test_us_counties_without_a_centre_sit_at_their_namesake_town(monkeypatch) -> None:
    from sitrep.resolve import gazetteer_build
    from sitrep.resolve.gazetteer import _us_county_rows

    monkeypatch.setattr(gazetteer_build, "_county_centres", lambda: {})

    cities = {
        1: {"countrycode": "US", "admin1code": "CA", "name": "Orange", "population": 139000, "latitude": 33.79, "longitude": -117.85},
        2: {"countrycode": "US", "admin1code": "TX", "name": "Orange", "population": 19000, "latitude": 30.09, "longitude": -93.74},
    }
    counties = [
        {"fips": "06059", "name": "Orange County", "state": "CA"},
        {"fips": "17031", "name": "Cook County", "state": "IL"},
        {"fips": "99999", "name": "Nowhere County", "state": "ZZ"},
    ]
    rows = {row[0]: (row, names) for row, names in _us_county_rows(counties, cities, {"CA": (37.0, -120.0), "IL": (40.0, -89.0)})}
    assert set(rows) == {"fips:06059", "fips:17031"}
    orange, names = rows["fips:06059"]
    assert (orange[2], orange[3], orange[5], orange[7]) == (33.79, -117.85, "ADM2", "CA")
    assert [n[0] for n in names] == ["orange county"]  # never matched as bare "Orange"
    assert rows["fips:17031"][0][2:4] == (40.0, -89.0)  # no namesake town: the state's centre
    assert orange[8] is None  # no centre of its own: the geoparser may move it


def test_us_counties_sit_at_their_centre() -> None:
    from sitrep.resolve.gazetteer import _us_county_rows
    from sitrep.resolve.gazetteer_build import _county_centres

    centres = _county_centres()
    assert len(centres) > 3000
    cities = {1: {"countrycode": "US", "admin1code": "IL", "name": "Cook", "population": 5000, "latitude": 47.8, "longitude": -92.7}}
    rows = {row[0]: row for row, _names in _us_county_rows([{"fips": "17031", "name": "Cook County", "state": "IL"}], cities, {"IL": (40.0, -89.0)})}
    cook = rows["fips:17031"]
    assert abs(cook[2] - 41.85) < 0.5 and abs(cook[3] + 87.75) < 0.5  # Chicago's county, not the town called Cook
    assert cook[8] == "17031"
