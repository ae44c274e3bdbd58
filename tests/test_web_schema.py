"""Schemathesis against /openapi.json: generated requests to every route (pages, JSON twins and
the upload endpoints) never get a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402 (after the skip above)
from schemathesis.checks import not_a_server_error  # noqa: E402

from parallax.config import Settings  # noqa: E402
from parallax.web.app import create_app  # noqa: E402
from test_web import build_fixture_db  # noqa: E402

_URL = f"sqlite:///{Path(tempfile.mkdtemp(prefix='parallax-schema-')) / 'schema.db'}"
build_fixture_db(_URL)
APP = create_app(_URL, Settings(db=_URL), token=None, use_encoder=False, process_uploads=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_web_schema_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
