"""Situation reports: Markdown and self-contained HTML, every incident cited, untrusted text escaped,
and the HTML opened in a real headless browser (Debian's Chromium, installed by scripts/system-deps.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.pipeline import ingest
from sitrep.report.service import situation_report
from sitrep.settings import load_settings
from sitrep.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "incident"
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    work = tmp_path_factory.mktemp("report")
    hostile = work / "hostile.txt"
    hostile.write_text(
        "Shelling hits Aleppo's Salaheddine <script>window.__pwned = 1</script>\n\n"
        "Government shelling killed 6 civilians in the Salaheddine district of Aleppo on Tuesday, "
        "<img src=x onerror=\"window.__pwned=1\"> the Syrian Observatory for Human Rights said.\n",
        encoding="utf-8",
    )
    s = Store.open(str(work / "r.db"))
    ingest([str(FIXTURES), str(hostile)], store=s, settings=load_settings(environ={}), published="2016-12-07")
    yield s
    s.close()


def test_markdown_report_has_headline_incidents_and_cited_sentences(store):
    md = situation_report(store, since="2016-12-01", until="2016-12-07", format="md")
    assert md.startswith("# Situation report")
    assert "Bustan al-Qasr" in md and "contested" in md
    rows = [line for line in md.splitlines() if line.startswith("| 2016-12-06")]
    assert len(rows) == len(store.incidents(since="2016-12-01", until="2016-12-07"))
    for row in rows:  # every incident row cites at least one source sentence
        assert re.search(r"\[\^\d+\]", row), row
    cited = set(re.findall(r"\[\^(\d+)\]", md))
    defined = set(re.findall(r"^\[\^(\d+)\]:", md, flags=re.M))
    assert cited == defined and cited
    assert "killed 14 civilians" in md  # a source sentence, quoted


def test_report_outside_the_window_or_scope_is_empty(store):
    md = situation_report(store, since="2015-01-01", until="2015-01-31", format="md")
    assert "no incidents in this period" in md
    md = situation_report(store, since="2016-12-01", until="2016-12-07", country="IQ", format="md")
    assert "Bustan" not in md


def test_html_escapes_untrusted_text(store):
    html = situation_report(store, since="2016-12-01", until="2016-12-07", format="html")
    assert "<script>window.__pwned" not in html and "onerror=\"window" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html
    assert "<svg" in html and "@media print" in html
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]  # no external assets


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (scripts/system-deps.sh installs it)")
def test_html_report_opens_in_headless_chromium_without_errors(store, tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_text(situation_report(store, since="2016-12-01", until="2016-12-07", format="html"), encoding="utf-8")
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
            page.goto(page_file.as_uri())
            assert page.title().startswith("Situation report")
            assert page.locator("table tbody tr").count() >= 2
            assert page.evaluate("window.__pwned === undefined")
            first_cite = page.locator("sup a").first
            target = first_cite.get_attribute("href")
            assert target and page.locator(target).count() == 1  # citations link to their sentence
            pdf = page.pdf()  # prints
            assert pdf[:4] == b"%PDF"
        finally:
            browser.close()
    assert errors == []


def test_report_command_writes_html(tmp_path):
    db = tmp_path / "cli.db"
    env_db = ["--db", str(db)]
    run = lambda *a: subprocess.run([sys.executable, "-m", "sitrep", *env_db, *a], capture_output=True, timeout=600)  # noqa: E731
    assert run("ingest", str(FIXTURES), "--published", "2016-12-07").returncode == 0
    out = tmp_path / "r.html"
    proc = run("report", "--since", "2016-12-01", "--until", "2016-12-07", "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "<!doctype html>" in out.read_text(encoding="utf-8")
    assert run("report", "--since", "yesterday", "--until", "2016-12-07").returncode == 2
