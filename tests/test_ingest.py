"""Ingest: files, directories, stdin → Article / Quarantined (no network here; see test_ingest_fetch)."""

from __future__ import annotations

import codecs
import io
import shutil
from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.ingest import article_id, parse_html, parse_text, read_inputs
from sitrep.records import Article, Quarantined, record_id
from sitrep.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = Path("/work/shared/seeds/000_584187090ad2a238.txt")


@pytest.fixture()
def settings():
    return load_settings(environ={})


def _all(specs, settings, **kw):
    return list(read_inputs([str(s) for s in specs], settings=settings, **kw))


def _one(spec, settings, **kw):
    items = _all([spec], settings, **kw)
    assert len(items) == 1, items
    return items[0]


# --- article id --------------------------------------------------------------------------------


def test_article_id_is_hash_of_normalised_text():
    a = article_id("Shelling killed  four people.\n\nOfficials said so. ")
    b = article_id("Shelling killed four people. Officials said so.")
    assert a == b and len(a) == 16 and int(a, 16) >= 0
    # NFC: a decomposed é hashes like the composed one
    assert article_id("Cafe\u0301 bombed") == article_id("Caf\u00e9 bombed")
    assert article_id("Shelling killed five people.") != a


# --- seed-shaped plain text --------------------------------------------------------------------


def test_seed_shaped_text_headline_standfirst_credits_teasers():
    raw = (FIXTURES / "wire_mosul.txt").read_text(encoding="utf-8")
    art = parse_text(raw, source="wire_mosul.txt")
    assert art.title == "Iraqi forces say they retook western district; militants deny"
    assert art.standfirst == "Troops pushed into the old quarter at dawn after a week of air strikes, a military spokesman said"
    assert art.credits == ("Reuters", "AFP", "AP")
    assert "(With" not in art.text
    # the teaser block after the lone "-" is gone, and so is the dash line
    assert "Exodus from the old city" not in art.text
    assert "Stadium reopens" not in art.text
    assert not any(line.strip() == "-" for line in art.text.split("\n"))
    lines = art.text.split("\n")
    assert lines[0].startswith("Iraqi troops retook the Zanjili district")
    # subheadings are kept as their own lines, not glued onto sentences
    assert "12,000 leave in two days" in lines
    assert "Aid groups warn of shortages" in lines
    assert lines[-1] == "Aid groups warned that food stocks in the old quarter would run out within weeks."
    # title and standfirst are not part of the body text
    assert art.title not in art.text and art.standfirst not in art.text
    assert art.id == article_id(art.text)
    assert art.source == "wire_mosul.txt"


def test_second_line_with_full_stop_is_body_not_standfirst():
    raw = (
        "Curfew in Goma\n"
        "Authorities imposed a curfew in Goma on Monday after clashes, police said.\n"
        "The curfew runs from dusk to dawn, a police spokesman said.\n"
    )
    art = parse_text(raw, source="x.txt")
    assert art.standfirst is None
    assert art.text.startswith("Authorities imposed a curfew")


def test_short_second_line_is_not_a_standfirst():
    raw = "Curfew in Goma\nBreaking news\nAuthorities imposed a curfew in Goma on Monday, police said.\n"
    art = parse_text(raw, source="x.txt")
    assert art.standfirst is None
    assert art.text.split("\n")[0] == "Breaking news"


def test_lone_dash_mid_text_without_body_before_is_not_a_teaser_cut():
    raw = "Headline here\n-\nFighting killed three people in Marib on Sunday, officials said.\n"
    art = parse_text(raw, source="x.txt")
    assert "Fighting killed three people" in art.text


def test_single_line_text_is_headline_and_body():
    art = parse_text("Russia says ready to open aid corridor to eastern Aleppo.\n", source="one.txt")
    assert art.title == art.text == "Russia says ready to open aid corridor to eastern Aleppo."


def test_credits_only_body_is_no_article_text(settings, tmp_path):
    p = tmp_path / "credits.txt"
    p.write_text("A headline\n(With Reuters)\n", encoding="utf-8")
    q = _one(p, settings)
    assert isinstance(q, Quarantined) and q.reason == "no-article-text"
    assert "body" in q.detail


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not present")
def test_real_seed_file(settings):
    art = _one(SEED, settings, published="2016-11-30")
    assert isinstance(art, Article)
    assert art.credits == ("Reuters", "AFP")
    assert "Rebels’ hold on eastern Aleppo collapses" not in art.text
    assert "(With Reuters, AFP)" not in art.text
    assert art.title == "Rebel official: Army repelled from south Aleppo"
    assert art.standfirst and art.standfirst.startswith("An Aleppo politician urged")
    lines = art.text.split("\n")
    assert "50,000 flee" in lines and "Calls for safe passage" in lines
    assert lines[-1].startswith("Meanwhile, Russia said on Wednesday")
    assert art.published == "2016-11-30" and art.published_precision == "day"


# --- HTML --------------------------------------------------------------------------------------


def test_html_page_metadata_and_body(settings):
    art = _one(FIXTURES / "page.html", settings)
    assert isinstance(art, Article)
    assert art.title == "Shelling hits Donetsk suburb, officials say"
    assert art.outlet == "Steppe Herald"
    assert art.published == "2022-03-14" and art.published_precision == "day"
    assert art.text.startswith("Artillery shells struck a residential suburb of Donetsk")
    assert "Water supply cut" in art.text.split("\n")
    for furniture in ("Subscribe today", "Copyright", "Privacy", "Home"):
        assert furniture not in art.text


def test_parse_html_with_declared_charset_from_header():
    page = (
        "<html><head><title>Raid in Gao</title></head><body><article>"
        "<p>Soldiers raided a market in Gao on Friday and arrested 20 people, the town's mayor, Aïssata Touré, said.</p>"
        "<p>Residents said the raid lasted three hours and several shops were damaged.</p>"
        "</article></body></html>"
    ).encode("latin-1")
    art = parse_html(page, source="gao.html", url="https://news.example/gao", charset="iso-8859-1")
    assert "Aïssata Touré" in art.text
    assert art.url == "https://news.example/gao"


def test_html_meta_charset_is_honoured(settings, tmp_path):
    body = "<p>Rebels seized the town of Kidal on Sunday, according to a statement from the group's spokesman, Ahmed Ağa.</p>" * 2
    page = f'<html><head><meta charset="windows-1254"><title>Kidal</title></head><body><article>{body}</article></body></html>'
    p = tmp_path / "kidal.html"
    p.write_bytes(page.encode("windows-1254"))
    art = _one(p, settings)
    assert isinstance(art, Article) and "Ahmed Ağa" in art.text


def test_html_date_is_not_guessed_from_body_text(settings, tmp_path):
    body = "".join(
        f"<p>{t}</p>"
        for t in (
            "The siege of the town, which began in March 2011, entered a new phase on Monday, residents said.",
            "Fighters have held the old citadel since 12 January 2013, according to local officials.",
        )
    )
    p = tmp_path / "nodate.html"
    p.write_text(f"<html><head><title>Siege</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    art = _one(p, settings)
    assert isinstance(art, Article) and art.published is None and art.published_precision is None


def test_html_with_only_furniture_is_quarantined(settings):
    q = _one(FIXTURES / "furniture_only.html", settings)
    assert isinstance(q, Quarantined)
    assert q.reason == "no-article-text"
    assert "no article text" in q.detail


# --- JSONL -------------------------------------------------------------------------------------


def test_jsonl_good_lines_become_articles_bad_lines_are_quarantined(settings):
    path = FIXTURES / "articles.jsonl"
    items = _all([path], settings)
    assert [type(i).__name__ for i in items] == ["Article", "Quarantined", "Article", "Quarantined", "Quarantined", "Article"]
    first = items[0]
    assert first.title == "Clashes in Tripoli suburb"
    assert first.url == "https://wire.example/tripoli-clashes"
    assert first.outlet == "Wire Example"
    assert first.published == "2019-04-12"
    assert first.credits == ("Reuters",) and "(With" not in first.text
    assert items[2].published == "2019-04-14"  # "14 April 2019" read as an absolute date
    bad = {q.input: q for q in items if isinstance(q, Quarantined)}
    assert set(bad) == {f"{path}:2", f"{path}:4", f"{path}:5"}
    assert "not valid JSON" in bad[f"{path}:2"].detail
    assert "JSON object" in bad[f"{path}:4"].detail
    assert "text" in bad[f"{path}:5"].detail and bad[f"{path}:5"].reason == "invalid-input"
    assert bad[f"{path}:2"].id == record_id(f"{path}:2", "invalid-input")


def test_jsonl_line_over_cap_is_quarantined_and_rest_goes_on(settings, tmp_path):
    p = tmp_path / "big.jsonl"
    long_text = "Shelling continued. " * 200
    p.write_text(
        '{"title": "Long", "text": "%s"}\n{"title": "Short", "text": "Two people were killed in Aden."}\n' % long_text,
        encoding="utf-8",
    )
    items = _all([p], settings.replace(max_bytes=1024))
    assert items[0].reason == "too-large" and items[0].input == f"{p}:1"
    assert "1 KB cap" in items[0].detail
    assert isinstance(items[1], Article) and items[1].title == "Short"


# --- feeds -------------------------------------------------------------------------------------


def test_rss_feed_entries(settings):
    path = FIXTURES / "feed.xml"
    items = _all([path], settings)
    assert [type(i).__name__ for i in items] == ["Article", "Quarantined", "Article"]
    mali = items[0]
    assert mali.title == "Gunmen kill 11 villagers in central Mali"
    assert mali.url == "https://dispatch.example/sahel/mali-village-attack"
    assert mali.published == "2019-05-07"
    assert mali.outlet == "Desert Dispatch - Sahel"
    assert mali.text.split("\n") == [
        "Gunmen on motorbikes killed 11 villagers in central Mali on Monday, a local mayor said.",
        "The attackers burned granaries and stole cattle.",
    ]
    assert items[1].input == f"{path}#2" and items[1].reason == "no-article-text"
    assert items[2].published == "2019-05-06"


def test_atom_feed(settings):
    art = _one(FIXTURES / "feed.atom", settings)
    assert art.url == "https://horn.example/humera-fighting"
    assert art.published == "2020-11-10"
    assert art.text.startswith("Heavy fighting was reported near the town of Humera")


def test_xml_that_is_not_a_feed(settings, tmp_path):
    p = tmp_path / "config.xml"
    p.write_text('<?xml version="1.0"?><config><item>1</item></config>', encoding="utf-8")
    q = _one(p, settings)
    assert q.reason == "unknown-format" and "not an RSS/Atom feed" in q.detail


# --- directories, overrides, stdin ---------------------------------------------------------------


def test_directory_recursive_sorted_skips_hidden(settings, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "wire_mosul.txt", tmp_path / "b" / "z.txt")
    shutil.copy(FIXTURES / "page.html", tmp_path / "a.html")
    (tmp_path / ".hidden.txt").write_text("Hidden\nShould never be read at all, as it is hidden.\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Git\nNot read either, it lives in a hidden folder.\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = _all([tmp_path], settings)
    assert [Path(i.source if isinstance(i, Article) else i.input).name for i in items] == ["a.html", "notes.pdf", "z.txt"]
    assert items[1].reason == "unknown-format" and "'.pdf'" in items[1].detail


def test_published_and_outlet_overrides(settings):
    items = _all([FIXTURES / "page.html", FIXTURES / "wire_mosul.txt"], settings, published="2017-03-07", outlet="Override News")
    assert all(a.published == "2017-03-07" and a.published_precision == "day" for a in items)
    assert all(a.outlet == "Override News" for a in items)


def test_bad_published_override_is_a_usage_error(settings):
    with pytest.raises(ConfigError):
        read_inputs(["x"], settings=settings, published="last Tuesday")


@pytest.mark.parametrize(
    "payload, kind",
    [
        ((FIXTURES / "wire_mosul.txt").read_bytes(), "text"),
        ((FIXTURES / "page.html").read_bytes(), "html"),
        ((FIXTURES / "feed.xml").read_bytes(), "feed"),
        ((FIXTURES / "articles.jsonl").read_bytes(), "jsonl"),
    ],
)
def test_stdin_is_sniffed(settings, payload, kind):
    items = _all(["-"], settings, stdin=io.BytesIO(payload))
    arts = [i for i in items if isinstance(i, Article)]
    expected = {"text": 1, "html": 1, "feed": 2, "jsonl": 3}[kind]
    assert len(arts) == expected
    assert all(a.source == "<stdin>" for a in arts)
    if kind == "text":
        assert arts[0].credits == ("Reuters", "AFP", "AP")
    if kind == "jsonl":
        assert {q.input for q in items if isinstance(q, Quarantined)} == {"<stdin>:2", "<stdin>:4", "<stdin>:5"}


def test_stdin_over_cap_and_empty(settings):
    q = _one("-", settings.replace(max_bytes=100), stdin=io.BytesIO(b"Headline\n" + b"Body text goes on. " * 20))
    assert q.reason == "too-large" and "100 bytes cap" in q.detail
    q = _one("-", settings, stdin=io.BytesIO(b""))
    assert q.reason == "empty" and q.input == "<stdin>"


# --- bad inputs ----------------------------------------------------------------------------------


def test_empty_file(settings, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    q = _one(p, settings)
    assert q.reason == "empty" and "empty" in q.detail and q.input == str(p)
    assert q.at and q.at.endswith("+00:00") and q.id == record_id(str(p), "empty")


def test_whitespace_only_file(settings, tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b"  \n\n\t\n")
    q = _one(p, settings)
    assert q.reason == "empty" and "whitespace" in q.detail


def test_binary_file(settings, tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    q = _one(p, settings)
    assert q.reason == "binary" and "NUL" in q.detail


def test_mostly_control_bytes_is_binary(settings, tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(b"ab\x01\x02\x03\x04\x05\x06\x07\x08cd\x0e\x0f\x10\x11" * 50)
    q = _one(p, settings)
    assert q.reason == "binary" and "control" in q.detail


def test_plain_text_not_utf8_is_undecodable(settings, tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Fighting in Tal Afar\nThe café and the mosque were hit, officials said.\n".encode("latin-1"))
    q = _one(p, settings)
    assert q.reason == "undecodable" and "utf-8" in q.detail


def test_plain_text_with_utf16_bom_is_read(settings, tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "Raid in Kirkuk\nPolice raided a house in Kirkuk on Monday.\n".encode("utf-16-le"))
    art = _one(p, settings)
    assert isinstance(art, Article) and art.title == "Raid in Kirkuk"


def test_html_not_valid_in_declared_charset(settings, tmp_path):
    p = tmp_path / "bad.html"
    p.write_bytes(b'<html><head><meta charset="utf-8"><title>x</title></head><body><p>Caf\xe9 \xff\xfe hit</p></body></html>')
    q = _one(p, settings)
    assert q.reason == "undecodable" and "declared charset" in q.detail


def test_file_over_cap(settings, tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes(b"Headline\n" + b"x" * (5 * 1024 * 1024 + 10))
    q = _one(p, settings)
    assert q.reason == "too-large" and "over the 5 MB cap" in q.detail


def test_unknown_extension(settings, tmp_path):
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04")
    q = _one(p, settings)
    assert q.reason == "unknown-format" and "'.docx'" in q.detail


def test_missing_input_and_bad_scheme(settings, tmp_path):
    items = _all([tmp_path / "nope.txt", "ftp://files.example/a.txt"], settings)
    assert [q.reason for q in items] == ["not-found", "not-found"]
    assert "no such file" in items[0].detail
    assert "ftp://" in items[1].detail


def test_one_bad_input_does_not_stop_the_batch(settings, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = _all([empty, tmp_path / "missing.html", FIXTURES / "wire_mosul.txt"], settings)
    assert [type(i).__name__ for i in items] == ["Quarantined", "Quarantined", "Article"]


def test_read_inputs_is_lazy(settings, tmp_path):
    it = read_inputs([str(FIXTURES / "wire_mosul.txt"), str(tmp_path / "late.txt")], settings=settings)
    first = next(it)
    assert isinstance(first, Article)
    (tmp_path / "late.txt").write_text("Late headline\nA late body sentence that was written after the first read.\n", encoding="utf-8")
    second = next(it)
    assert isinstance(second, Article) and second.title == "Late headline"


# --- the demo examples ---------------------------------------------------------------------------


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/ not present")
def test_examples_ingest_cleanly(settings):
    items = _all([EXAMPLES], settings)
    names = [Path(a.source).name for a in items if isinstance(a, Article)]
    assert names == ["01_contested_capture.txt", "02_displacement.txt", "03_airstrike.html"], items
    capture, displacement, strike = items
    assert capture.credits == ("Reuters", "AFP") and capture.standfirst
    assert "including five children" in capture.text
    assert "tens of thousands" in displacement.text.lower() and "hundreds" in displacement.text
    assert strike.published == "2019-06-03" and strike.outlet == "Levant Wire"
    assert "at least 12" in strike.text and "Dozens" in strike.text
    assert "Privacy policy" not in strike.text and "Sign up" not in strike.text
