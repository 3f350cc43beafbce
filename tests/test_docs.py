"""Documentation is generated from the code and checked: docs/*.md must match what sitrep.docs
generates (run `make docs` after changing commands, records, settings or rule files), and the
README's quick start is exactly the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

from sitrep.docs import DOCS_DIR, generate

ROOT = Path(__file__).resolve().parent.parent


def test_generated_docs_are_up_to_date():
    for name, content in generate().items():
        path = DOCS_DIR / name
        assert path.exists(), f"docs/{name} missing: run `make docs`"
        assert path.read_text(encoding="utf-8") == content, f"docs/{name} is stale: run `make docs`"


def test_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", readme, re.S)
    assert block and block.group(1).split("\n")[:2] == ["make demo", "make test"]


def test_every_cli_command_in_the_readme_tour_exists():
    from sitrep.cli.main import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", readme, re.S))
    used = set(re.findall(r"^sitrep ([a-z]+)", blocks, re.M))
    assert used, "the README tour names no commands"
    assert used <= set(cli.commands), used - set(cli.commands)
