"""Listing commands: articles, quarantine, events, figures, claims, and `show` (one article, highlighted).

Each prints a table by default and a JSON array of records (field names as keys) with ``--json``.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import click

from ..records import EVENT_TYPES, METRICS, STANCES, STATUSES, Article, Claim, EventMention, Figure
from .output import Column, console, print_json, print_table, safe


def _sentence(r: Any) -> str:
    s = r.provenance.sentence.strip()
    return s if len(s) <= 160 else s[:157] + "..."


def _place(r: Any) -> str:
    p = r.place
    if p is None:
        return ""
    if p.lat is None:
        return p.name
    shown = p.name if not p.resolved_name or p.resolved_name == p.name else f"{p.name} ({p.resolved_name})"
    return f"{shown} [{p.geo_precision}]"


def _time(r: Any) -> str:
    t = r.time
    if t is None or t.start is None:
        return "" if t is None else t.expression
    return t.start if t.start == t.end else f"{t.start}..{t.end}"


def _number(f: Figure) -> str:
    if f.best is not None:
        core = f"{f.best:,}"
    elif f.low is not None or f.high is not None:
        core = f"{f.low if f.low is not None else '?'}-{f.high if f.high is not None else '?'}"
    else:
        core = "?"
    return f"{core} ({f.quantity})" if f.qualifier else core


ARTICLE_COLUMNS: Sequence[Column] = (
    ("id", lambda a: a.id),
    ("published", lambda a: a.published),
    ("outlet", lambda a: a.outlet),
    ("title", lambda a: a.title),
)
EVENT_COLUMNS: Sequence[Column] = (
    ("article", lambda e: e.provenance.article_id[:8]),
    ("type / sub-event", lambda e: f"{e.event_type} / {e.sub_event_type}"),
    ("status", lambda e: e.status),
    ("actor1", lambda e: e.actor1_norm or e.actor1),
    ("actor2 / target", lambda e: e.actor2_norm or e.actor2 or e.target),
    ("place", _place),
    ("date", _time),
    ("sentence", _sentence),
)
FIGURE_COLUMNS: Sequence[Column] = (
    ("article", lambda f: f.provenance.article_id[:8]),
    ("metric", lambda f: f.metric),
    ("number", _number),
    ("who", lambda f: f.subgroup or f.unit),
    ("part of", lambda f: (f.subset_of or "")[:8]),
    ("from → to", lambda f: " → ".join(x for x in (f.origin, f.destination) if x)),
    ("place", _place),
    ("date", _time),
    ("sentence", _sentence),
)
CLAIM_COLUMNS: Sequence[Column] = (
    ("article", lambda c: c.provenance.article_id[:8]),
    ("speaker", lambda c: c.speaker_norm if c.speaker_norm == c.speaker else f"{c.speaker_norm} ({c.speaker})"),
    ("kind", lambda c: c.speaker_kind),
    ("stance", lambda c: c.stance + (" ↯" if c.contradicts else "")),
    ("cue", lambda c: c.cue),
    ("content", lambda c: c.content if len(c.content) <= 120 else c.content[:117] + "..."),
)


def _listing(name: str, help_text: str, columns: Sequence[Column], fetch: Callable[..., list[Any]], options: list[Callable]) -> click.Command:
    @click.pass_obj
    def run(app: Any, as_json: bool, **filters: Any) -> None:
        records = fetch(app.store(), **filters)
        if as_json:
            print_json(records)
        else:
            print_table(records, columns, title=name)

    run.__doc__ = help_text
    cmd = click.command(name)(run)
    for opt in reversed(options):
        cmd = opt(cmd)
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON array of records.")(cmd)


_limit = click.option("--limit", type=click.IntRange(min=1), help="Show at most N rows.")
_article = click.option("--article", "article_id", metavar="ID", help="Only records of this article (id or prefix).")
_sub_types = sorted({t for subs in EVENT_TYPES.values() for t in subs} | set(EVENT_TYPES))


def _events(store: Any, *, article_id: str | None, event_type: str | None, status: str | None, limit: int | None) -> list[EventMention]:
    aid = store.article(article_id).id if article_id else None
    return store.events(article_id=aid, event_type=event_type, status=status, limit=limit)


def _figures(store: Any, *, article_id: str | None, metric: str | None, limit: int | None) -> list[Figure]:
    aid = store.article(article_id).id if article_id else None
    return store.figures(article_id=aid, metric=metric, limit=limit)


def _claims(store: Any, *, article_id: str | None, stance: str | None, limit: int | None) -> list[Claim]:
    aid = store.article(article_id).id if article_id else None
    return store.claims(article_id=aid, stance=stance, limit=limit)


articles_cmd = _listing(
    "articles", "List stored articles.", ARTICLE_COLUMNS,
    lambda store, outlet, limit: store.articles(outlet=outlet, limit=limit),
    [click.option("--outlet", help="Only this outlet."), _limit],
)
quarantine_cmd = _listing(
    "quarantine", "List inputs that were quarantined, with the reason.",
    (("input", lambda q: q.input), ("reason", lambda q: q.reason), ("detail", lambda q: q.detail), ("at", lambda q: q.at)),
    lambda store, limit: store.quarantine(limit=limit), [_limit],
)
events_cmd = _listing(
    "events", "List event mentions (ACLED types) with status, actors, place, date and sentence.", EVENT_COLUMNS, _events,
    [_article, click.option("--type", "event_type", type=click.Choice(list(EVENT_TYPES)), help="Only this event type."),
     click.option("--status", type=click.Choice(STATUSES), help="Only this status."), _limit],
)
figures_cmd = _listing(
    "figures", "List reported figures (killed, injured, displaced, detained, ...) with their sentence.", FIGURE_COLUMNS, _figures,
    [_article, click.option("--metric", type=click.Choice(METRICS), help="Only this metric."), _limit],
)
claims_cmd = _listing(
    "claims", "List claims: who said what, with what stance.", CLAIM_COLUMNS, _claims,
    [_article, click.option("--stance", type=click.Choice(STANCES), help="Only this stance."), _limit],
)


@click.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article's whole extraction as JSON.")
@click.pass_obj
def show_cmd(app: Any, article_id: str, as_json: bool) -> None:
    """Show one article with its extracted spans highlighted (events red, figures yellow, speakers cyan)."""
    from rich.text import Text

    from ..records import to_dict
    from .output import print_object

    store = app.store()
    extraction = store.extraction(store.article(article_id).id)
    if as_json:
        print_object(to_dict(extraction))
        return
    article: Article = extraction.article
    text = Text(safe(article.text))
    # Escaping keeps offsets only when nothing was escaped; otherwise highlight on the raw length.
    if len(text.plain) == len(article.text):
        for c in extraction.claims:
            if c.speaker_start is not None and c.speaker_end is not None:
                text.stylize("bold cyan", c.speaker_start, c.speaker_end)
            text.stylize("underline", c.content_start, c.content_end)
        for f in extraction.figures:
            text.stylize("bold black on yellow", f.provenance.start, f.provenance.end)
        for e in extraction.events:
            text.stylize("bold white on red", e.provenance.start, e.provenance.end)
    out = console()
    out.print(Text(safe(article.title), style="bold"))
    meta = " · ".join(safe(x) for x in (article.outlet, article.published, article.url, article.id) if x)
    out.print(Text(meta, style="dim"))
    if article.standfirst:
        out.print(Text(safe(article.standfirst), style="italic"))
    out.print()
    out.print(text)
    if article.credits:
        out.print(Text("Credits: " + ", ".join(safe(c) for c in article.credits), style="dim"))
    out.print()
    out.print(Text(
        f"{len(extraction.events)} events, {len(extraction.figures)} figures, {len(extraction.claims)} claims"
        " — legend: event trigger (red), figure (yellow), speaker (cyan), claim content (underlined)",
        style="dim",
    ))


COMMANDS = (articles_cmd, quarantine_cmd, events_cmd, figures_cmd, claims_cmd, show_cmd)
