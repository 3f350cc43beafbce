"""Store behaviour on SQLite and PostgreSQL, with records written by hand for these tests."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Iterator

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from sitrep.errors import NotFound, StoreError
from sitrep.records import (
    Article,
    Claim,
    ControlClaim,
    EventMention,
    Extraction,
    Figure,
    Place,
    Provenance,
    Quarantined,
    TimeSpan,
)
from sitrep.store import Store
from sitrep.store.schema import metadata

# --- records written for these tests ------------------------------------------------------------

HOMS = Place(
    "Homs", gazetteer_id="169577", resolved_name="Homs", lat=34.72682, lon=36.72339,
    feature_class="P.PPLA", admin1="Homs", country="SY", geo_precision=1, where_prec=1, rule_id="gaz",
)
KHALDIYEH = Place("Khaldiyeh", resolved_name="Homs", lat=34.72682, lon=36.72339, country="SY", geo_precision=2)


def _sentences(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for part in text.split(". "):
        out.append((start, part if part.endswith(".") else part + "."))
        start += len(part) + 2
    return out


def _prov(aid: str, text: str, needle: str, rule: str) -> Provenance:
    start = text.index(needle)
    for s_start, sent in _sentences(text):
        if s_start <= start < s_start + len(sent):
            return Provenance(aid, start, start + len(needle), sent, rule, s_start)
    raise AssertionError(needle)


def make_extraction(
    aid: str, *, published: str | None = "2019-03-14", outlet: str = "Test Wire", tag: str = ""
) -> Extraction:
    """One article about shelling in Homs with a claim, a denial, an event, figures and a control claim."""
    text = (
        "Rocket fire killed at least 12 people in Khaldiyeh on Tuesday, a local monitor said. "
        "Government troops took control of the Homs district, state media reported. "
        "Rebels denied losing the district. "
        "More than 3,000 families fled towards the north."
    )
    p = lambda needle, rule: _prov(aid, text, needle, rule)  # noqa: E731
    tue = TimeSpan("on Tuesday", "2019-03-12", "2019-03-12", "day", published, "time.weekday")
    c1 = Claim(f"{aid}c1{tag}", "a local monitor", "Local monitor", "monitor", "said", "assert",
               "Rocket fire killed at least 12 people", 0, 37, p("a local monitor said", "claim.said"),
               speaker_start=text.index("a local monitor"), speaker_end=text.index("a local monitor") + 15)
    c2 = Claim(f"{aid}c2{tag}", "state media", "State media", "media", "reported", "assert",
               "Government troops took control", 86, 116, p("state media reported", "claim.reported"))
    c3 = Claim(f"{aid}c3{tag}", "Rebels", "Rebels", "armed group", "denied", "deny", "losing the district",
               0, 0, p("Rebels denied", "claim.deny"), contradicts=c2.id, time=tue)
    ev = EventMention(f"{aid}e1{tag}", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                      "Rocket fire", "occurred", p("Rocket fire", "event.rocket"), actor1=None,
                      target="people", civilian_targeting=True, place=KHALDIYEH, time=tue, claim_id=c1.id)
    ev2 = EventMention(f"{aid}e2{tag}", "Battles", "Government regains territory", "took control", "claimed",
                       p("took control", "event.control"), actor1="Government troops",
                       actor1_norm="Military Forces of Syria", inter1=1, inter2=2, place=HOMS, claim_id=c2.id)
    f1 = Figure(f"{aid}f1{tag}", "killed", "at least 12", p("at least 12", "figure.killed"), low=12, best=12,
                qualifier="at least", place=KHALDIYEH, time=tue, claim_id=c1.id, event_id=ev.id)
    f2 = Figure(f"{aid}f2{tag}", "fled", "More than 3,000", p("More than 3,000", "figure.fled"), low=3001,
                best=3001, qualifier="more than", unit="families", term="forced to flee", kind="flow",
                destination="the north")
    cc = ControlClaim(f"{aid}k1{tag}", HOMS, "rebels", "government", c2.id, True, p("took control", "control"))
    art = Article(aid, f"Shelling in Homs {tag}".strip(), text, url=f"https://example.org/{aid}", outlet=outlet,
                  standfirst="Twelve dead.", published=published, published_precision="day" if published else None,
                  credits=("Reuters", "AFP"), retrieved="2019-03-14T10:00:00+00:00", source="tests")
    # records deliberately out of span order: the store orders them
    return Extraction(art, claims=(c3, c2, c1), events=(ev2, ev), figures=(f2, f1), control=(cc,))


def sorted_ex(ex: Extraction) -> Extraction:
    key = lambda r: (r.provenance.start, r.id)  # noqa: E731
    return dataclasses.replace(
        ex,
        claims=tuple(sorted(ex.claims, key=key)),
        events=tuple(sorted(ex.events, key=key)),
        figures=tuple(sorted(ex.figures, key=key)),
        control=tuple(sorted(ex.control, key=key)),
    )


# --- locations: a SQLite file and a fresh PostgreSQL database per test ---------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = make_url(request.getfixturevalue("pg_url"))
    name = "t_" + uuid.uuid4().hex[:12]
    admin = dict(host=base.host, port=base.port, user=base.username, password=base.password,
                 dbname=base.database, autocommit=True)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with Store.open(location) as s:
        yield s


# --- round trip, idempotency, transactions (both backends) ------------------------------------


def test_round_trip_is_exact(store: Store) -> None:
    ex = make_extraction("a1b2c3d4e5f60001")
    assert store.add_extraction(ex) is True
    got = store.extraction(ex.article.id)
    assert got == sorted_ex(ex)
    assert got.article.credits == ("Reuters", "AFP")  # tuples come back as tuples
    assert got.events[0].place == KHALDIYEH and got.events[0].place.lat == 34.72682
    assert store.article("a1b2c3d4") == ex.article
    assert list(store.iter_extractions()) == [sorted_ex(ex)]
    assert store.counts() == {
        "articles": 1, "claims": 3, "events": 2, "figures": 2, "control_claims": 1, "places": 2, "quarantine": 0, "incidents": 0,
    }


def test_add_is_idempotent_per_article(store: Store) -> None:
    ex = make_extraction("a1b2c3d4e5f60001")
    assert store.add_extraction(ex) is True
    changed = dataclasses.replace(ex, events=())
    assert store.add_extraction(changed) is False  # same article id: no write at all
    assert store.extraction(ex.article.id) == sorted_ex(ex)
    assert store.counts()["events"] == 2
    assert store.has_article(ex.article.id) and not store.has_article("ffff")


def test_quarantine_is_idempotent_on_id(store: Store) -> None:
    q1 = Quarantined("feeds/broken.xml", "unknown-format", "no <rss> root", "2019-03-14T09:00:00", "q1")
    q2 = Quarantined("photo.jpg", "binary", "looks like JPEG", "2019-03-14T08:00:00", "q2")
    anon = Quarantined("empty.txt", "empty", "0 bytes")
    assert store.add_quarantine(q1) and store.add_quarantine(q2) and store.add_quarantine(anon)
    assert store.add_quarantine(q1) is False
    assert store.add_quarantine(anon) is False  # no id: keyed on input, reason and detail
    assert store.quarantine() == [anon, q2, q1]  # undated first, then by time
    assert store.quarantine(limit=1) == [anon]


def test_failure_halfway_leaves_nothing(store: Store) -> None:
    ex = make_extraction("a1b2c3d4e5f60001")
    # a figure that cannot be serialised: claims and events are written before it fails
    bad_place = dataclasses.replace(HOMS, lat=object())  # type: ignore[arg-type]
    bad = dataclasses.replace(ex, figures=(*ex.figures, dataclasses.replace(ex.figures[0], id="bad", place=bad_place)))
    with pytest.raises(StoreError, match="cannot serialise figure bad"):
        store.add_extraction(bad)
    assert not store.has_article(ex.article.id)
    assert store.counts() == dict.fromkeys(store.counts(), 0)


def test_database_error_halfway_leaves_nothing(store: Store) -> None:
    ex = make_extraction("a1b2c3d4e5f60001")
    dup = dataclasses.replace(ex, control=(ex.control[0], ex.control[0]))  # the last insert violates the key
    with pytest.raises(StoreError, match="conflicting record"):
        store.add_extraction(dup)
    assert store.counts() == dict.fromkeys(store.counts(), 0)
    assert store.add_extraction(ex) is True  # the store is still usable


def test_replace_extraction(store: Store) -> None:
    ex = make_extraction("a1b2c3d4e5f60001")
    store.add_extraction(ex)
    new = make_extraction("a1b2c3d4e5f60001", tag="v2")
    new = dataclasses.replace(new, figures=new.figures[:1], control=())
    store.replace_extraction(new)
    assert store.extraction(ex.article.id) == sorted_ex(new)
    assert store.counts()["figures"] == 1 and store.counts()["control_claims"] == 0
    # a replacement that fails halfway keeps the previous version whole
    broken = dataclasses.replace(ex, control=(ex.control[0], ex.control[0]))
    with pytest.raises(StoreError):
        store.replace_extraction(broken)
    assert store.extraction(ex.article.id) == sorted_ex(new)
    # replacing an article that is not stored yet inserts it
    other = make_extraction("0000aaaa11112222")
    store.replace_extraction(other)
    assert store.extraction("0000aaaa") == sorted_ex(other)


def test_migrations_match_schema_and_reopen(location: str) -> None:
    Store.open(location).close()
    with Store.open(location) as s:  # reopening at head is a no-op
        assert s.counts()["articles"] == 0
    url = location if "://" in location else f"sqlite:///{location}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, metadata) == []
            from alembic.script import ScriptDirectory

            from sitrep.store import MIGRATIONS_DIR

            assert ctx.get_current_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    finally:
        engine.dispose()


# --- queries (both backends) -------------------------------------------------------------------


def _fill(store: Store) -> dict[str, Extraction]:
    exs = {
        "late": make_extraction("cccc000000000003", published="2019-04-02", outlet="B"),
        "early": make_extraction("dddd000000000004", published="2019-03-01", outlet="A"),
        "undated": make_extraction("eeee000000000005", published=None, outlet="A"),
        "same_day": make_extraction("bbbb000000000002", published="2019-03-01", outlet="A"),
    }
    for ex in exs.values():
        assert store.add_extraction(ex)
    return exs


def test_ordering_and_filters(store: Store) -> None:
    exs = _fill(store)
    order = ["eeee000000000005", "bbbb000000000002", "dddd000000000004", "cccc000000000003"]
    assert [a.id for a in store.articles()] == order
    assert [a.id for a in store.articles(outlet="A", limit=2)] == order[:2]
    assert [e.article.id for e in store.iter_extractions(batch=1)] == order
    assert [e.article.id for e in store.iter_extractions(batch=3)] == order

    evs = store.events()
    assert [(e.provenance.article_id, e.provenance.start) for e in evs] == [
        (aid, start) for aid in order for start in sorted(x.provenance.start for x in exs["late"].events)
    ]
    battles = store.events(event_type="Battles")
    assert {e.sub_event_type for e in battles} == {"Government regains territory"} and len(battles) == 4
    assert len(store.events(status="claimed", article_id="cccc000000000003")) == 1
    assert len(store.events(limit=3)) == 3
    # the shelling carries its own date (2019-03-12); the battle falls back to the publication date
    march = store.events(since="2019-03", until="2019-03")
    assert {(e.provenance.article_id, e.event_type) for e in march} == {
        (aid, t) for aid in order for t in ("Battles", "Explosions/Remote violence")
    } - {("cccc000000000003", "Battles"), ("eeee000000000005", "Battles")}
    assert [e.provenance.article_id for e in store.events(since="2019-04-01", event_type="Battles")] == [
        "cccc000000000003"
    ]
    assert store.events(until="2019-02-28") == []

    assert [f.metric for f in store.figures(article_id="bbbb000000000002")] == ["killed", "fled"]
    fled = store.figures(metric="fled")
    assert len(fled) == 4 and all(f.unit == "families" and f.kind == "flow" for f in fled)
    denials = store.claims(stance="deny")
    assert [c.provenance.article_id for c in denials] == order and all(c.contradicts for c in denials)
    assert len(store.claims(article_id="cccc000000000003", limit=2)) == 2
    assert len(store.control_claims(place="homs")) == 4
    assert store.control_claims(place="Aleppo") == []


def test_article_prefix_lookup(store: Store) -> None:
    store.add_extraction(make_extraction("abcd111111111111"))
    store.add_extraction(make_extraction("abcd222222222222"))
    assert store.article("abcd1").id == "abcd111111111111"
    assert store.extraction("abcd2222").article.id == "abcd222222222222"
    with pytest.raises(NotFound, match="ambiguous"):
        store.article("abcd")
    with pytest.raises(NotFound, match="at least 4"):
        store.article("abc")
    with pytest.raises(NotFound, match="no article"):
        store.article("ffff")
    with pytest.raises(NotFound):
        store.article("abc%")  # LIKE wildcards are literal


def test_two_handles_see_each_other(location: str) -> None:
    with Store.open(location) as a, Store.open(location) as b:
        ex = make_extraction("a1b2c3d4e5f60001")
        assert a.add_extraction(ex)
        assert b.add_extraction(ex) is False
        assert b.extraction(ex.article.id) == sorted_ex(ex)


def test_concurrent_first_open_migrates_once(location: str) -> None:
    """Several workers opening a brand-new store at once: one migrates, the others wait and agree."""
    import threading

    results: list[object] = []

    def open_count() -> None:
        try:
            with Store.open(location) as s:
                results.append(s.counts()["articles"])
        except Exception as exc:  # reported below
            results.append(exc)

    threads = [threading.Thread(target=open_count, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a worker is stuck opening the store"
    assert results == [0, 0, 0, 0]
