"""Shared fixtures. This file holds ONLY the store's PostgreSQL fixture (owned by the store)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "postgres.sh"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The SQLAlchemy URL of a throwaway PostgreSQL cluster on 127.0.0.1, for this test session.

    Skips when the PostgreSQL server binaries are absent. ``SITREP_TEST_PG_URL`` points the tests
    at an existing server instead (its database must be disposable).
    """
    given = os.environ.get("SITREP_TEST_PG_URL")
    if given:
        yield given
        return
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        pytest.skip(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/pg_ctl); to run the "
            "PostgreSQL tests install them (`apt-get install postgresql`, or `scripts/postgres.sh start` "
            "as root) or set SITREP_TEST_PG_URL to a disposable database"
        )
    state = Path(tempfile.mkdtemp(prefix="sitrep-pgstate-")) / "cluster.state"
    env = {**os.environ, "SITREP_PG_STATE": str(state)}
    try:
        out = subprocess.run(
            ["bash", str(_SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=180, check=True
        )
    except subprocess.CalledProcessError as exc:
        subprocess.run(["bash", str(_SCRIPT), "stop"], env=env, capture_output=True, timeout=60)
        pytest.fail(f"scripts/postgres.sh start failed: {exc.stderr.strip()}")
    try:
        yield out.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(_SCRIPT), "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(state.parent, ignore_errors=True)
