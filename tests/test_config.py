from __future__ import annotations

from pathlib import Path

import pytest

from parallax.config import DEFAULT_DB, load_settings
from parallax.errors import ConfigError


def test_config_defaults_without_file_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.db == DEFAULT_DB
    assert settings.ingest.max_bytes == 50 * 1024 * 1024


def test_config_file_then_environment_layering(tmp_path: Path) -> None:
    config = tmp_path / "parallax.toml"
    config.write_text('db = "sqlite:///from-file.db"\n[ingest]\nmax_bytes = 1000\n')
    settings = load_settings(environ={"PARALLAX_INGEST__MAX_BYTES": "2_000"}, config_file=config)
    assert settings.db == "sqlite:///from-file.db"
    assert settings.ingest.max_bytes == 2000
    settings = load_settings(environ={"PARALLAX_DB": "sqlite:///env.db"}, config_file=config)
    assert settings.db == "sqlite:///env.db"
    assert settings.ingest.max_bytes == 1000


def test_config_names_the_bad_setting(tmp_path: Path) -> None:
    config = tmp_path / "parallax.toml"
    config.write_text("[ingest]\nmax_byte = 3\n")
    with pytest.raises(ConfigError, match="unknown setting 'max_byte'"):
        load_settings(environ={}, config_file=config)
    with pytest.raises(ConfigError, match="max_bytes: cannot read 'lots'"):
        load_settings(environ={"PARALLAX_INGEST__MAX_BYTES": "lots"}, config_file=None)
    config.write_text("db = [unclosed")
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_settings(environ={}, config_file=config)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(environ={"PARALLAX_CONFIG": str(tmp_path / "missing.toml")})
