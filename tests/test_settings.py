import dataclasses

import pytest

from sitrep.errors import ConfigError
from sitrep.settings import SETTINGS, Settings, load_settings


def test_defaults_come_from_the_table():
    s = Settings()
    for row in SETTINGS:
        assert getattr(s, row.name) == row.default


def test_precedence_file_env_override(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sitrep.toml").write_text('[sitrep]\ndb = "file.db"\nmax_bytes = 10\nn_process = 3\n')
    s = load_settings(environ={"SITREP_MAX_BYTES": "20"}, n_process=None)
    assert (s.db, s.max_bytes, s.n_process) == ("file.db", 20, 3)
    s = load_settings(environ={"SITREP_MAX_BYTES": "20"}, max_bytes=30)
    assert s.max_bytes == 30


def test_bad_values_are_config_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="max_bytes"):
        load_settings(environ={"SITREP_MAX_BYTES": "lots"})
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(environ={}, colour="red")
    (tmp_path / "sitrep.toml").write_text("db = [unclosed\n")
    with pytest.raises(ConfigError, match="sitrep.toml"):
        load_settings(environ={})


def test_bool_settings_parse_words():
    assert load_settings(environ={"SITREP_ALLOW_PRIVATE": "yes"}).allow_private is True
    assert load_settings(environ={"SITREP_ALLOW_PRIVATE": "0"}).allow_private is False
    assert dataclasses.is_dataclass(Settings)
