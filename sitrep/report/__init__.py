"""Situation reports (Markdown or self-contained HTML) built from reconciled incidents."""

from .builder import SituationReport, build_report
from .render import render

__all__ = ["SituationReport", "build_report", "render"]
