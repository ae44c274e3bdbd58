"""kill -9 in the middle of a run, then a restart: nothing committed is lost or duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PARALLAX = str(Path(sys.executable).with_name("parallax"))

ARTICLE = """Brenna port update {n}
Dock crews report on the {n}th night of repairs.

DRAVOHRAD (Meridian) - Crews at the Brenna river port worked through night {n} to clear the
burned grain terminal, port director Ivo Marek said on Monday.

"We have cleared berth {n} and the cranes are turning again," Marek told reporters, adding that
{n} barges were waiting downstream.
"""


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"page-{n:04d}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


def kill_when(process: subprocess.Popen[bytes], db: Path, sql: str, at_least: int) -> None:
    """SIGKILL the run once the database shows ``at_least`` committed rows, mid-run."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if db.exists() and count(db, sql) >= at_least:
                break
        except sqlite3.OperationalError:
            pass  # the schema is still being created
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed: make it longer"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_reliability_ingest_resumes_after_kill_9(tmp_path: Path) -> None:
    corpus = tmp_path / "pages"
    write_corpus(corpus, 1500)
    db = tmp_path / "kill.db"
    url = f"sqlite:///{db}"
    run = subprocess.Popen([PARALLAX, "ingest", str(corpus), "--db", url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when(run, db, "SELECT count(*) FROM articles", 200)
    committed = count(db, "SELECT count(*) FROM articles")
    assert 0 < committed < 1500
    again = subprocess.run([PARALLAX, "ingest", str(corpus), "--db", url], capture_output=True,
                           text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{1500 - committed} new, {committed} unchanged" in again.stdout
    assert count(db, "SELECT count(*) FROM articles") == 1500
    assert count(db, "SELECT count(*) FROM revisions") == 1500
    assert count(db, "SELECT count(*) FROM articles_fts") == 1500


def test_reliability_process_resumes_after_kill_9(tmp_path: Path) -> None:
    corpus = tmp_path / "pages"
    write_corpus(corpus, 200)
    db = tmp_path / "kill.db"
    url = f"sqlite:///{db}"
    subprocess.run([PARALLAX, "ingest", str(corpus), "--db", url], check=True,
                   capture_output=True)
    processed = "SELECT count(*) FROM articles WHERE processed_hash = content_hash"
    run = subprocess.Popen([PARALLAX, "process", "--db", url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when(run, db, processed, 64)
    done = count(db, processed)
    assert 0 < done < 200
    quotes_before = count(db, "SELECT count(*) FROM quotes")
    again = subprocess.run([PARALLAX, "process", "--db", url], capture_output=True, text=True,
                           check=False)
    assert again.returncode == 0, again.stderr
    assert f"processed {200 - done} articles" in again.stdout
    assert count(db, processed) == 200
    # each article has its quotes exactly once: the same number per article everywhere
    with sqlite3.connect(db) as connection:
        per_article = connection.execute(
            "SELECT count(*) FROM quotes GROUP BY article_id").fetchall()
    assert len(per_article) == 200 and len({n for (n,) in per_article}) == 1
    assert count(db, "SELECT count(*) FROM quotes") > quotes_before
