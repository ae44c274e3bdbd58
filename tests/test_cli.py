"""The command line: exit codes, stderr messages and outputs of SPEC section 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import main

REPO = Path(__file__).resolve().parents[1]

DIGEST = """Monday, March 17, 2025

WORLD

Ceasefire talks open in Bressa
UN envoy brings both delegations to one table for the first time.

BRESSA, March 17 (CP) — UN envoy Lucia Brandt opened talks between Varnia and Kharsk on
Monday, the first direct meeting of the two delegations since the war began.

"Nobody expects miracles," Brandt told reporters after the first session.

Drone strike hits Brenna port
Three barges burned overnight.

DRAVOHRAD (Meridian) - Drones struck the Brenna river port overnight, setting three grain
barges on fire, the Varnian Defence Ministry said on Monday.

Leave a Reply
Your email address will not be published.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "digest.txt").write_text(DIGEST, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return folder


def test_cli_ingest_stores_articles_and_lists_rejects_on_stderr(corpus: Path, tmp_db: str) -> None:
    code, out, err = run("ingest", str(corpus), "--db", tmp_db)
    assert code == 0
    assert "stored 2 articles (2 new" in out
    assert "2 rejected" in out
    assert "empty.txt" in err and "photo.png" in err
    assert "Traceback" not in err
    # the same content again stores nothing new
    code, out, _ = run("ingest", str(corpus / "digest.txt"), "--db", tmp_db)
    assert code == 0 and "0 new, 2 unchanged" in out


def test_cli_ingest_exits_1_when_nothing_could_be_read(tmp_path: Path, tmp_db: str) -> None:
    code, _, err = run("ingest", str(tmp_path / "missing.txt"), "--db", tmp_db)
    assert code == 1
    assert "missing.txt" in err and "nothing could be ingested" in err


def test_cli_usage_errors_exit_2(tmp_db: str) -> None:
    assert run("ingest", "--db", tmp_db)[0] == 2
    assert run("export", "nonsense", "--db", tmp_db)[0] == 2
    assert run("no-such-command")[0] == 2
    assert run("process", "--engine", "spark", "--db", tmp_db)[0] == 2
    code, _, err = run("process", "--address", "auto", "--db", tmp_db)
    assert code == 2 and "--engine ray" in err


def test_cli_process_runs_on_a_named_engine(corpus: Path, tmp_db: str) -> None:
    run("ingest", str(corpus), "--db", tmp_db)
    code, out, _ = run("process", "--engine", "local", "--workers", "1", "--db", tmp_db)
    assert code == 0 and out.startswith("processed ")


def test_cli_export_articles_jsonl_and_csv(corpus: Path, tmp_db: str) -> None:
    run("ingest", str(corpus), "--db", tmp_db)
    code, out, _ = run("export", "articles", "--db", tmp_db)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["headline"] for r in records} == {"Ceasefire talks open in Bressa",
                                                "Drone strike hits Brenna port"}
    for key in ("id", "source", "outlet", "url", "headline", "standfirst", "byline", "published",
                "section", "dateline", "language", "paragraphs", "entities", "story_id"):
        assert all(key in r for r in records), key
    code, out, _ = run("export", "articles", "--format", "csv", "--db", tmp_db)
    assert code == 0 and out.startswith("id,source,outlet,")
    assert len(out.strip().splitlines()) >= 3


def test_cli_search_finds_and_reports_no_match(corpus: Path, tmp_db: str) -> None:
    run("ingest", str(corpus), "--db", tmp_db)
    code, out, _ = run("search", "barges", "--db", tmp_db)
    assert code == 0 and "Drone strike hits Brenna port" in out and "[barges]" in out
    code, out, _ = run("search", "zeppelin", "--db", tmp_db)
    assert code == 0 and "no match" in out


def test_cli_bad_database_url_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = run("search", "x", "--db", "mysql://nope")
    assert code == 1 and "unknown database URL" in err and "Traceback" not in err


def test_cli_database_from_environment(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus)],
                                env={"PARALLAX_DB": f"sqlite:///{db}"})
    assert result.exit_code == 0 and db.exists()


def test_cli_console_script_runs_quietly_when_piped(corpus: Path, tmp_db: str) -> None:
    script = Path(sys.executable).with_name("parallax")
    result = subprocess.run([str(script), "ingest", str(corpus), "--db", tmp_db],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip().startswith("stored 2 articles")  # no progress bar on a pipe


def test_cli_docs_are_current() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from gen_cli_docs import render
    finally:
        sys.path.pop(0)
    docs = REPO / "docs" / "cli.md"
    assert docs.read_text(encoding="utf-8") == render(), "run `make docs` and commit docs/cli.md"
