"""Uploads and the one writer: files from the browser become temp files whose names the server
chooses, then one background thread runs ingest → process → cluster on them.

The client's file name is only shown back to the user and used as a hint for the format; it never
reaches the file system. The content is checked with the CLI's own format detection and size
limit before anything is queued. All writes of the web app go through :class:`IngestWorker`'s
single thread (SQLite allows one writer; the readers use their own connections).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from parallax import pipeline
from parallax.config import Settings
from parallax.errors import InputError
from parallax.ingest.detect import HEAD_BYTES, InputFormat, detect_format
from parallax.store import Store, open_store

log = logging.getLogger(__name__)

MAX_FILES = 20
"""Files per upload."""
COPY_CHUNK = 1 << 20
KEPT_JOBS = 50

_SUFFIX: dict[InputFormat, str] = {
    "text": ".txt", "html": ".html", "feed": ".xml", "warc": ".warc", "jsonl": ".jsonl",
    "gzip": ".gz",
}

Status = Literal["queued", "ingesting", "processing", "clustering", "done", "failed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class IngestJob:
    """One upload and what the pipeline did with it; the ingest page shows it as it runs."""

    id: str
    files: list[str]
    """The names the client gave (for display only)."""
    status: Status = "queued"
    created: str = field(default_factory=_now)
    finished: str | None = None
    handled: int = 0
    """Items the current stage has handled so far."""
    added: int = 0
    unchanged: int = 0
    revised: int = 0
    processed: int = 0
    stories: int = 0
    rejected: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def running(self) -> bool:
        return self.status not in ("done", "failed")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "files": list(self.files), "status": self.status,
                "created": self.created, "finished": self.finished, "handled": self.handled,
                "added": self.added, "unchanged": self.unchanged, "revised": self.revised,
                "processed": self.processed, "stories": self.stories,
                "rejected": list(self.rejected), "article_ids": list(self.article_ids),
                "message": self.message, "running": self.running}


def display_name(name: str | None) -> str:
    """The last part of a client's file name, printable and short (shown, never opened)."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable())[:120].strip()
    return cleaned or "upload"


def save_upload(stream: IO[bytes], name: str, folder: Path, max_bytes: int) -> Path:
    """Check one uploaded file (format by content, size) and copy it to ``folder`` under a name
    the server chooses. Raises InputError with a message naming the file and the problem."""
    head = stream.read(HEAD_BYTES)
    fmt = detect_format(head, name, name=name)
    suffix = _SUFFIX[fmt]
    if fmt == "gzip" and name.lower().endswith((".warc.gz", ".arc.gz")):
        suffix = ".warc.gz"
    target = folder / f"upload-{uuid.uuid4().hex}{suffix}"
    size = 0
    with open(target, "wb") as out:
        chunk = head
        while chunk:
            size += len(chunk)
            if size > max_bytes:
                out.close()
                target.unlink(missing_ok=True)
                raise InputError(name, f"too big: more than {max_bytes:,} bytes "
                                       "(the limit is settings ingest.max_bytes)")
            out.write(chunk)
            chunk = stream.read(COPY_CHUNK)
    return target


class IngestWorker:
    """The web app's one writer: a single thread that runs upload jobs one after another."""

    def __init__(self, store_url: str, settings: Settings, *, process: bool = True,
                 on_done: Callable[[], None] | None = None) -> None:
        self._url = store_url
        self._settings = settings
        self._process = process
        self._on_done = on_done
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._store: Store | None = None
        self.spool = Path(tempfile.mkdtemp(prefix="parallax-uploads-"))

    def new_folder(self) -> Path:
        self.spool.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.spool))

    def submit(self, job: IngestJob, folder: Path, paths: dict[Path, str]) -> IngestJob:
        """Queue ``paths`` (temp file → the client's name for it) as one job."""
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
        if paths:
            with self._lock:
                if self._executor is None:  # (re)started lazily: the app may be restarted
                    self._executor = ThreadPoolExecutor(max_workers=1,
                                                        thread_name_prefix="parallax-writer")
                self._executor.submit(self._run, job, folder, paths)
        else:
            job.status, job.finished = "failed", _now()
            job.message = "no file could be used"
            shutil.rmtree(folder, ignore_errors=True)
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[IngestJob]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def _writer_store(self) -> Store:
        if self._store is None:  # opened in the writer thread, used only there
            self._store = open_store(self._url)
        return self._store

    def _run(self, job: IngestJob, folder: Path, paths: dict[Path, str]) -> None:
        def tick(_source: str) -> None:
            job.handled += 1

        try:
            store = self._writer_store()
            job.status = "ingesting"
            summary = pipeline.ingest([str(p) for p in paths], store, self._settings,
                                      progress=tick)
            job.added, job.unchanged, job.revised = (summary.added, summary.unchanged,
                                                     summary.revised)
            job.article_ids = list(dict.fromkeys(summary.article_ids))
            job.rejected += [_rejected_line(r.source, r.reason, paths)
                             for r in summary.rejected]
            if self._process and summary.stored:
                job.status, job.handled = "processing", 0
                job.processed = pipeline.process(store, self._settings, progress=tick).processed
                job.status = "clustering"
                job.stories = pipeline.cluster(store, self._settings).stories
            job.status = "done"
            job.message = f"stored {summary.stored} article(s)"
        except Exception as exc:  # one failed job must not stop the writer
            log.exception("ingest job %s failed", job.id)
            job.status, job.message = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            job.finished = _now()
            shutil.rmtree(folder, ignore_errors=True)
            if self._on_done is not None:
                self._on_done()

    def close(self) -> None:
        """Finish the queued jobs, then close the writer's store in the writer's thread."""

        def close_store() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.submit(close_store)
            executor.shutdown(wait=True)
        shutil.rmtree(self.spool, ignore_errors=True)


def _rejected_line(source: str, reason: str, paths: dict[Path, str]) -> str:
    """A rejection as the user knows the file: the temp name replaced by the client's name."""
    for path, name in paths.items():
        if source.startswith(str(path)):
            source = name + source[len(str(path)):]
    return f"{source}: {reason}"
