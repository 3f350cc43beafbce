"""Generated documentation: CLI reference, record schema, settings and rule files.

``python -m sitrep.docs`` (or ``make docs``) writes ``docs/*.md``; ``tests/test_docs.py`` fails when
the committed files differ from what this module generates, so the docs cannot drift.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import typing
from pathlib import Path

import click

from .records import RECORD_TYPES
from .rules import DATA_DIR
from .settings import settings_markdown

__all__ = ["generate", "write"]

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"


def _type_name(tp: object) -> str:
    text = str(tp).replace("typing.", "").replace("sitrep.records.", "")
    return text.replace("<class '", "").replace("'>", "")


def records_markdown() -> str:
    out = ["# Record schema", "", "Frozen dataclasses in `sitrep/records.py`; the only types that cross layers.",
           "Each serialises to JSON with its field names as keys (`sitrep.to_dict`) and back (`sitrep.from_dict`).", ""]
    for cls in RECORD_TYPES:
        hints = typing.get_type_hints(cls)
        out += [f"## {cls.__name__}", "", (cls.__doc__ or "").strip(), "", "| field | type | default |", "|---|---|---|"]
        for f in dataclasses.fields(cls):
            default = "required" if f.default is dataclasses.MISSING else f"`{f.default!r}`"
            out.append(f"| `{f.name}` | `{_type_name(hints[f.name])}` | {default} |")
        out.append("")
    return "\n".join(out)


def cli_markdown() -> str:
    from .cli.main import cli

    out = ["# CLI reference", "", "Generated from the commands' own help (`sitrep COMMAND --help`).", ""]

    def walk(cmd: click.Command, path: list[str]) -> None:
        ctx = click.Context(cmd, info_name=" ".join(path), terminal_width=100, max_content_width=100)
        out.extend([f"## `{' '.join(path)}`", "", "```text", cmd.get_help(ctx).rstrip(), "```", ""])
        if isinstance(cmd, click.Group):
            for name in sorted(cmd.list_commands(ctx)):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, path + [name])

    walk(cli, ["sitrep"])
    return "\n".join(out)


def rules_markdown() -> str:
    out = ["# Rule and lexicon files", "",
           "Rules are data: JSONL files in `sitrep/data/`, one JSON object a line, each with a stable `id`.",
           "Blank lines and lines starting with `//` are ignored. A folder named by the `rules_dir` setting may",
           "hold files of the same names; their rules are merged over the built-in ones by `id`, so a rule is",
           "changed or added without touching code. Each file's own `//` comments, quoted below, say",
           "what its rules mean.", ""]
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip() and not line.strip().startswith("//")]
        notes = [line.strip()[2:].strip() for line in lines if line.strip().startswith("//")]
        keys = sorted({k for r in rows for k in r})
        first = json.dumps(rows[0], ensure_ascii=False) if rows else ""
        out += [f"## `{path.name}`", "", f"{len(rows)} rules; keys used: {', '.join(f'`{k}`' for k in keys)}.", ""]
        if notes:
            out += ["> " + n for n in notes] + [""]
        out += ["First rule:", "", "```json", first, "```", ""]
    return "\n".join(out)


def generate() -> dict[str, str]:
    """The generated docs, file name → content."""
    return {
        "cli.md": cli_markdown(),
        "records.md": records_markdown(),
        "settings.md": "# Settings\n\n" + settings_markdown(),
        "rules.md": rules_markdown(),
    }


def write(directory: Path = DOCS_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in generate().items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write():
        print(p, file=sys.stderr)
