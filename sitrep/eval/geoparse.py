"""`sitrep eval geoparse GOLD`: toponym recognition and resolution on Gritta-format XML.

Reads GeoWebNews (``GWN.xml``), LGL (``lgl.xml``, also TR-News) and GeoVirus (``GeoVirus.xml``,
1-based offsets); a folder runs every file in it. Scores only gold toponyms with coordinates:

- ``toponym_recall``: share recognised by :func:`find_toponyms` (span overlap);
- ``acc_161km``, ``mean_error_km``, ``median_error_km``, ``auc``: resolution error of the recognised
  ones (AUC of the sorted log errors, Gritta et al. 2018: lower is better);
- ``acc_161km_given_gold``, ``auc_given_gold``: every gold span resolved in its article's context;
- ``gazetteer_id_coverage``: share of gold GeoNames ids present in the gazetteer (LGL, GWN);
  ``gazetteer_name_coverage``: share of gold names the gazetteer knows at all;
- ``ms_per_article``: geoparse time per article (after the name index is loaded).
"""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..resolve.gazetteer import Gazetteer
from ..resolve.geoparse import find_toponyms, resolve_span
from ..settings import Settings
from .metrics import haversine_km

__all__ = ["run", "load_gold", "auc"]

_MAX_KM = 20039.0


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x is not None else None
    except ValueError:
        return None


def _realign(text: str, start: int, end: int, name: str | None, window: int = 5) -> tuple[int, int]:
    if not name or text[start:end] == name:
        return start, end
    for d in sorted(range(-window, window + 1), key=abs):
        s = start + d
        if s >= 0 and text[s:s + len(name)] == name:
            return s, s + len(name)
    return start, end


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Articles as ``{"text", "toponyms": [{start, end, name, lat, lon, geonames_id}]}``."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvalError(f"geoparse: {path} is not readable XML ({exc})") from None
    arts = []
    for a in root:
        text = a.findtext("text") or ""
        tops = []
        if a.find("locations") is not None:  # GeoVirus: 1-based offsets
            for loc in a.iter("location"):
                s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
                tops.append({"start": s, "end": e, "name": loc.findtext("name"), "lat": _f(loc.findtext("lat")),
                             "lon": _f(loc.findtext("lon")), "geonames_id": None})
        else:
            for t in a.iter("toponym"):
                g = t.find("gaztag")
                if g is not None:  # LGL / TR-News
                    name, gid = t.findtext("phrase"), g.get("geonameid")
                    lat, lon = _f(g.findtext("lat")), _f(g.findtext("lon"))
                else:  # GeoWebNews
                    name, gid = t.findtext("extractedName"), t.findtext("geonamesID") or None
                    lat, lon = _f(t.findtext("latitude")), _f(t.findtext("longitude"))
                tops.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")), "name": name,
                             "lat": lat, "lon": lon, "geonames_id": gid})
        for t in tops:
            t["start"], t["end"] = _realign(text, t["start"], t["end"], t["name"])
        arts.append({"text": text, "toponyms": tops})
    if not arts:
        raise EvalError(f"geoparse: {path} holds no articles")
    return arts


def auc(errors: list[float]) -> float:
    """Area under the curve of sorted log(1 + error km), scaled to [0, 1] (Gritta et al.)."""
    if not errors:
        return 0.0
    logs = sorted(math.log(1 + e) / math.log(_MAX_KM) for e in errors)
    if len(logs) == 1:
        return logs[0]
    area = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    return area / (len(logs) - 1)


def _summary(errors: list[float], prefix: str = "") -> dict[str, float]:
    if not errors:
        return {f"acc_161km{prefix}": 0.0, f"auc{prefix}": 0.0}
    out = {f"acc_161km{prefix}": round(sum(e <= 161 for e in errors) / len(errors), 4), f"auc{prefix}": round(auc(errors), 4)}
    if not prefix:
        s = sorted(errors)
        out["mean_error_km"] = round(sum(errors) / len(errors), 1)
        out["median_error_km"] = round(s[len(s) // 2], 1)
    return out


def _score_file(path: Path, gaz: Gazetteer, *, rules_dir: str) -> dict[str, Any]:
    arts = load_gold(path)
    gaz.name_index()
    n = found = 0
    errors: list[float] = []
    given: list[float] = []
    id_known = id_total = name_known = 0
    elapsed = 0.0
    for art in arts:
        text = art["text"]
        t0 = time.perf_counter()
        tops = find_toponyms(text, gazetteer=gaz, rules_dir=rules_dir)
        elapsed += time.perf_counter() - t0
        for g in art["toponyms"]:
            if g["lat"] is None or g["lon"] is None:
                continue
            n += 1
            if g["geonames_id"]:
                id_total += 1
                id_known += gaz.get(g["geonames_id"]) is not None
            name_known += bool(g["name"] and gaz.lookup(g["name"], limit=1))
            hit = next((t for t in tops if t.start < g["end"] and g["start"] < t.end), None)
            if hit is not None:
                found += 1
                e = hit.entry
                errors.append(haversine_km(e.lat, e.lon, g["lat"], g["lon"]) if e else _MAX_KM)
            r = resolve_span(text, g["start"], g["end"], gazetteer=gaz, context=tops, rules_dir=rules_dir)
            given.append(haversine_km(r.entry.lat, r.entry.lon, g["lat"], g["lon"]) if r.entry else _MAX_KM)
    out: dict[str, Any] = {"file": path.name, "articles": len(arts), "n": n,
                           "toponym_recall": round(found / n, 4) if n else 0.0, "recognised": found}
    out.update(_summary(errors))
    out.update(_summary(given, "_given_gold"))
    out["gazetteer_id_coverage"] = round(id_known / id_total, 4) if id_total else None
    out["gazetteer_name_coverage"] = round(name_known / n, 4) if n else 0.0
    out["ms_per_article"] = round(1000 * elapsed / len(arts), 2)
    return out


def run(gold: Path, *, settings: Settings) -> dict[str, Any]:
    """Score every Gritta-format XML file at ``gold`` (a file or a folder); one file gives flat
    metrics, a folder gives per-file metrics under ``files`` plus the pooled ``n``."""
    files = sorted(gold.glob("*.xml")) if gold.is_dir() else [gold]
    if not files:
        raise EvalError(f"geoparse: no .xml files in {gold}")
    gaz = Gazetteer.open(settings.gazetteer_db or None)
    try:
        results = [_score_file(f, gaz, rules_dir=settings.rules_dir) for f in files]
    finally:
        gaz.close()
    if len(results) == 1:
        return results[0]
    return {"n": sum(r["n"] for r in results), "files": {r["file"]: r for r in results}}
