"""The `sitrep` command: a thin layer over the library (parse → call → format).

Errors from the library (``SitrepError``) are translated here into one line on stderr and exit
status 1; usage errors exit with 2 (click's convention).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from ..errors import SitrepError
from ..settings import SETTINGS, Settings, load_settings

__all__ = ["cli", "main", "COMMAND_MODULES"]

#: Modules that each define a click command or group named ``command``, or a tuple ``COMMANDS``.
COMMAND_MODULES: tuple[str, ...] = (
    "sitrep.cli.ingest",
    "sitrep.cli.listing",
    "sitrep.cli.export",
    "sitrep.cli.incidents",
    "sitrep.cli.classify",
    "sitrep.cli.gazetteer",
    "sitrep.cli.eval",
    "sitrep.cli.bench",
    "sitrep.cli.config",
)


class App:
    """Per-invocation state: settings, and the store opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Any = None

    def store(self) -> Any:
        if self._store is None:
            from ..store import Store

            self._store = Store.open(self.settings.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class SitrepGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepError as exc:
            raise click.ClickException(str(exc)) from None


_DB_HELP = next(s.help for s in SETTINGS if s.name == "db")


@click.group(cls=SitrepGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", metavar="PATH", envvar="SITREP_DB", help=f"{_DB_HELP} [env SITREP_DB; default ./sitrep.db]")
@click.version_option(package_name="sitrep")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """sitrep: conflict and crisis news into a sourced, structured situation picture."""
    try:
        settings = load_settings(db=db)
    except SitrepError as exc:
        raise click.UsageError(str(exc)) from None
    app = App(settings)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for cmd in getattr(module, "COMMANDS", None) or (module.command,):
            cli.add_command(cmd)


_register()


def main() -> None:
    cli(prog_name="sitrep")


if __name__ == "__main__":  # pragma: no cover
    main()
