"""HTML pages → article parts through trafilatura (title, date, sitename, body without furniture).

Also :func:`fragment_text`, the plain text of an HTML fragment (feed entry content), paragraphs on
their own lines.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import NoArticleText
from .text import clean_body

__all__ = ["HtmlParts", "MIN_ARTICLE_CHARS", "extract_html", "fragment_text"]

#: Extracted bodies shorter than this are page furniture, not an article.
MIN_ARTICLE_CHARS = 40

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "section", "article", "tr", "table", "pre", "figure", "figcaption", "header", "footer",
)
_WS = re.compile(r"[ \t\u00a0\r\f\v]+")

# trafilatura logs every page it finds too short at WARNING/ERROR level; we report that ourselves.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class HtmlParts:
    title: str
    text: str
    credits: tuple[str, ...]
    standfirst: str | None
    published: str | None
    outlet: str | None
    url: str | None
    language: str | None


def _clean_lines(text: str) -> list[str]:
    return [ln for ln in (_WS.sub(" ", raw).strip() for raw in text.split("\n")) if ln]


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def extract_html(html: str, *, source: str, url: str | None = None, rules_dir: str = "") -> HtmlParts:
    """Run trafilatura over a decoded page; raise :class:`NoArticleText` when no body is left."""
    import trafilatura  # imported lazily: it pulls in lxml and htmldate

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
            # dates from the page's metadata, <time> elements and URL only: the extensive search also
            # reads dates in the body ("since 2011" → 2011-01-01), a wrong anchor for every relative date
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise NoArticleText(source, f"the HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if doc is None:
        raise NoArticleText(source, "trafilatura found no article text in the HTML (only page furniture)")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = _WS.sub(" ", data.get("title") or "").strip()
    lines = _clean_lines(data.get("text") or "")
    if title and lines and _same(lines[0], title):
        lines = lines[1:]  # the page's <h1> repeats the headline
    body = clean_body(lines, extra_dir=rules_dir)
    if len(body.text) < MIN_ARTICLE_CHARS:
        raise NoArticleText(
            source, f"no article text in the HTML (extracted {len(body.text)} characters of body, fewer than {MIN_ARTICLE_CHARS})"
        )
    if not title:
        title = body.text.split("\n", 1)[0][:200]
    description = _WS.sub(" ", data.get("description") or "").strip() or None
    standfirst = description
    if description and body.text.startswith(description[: min(len(description), 60)]):
        standfirst = None  # the meta description is only the lede repeated
    date = data.get("date")
    published = date[:10] if isinstance(date, str) and _DATE.match(date) else None
    outlet = (data.get("sitename") or "").strip() or None
    page_url = data.get("url") or url
    if outlet is None and page_url:
        outlet = urlsplit(page_url).hostname
    return HtmlParts(
        title=title,
        text=body.text,
        credits=body.credits,
        standfirst=standfirst,
        published=published,
        outlet=outlet,
        url=page_url,
        language=data.get("language") or None,
    )


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (or plain text), block elements on their own lines."""
    if "<" not in markup:
        return "\n".join(_clean_lines(markup))
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return "\n".join(_clean_lines(markup))
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    return "\n".join(_clean_lines(root.text_content()))
