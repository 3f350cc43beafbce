"""Rendering situation reports as Markdown or self-contained, printable HTML (Jinja2).

Untrusted text (sentences, names, titles from articles) is escaped: by Jinja2's autoescape in HTML,
and by :func:`md_escape` in Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .builder import SituationReport
from .charts import bar_chart

__all__ = ["render", "md_escape"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(value: object) -> str:
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = lambda v: "" if v is None else f"{v:,}"
    return env


def render(report: SituationReport, *, format: str = "md") -> str:
    """The report as ``md`` or ``html``."""
    if format == "html":
        charts = {
            "killed": bar_chart(report.per_day("killed"), title="Fatalities per day (conservative)"),
            "displaced": bar_chart(report.per_day("displaced"), title="People displaced per day (reported flows)"),
        }
        return _env(True).get_template("report.html").render(r=report, charts=charts)
    if format == "md":
        return _env(False).get_template("report.md").render(r=report)
    raise ValueError(f"unknown report format {format!r}")
