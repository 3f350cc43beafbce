"""The CLI end to end: real `sitrep` processes over a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "seeds" / "000_584187090ad2a238.txt"

pytestmark = pytest.mark.model


def sitrep(*args: str, db: Path, stdin: bytes | None = None, check: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, SITREP_DB=str(db), COLUMNS="200")
    proc = subprocess.run([sys.executable, "-m", "sitrep", *args], input=stdin, capture_output=True, env=env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"sitrep {' '.join(args)} → {proc.returncode}\n{proc.stderr.decode()}")
    return proc


def as_json(proc: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    sitrep("ingest", str(EXAMPLES), db=db, check=True)
    return db


def test_ingest_examples_stores_articles_events_figures_claims(demo_db):
    articles = as_json(sitrep("articles", "--json", db=demo_db, check=True))
    assert len(articles) == len([p for p in EXAMPLES.rglob("*") if p.is_file() and not p.name.startswith(".")])
    for kind in ("events", "figures", "claims"):
        records = as_json(sitrep(kind, "--json", db=demo_db, check=True))
        assert records, kind
        for r in records:  # every record traces back to its sentence
            prov = r["provenance"]
            if prov["rule_id"] == "claim.outlet":  # the outlet's own voice: the whole article
                continue
            article = next(a for a in articles if a["id"] == prov["article_id"])
            assert article["text"][prov["sentence_start"]:].startswith(prov["sentence"].strip()[:20])
            assert prov["sentence_start"] <= prov["start"] < prov["end"] <= prov["sentence_start"] + len(prov["sentence"])
            assert prov["rule_id"]


def test_reingest_is_idempotent_and_says_so(demo_db):
    before = {k: len(as_json(sitrep(k, "--json", db=demo_db))) for k in ("articles", "events", "figures", "claims")}
    proc = sitrep("ingest", str(EXAMPLES), db=demo_db)
    assert proc.returncode == 0, proc.stderr
    assert b"already stored" in proc.stdout
    assert b"0 stored" in proc.stdout
    after = {k: len(as_json(sitrep(k, "--json", db=demo_db))) for k in before}
    assert after == before


def test_bad_inputs_are_quarantined_with_exit_1_and_the_batch_goes_on(tmp_path):
    db = tmp_path / "q.db"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    unknown = tmp_path / "notes.docx"
    unknown.write_bytes(b"PK\x03\x04 not really")
    good = EXAMPLES / "01_contested_capture.txt"
    proc = sitrep("ingest", str(empty), str(binary), str(good), str(unknown), db=db)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    for path in (empty, binary, unknown):
        assert str(path) in err
    rows = as_json(sitrep("quarantine", "--json", db=db, check=True))
    assert {r["reason"] for r in rows} == {"empty", "binary", "unknown-format"}
    assert len(as_json(sitrep("articles", "--json", db=db, check=True))) == 1


def test_usage_errors_exit_2(tmp_path):
    db = tmp_path / "u.db"
    assert sitrep("ingest", db=db).returncode == 2
    assert sitrep("ingest", "x.txt", "--published", "30/11/2016", db=db).returncode == 2
    assert sitrep("figures", "--metric", "vibes", db=db).returncode == 2


def test_show_highlights_and_escapes_control_characters(tmp_path):
    db = tmp_path / "s.db"
    art = tmp_path / "esc.txt"
    art.write_text(
        "Clashes near Idlib\n\nClashes killed 3 fighters near Idlib on Monday, activists said.\x1b[31m\n",
        encoding="utf-8",
    )
    sitrep("ingest", str(art), "--published", "2020-02-03", db=db, check=True)
    aid = as_json(sitrep("articles", "--json", db=db, check=True))[0]["id"]
    out = sitrep("show", aid[:8], db=db, check=True).stdout.decode()
    assert "Clashes near Idlib" in out
    assert "\x1b[31m" not in out and "\\x1b" in out


def test_export_csv_has_acled_columns_and_jsonl_round_trips(demo_db):
    import csv
    import io

    from sitrep.records import Extraction, from_dict

    text = sitrep("export", "--format", "csv", db=demo_db, check=True).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"event_date", "event_type", "sub_event_type", "actor1", "fatalities", "notes"} <= set(rows[0])
    lines = sitrep("export", "--format", "jsonl", db=demo_db, check=True).stdout.decode().splitlines()
    extractions = [from_dict(Extraction, json.loads(line)) for line in lines]
    assert {e.article.id for e in extractions} == {a["id"] for a in as_json(sitrep("articles", "--json", db=demo_db))}


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared (developer checkouts and CI)")
def test_seed_article_figures(tmp_path):
    db = tmp_path / "seed.db"
    sitrep("ingest", str(SEED), "--published", "2016-11-30", db=db, check=True)
    article = as_json(sitrep("articles", "--json", db=db, check=True))[0]
    assert "Rebels’ hold on eastern Aleppo collapses" not in article["text"]
    assert article["credits"] == ["Reuters", "AFP"]
    figures = as_json(sitrep("figures", "--json", db=db, check=True))
    claims = {c["id"]: c for c in as_json(sitrep("claims", "--json", db=db, check=True))}

    def find(metric, **want):
        for f in figures:
            if f["metric"] == metric and all(f.get(k) == v for k, v in want.items()):
                return f
        raise AssertionError(f"no {metric} figure with {want}: {[(f['metric'], f['quantity']) for f in figures]}")

    killed = find("killed", best=21)
    assert killed["subgroup"] == "civilians"
    assert "21 civilians" in killed["provenance"]["sentence"]
    assert claims[killed["claim_id"]]["speaker_norm"] == "Syrian Observatory for Human Rights"
    children = find("killed", best=2, subgroup="children")
    assert children["subset_of"] == killed["id"]
    fled = find("fled", low=50000)
    assert fled["qualifier"] == "more than" and fled["kind"] == "flow"
    west = find("fled", low=20000, qualifier="more than")
    assert west["destination"] and "western" in west["destination"]
    kurd = find("fled", best=30000)
    assert kurd["destination"] and "Kurdish" in kurd["destination"]
    detained = find("detained", qualifier="hundreds")
    assert detained["best"] is None and detained["low"] and detained["high"] and detained["low"] < detained["high"]


def test_control_timeline_marks_the_denied_capture_contested(demo_db):
    timeline = json.loads(sitrep("control", "Tal Sultan", "--json", db=demo_db, check=True).stdout)["timeline"]
    capture = [e for e in timeline if e["controller"] == "Military Forces of Syria"]
    assert capture and all(e["contested"] for e in capture)
    assert capture[0]["claimed_by"] == "a Syrian military source" and capture[0]["date"] == "2024-03-10"
    assert "captured" in capture[0]["sentence"]


def test_eval_repeat_is_a_throughput_option(tmp_path):
    fix = ROOT / "tests" / "fixtures" / "eval" / "articles"
    out = json.loads(sitrep("eval", "throughput", str(fix), "--repeat", "2", "--json", db=tmp_path / "x.db", check=True).stdout)
    assert out["repeat"] == 2 and out["n"] == 2 and out["ratio"] > 0
    refused = sitrep("eval", "case2021", str(fix), "--repeat", "2", db=tmp_path / "x.db")
    assert refused.returncode == 2 and b"does not support --repeat" in refused.stderr
