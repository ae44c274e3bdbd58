"""Routes: each page and its JSON twin under ``/api/`` call the same view function once.

Handlers are plain ``def``: FastAPI runs them in its thread pool, and each thread reads through
its own store connection (``StorePool``). Nothing is computed here beyond laying out highlights.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parallax.errors import InputError, NotFoundError
from parallax.report.html import Mark, article_pieces, cut_paragraph, side_colours, timeline_bars
from parallax.store import Store
from parallax.web import views
from parallax.web.uploads import MAX_FILES, IngestJob, IngestWorker, display_name, save_upload

router = APIRouter()

DATE = r"^(\d{4}-\d{2}-\d{2})?$"
TEXT_ARTICLES_PER_OUTLET = 3
"""Article texts shown per outlet on a story page; the rest are linked."""

Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=views.MAX_PER_PAGE, description="Rows per page.")]
Text = Annotated[str | None, Query(max_length=200)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.pool.store()
    return store


def _state(request: Request) -> views.AppState:
    state: views.AppState = request.app.state.views
    return state


def _colours(request: Request) -> dict[str, str]:
    return side_colours(_state(request).registry.sides())


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request_path=request.url.path,
                                             colours=_colours(request),
                                             slug=views.slugify, **context)
    return HTMLResponse(html, status_code=status)


# ---------------------------------------------------------------- stories


def story_query(
    q: Text = None,
    outlet: Text = None,
    side: Text = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE)] = None,
    sort: Literal["recent", "size"] = "recent",
    page: Page = 1,
    per_page: PerPage = 25,
) -> views.StoryQuery:
    return views.StoryQuery(q or None, outlet or None, side or None, date_from or None,
                            date_to or None, sort, page, per_page)


StoryParams = Annotated[views.StoryQuery, Depends(story_query)]


@router.get("/", response_class=HTMLResponse, summary="Stories")
def stories_page(request: Request, query: StoryParams) -> HTMLResponse:
    view = views.stories_view(_store(request), _state(request), query)
    return render(request, "stories.html", view=view, title="Stories")


@router.get("/api/stories", summary="Stories (JSON)")
def stories_api(request: Request, query: StoryParams) -> dict[str, Any]:
    return views.stories_view(_store(request), _state(request), query).to_dict()


# ---------------------------------------------------------------- one story


def story_columns(view: views.StoryView) -> list[dict[str, Any]]:
    """The comparison's outlets grouped by side, each with a few article texts highlighted."""
    columns: dict[str, list[dict[str, Any]]] = {}
    for outlet in view.comparison.outlets:
        shown = dataclasses.replace(outlet, headlines=outlet.headlines[:TEXT_ARTICLES_PER_OUTLET])
        columns.setdefault(outlet.side, []).append({
            "view": outlet, "articles": article_pieces(view.comparison, shown),
            "more": outlet.headlines[TEXT_ARTICLES_PER_OUTLET:],
        })
    return [{"side": side, "outlets": outlets} for side, outlets in columns.items()]


@router.get("/stories/{story_id}", response_class=HTMLResponse, summary="One story, side by side")
def story_page(request: Request, story_id: str) -> HTMLResponse:
    view = views.story_view(_store(request), _state(request), story_id)
    return render(request, "story.html", view=view, title=view.story.title,
                  columns=story_columns(view),
                  chart=timeline_bars(view.timeline, _colours(request), width=420, height=90))


@router.get("/api/stories/{story_id}", summary="One story's comparison (JSON)")
def story_api(request: Request, story_id: str) -> dict[str, Any]:
    return views.story_view(_store(request), _state(request), story_id).to_dict()


# ---------------------------------------------------------------- one article


def article_paragraphs(view: views.ArticleView) -> list[list[Any]]:
    """The article's paragraphs cut at its quotes, techniques and contested terms."""
    marks: dict[int, list[Mark]] = {}
    for q in view.quotes:
        if q.is_speech:
            marks.setdefault(q.paragraph, []).append(
                (q.start, q.end, "quote", f"quote: {q.speaker or 'unknown speaker'}"))
    for t in view.techniques:
        marks.setdefault(t.paragraph, []).append(
            (t.start, t.end, f"tech tech-{t.voice}", f"{t.technique}: {t.reason}"))
    for entry, example in view.terms:
        marks.setdefault(example.paragraph, []).append(
            (example.start, example.end, "term", f"term: {entry.term} ({entry.framing})"))
    return [cut_paragraph(text, marks.get(i, ()))
            for i, text in enumerate(view.article.paragraphs)]


@router.get("/articles/{article_id}", response_class=HTMLResponse, summary="One article")
def article_page(request: Request, article_id: str) -> HTMLResponse:
    view = views.article_view(_store(request), _state(request), article_id)
    return render(request, "article.html", view=view, title=view.article.headline,
                  paragraphs=article_paragraphs(view))


@router.get("/api/articles/{article_id}", summary="One article (JSON)")
def article_api(request: Request, article_id: str) -> dict[str, Any]:
    return views.article_view(_store(request), _state(request), article_id).to_dict()


# ---------------------------------------------------------------- quotes


def quote_query(
    speaker: Text = None, outlet: Text = None, story: Text = None, group: Text = None,
    page: Page = 1, per_page: PerPage = 50,
) -> views.QuoteQuery:
    return views.QuoteQuery(speaker or None, outlet or None, story or None, group or None,
                            page, per_page)


QuoteParams = Annotated[views.QuoteQuery, Depends(quote_query)]


@router.get("/quotes", response_class=HTMLResponse, summary="Quote explorer")
def quotes_page(request: Request, query: QuoteParams) -> HTMLResponse:
    view = views.quotes_view(_store(request), _state(request), query)
    return render(request, "quotes.html", view=view, title="Quotes")


@router.get("/api/quotes", summary="Quotes (JSON)")
def quotes_api(request: Request, query: QuoteParams) -> dict[str, Any]:
    return views.quotes_view(_store(request), _state(request), query).to_dict()


# ---------------------------------------------------------------- actors and outlets


@router.get("/actors/{actor_id}", response_class=HTMLResponse, summary="An actor")
def actor_page(request: Request, actor_id: str, page: Page = 1,
               per_page: PerPage = 25) -> HTMLResponse:
    view = views.actor_view(_store(request), _state(request), actor_id, page=page,
                            per_page=per_page)
    return render(request, "actor.html", view=view, title=view.canonical)


@router.get("/api/actors/{actor_id}", summary="An actor (JSON)")
def actor_api(request: Request, actor_id: str, page: Page = 1,
              per_page: PerPage = 25) -> dict[str, Any]:
    return views.actor_view(_store(request), _state(request), actor_id, page=page,
                            per_page=per_page).to_dict()


@router.get("/outlets/{outlet_id}", response_class=HTMLResponse, summary="An outlet's profile")
def outlet_page(request: Request, outlet_id: str, page: Page = 1,
                per_page: PerPage = 25) -> HTMLResponse:
    view = views.outlet_view(_store(request), _state(request), outlet_id, page=page,
                             per_page=per_page)
    return render(request, "outlet.html", view=view, title=view.outlet)


@router.get("/api/outlets/{outlet_id}", summary="An outlet's profile (JSON)")
def outlet_api(request: Request, outlet_id: str, page: Page = 1,
               per_page: PerPage = 25) -> dict[str, Any]:
    return views.outlet_view(_store(request), _state(request), outlet_id, page=page,
                             per_page=per_page).to_dict()


# ---------------------------------------------------------------- search

Query_ = Annotated[str, Query(max_length=200, description="Plain words, all required.")]


@router.get("/search", response_class=HTMLResponse, summary="Full-text search")
def search_page(request: Request, q: Query_ = "", page: Page = 1,
                per_page: PerPage = 20) -> HTMLResponse:
    view = views.search_view(_store(request), q, page=page, per_page=per_page)
    return render(request, "search.html", view=view, title=f"Search: {q}" if q else "Search")


@router.get("/api/search", summary="Full-text search (JSON)")
def search_api(request: Request, q: Query_ = "", page: Page = 1,
               per_page: PerPage = 20) -> dict[str, Any]:
    return views.search_view(_store(request), q, page=page, per_page=per_page).to_dict()


# ---------------------------------------------------------------- ingest


def _worker(request: Request) -> IngestWorker:
    worker: IngestWorker = request.app.state.worker
    return worker


def _queue_uploads(request: Request, files: list[UploadFile]) -> IngestJob:
    """Check and spool the uploaded files, then queue one job for the writer thread."""
    if len(files) > MAX_FILES:
        raise InputError("upload", f"{len(files)} files: at most {MAX_FILES} per upload")
    max_bytes = request.app.state.settings.ingest.max_bytes
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes * MAX_FILES + 65536:
        raise InputError("upload", f"{int(length):,} bytes: too big")
    worker = _worker(request)
    folder = worker.new_folder()
    names = [display_name(f.filename) for f in files]
    job = IngestJob(uuid.uuid4().hex[:12], names)
    accepted = {}
    for upload, name in zip(files, names, strict=True):
        try:
            accepted[save_upload(upload.file, name, folder, max_bytes)] = name
        except InputError as exc:
            job.rejected.append(str(exc))
    return worker.submit(job, folder, accepted)


Files = Annotated[list[UploadFile], File(description="Pages to ingest (text, HTML, feeds, "
                                                     "WARC, JSON Lines; gzip allowed).")]


@router.get("/ingest", response_class=HTMLResponse, summary="Upload files")
def ingest_page(request: Request) -> HTMLResponse:
    max_mb = request.app.state.settings.ingest.max_bytes / 1_000_000
    return render(request, "ingest.html", jobs=_worker(request).jobs(), title="Ingest",
                  max_mb=max_mb, max_files=MAX_FILES)


@router.post("/ingest", response_class=RedirectResponse, status_code=303,
             summary="Upload files (form)")
def ingest_form(request: Request, files: Files) -> Response:
    job = _queue_uploads(request, files)
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/api/ingest", summary="Upload jobs (JSON)")
def ingest_jobs_api(request: Request) -> dict[str, Any]:
    return {"jobs": [j.to_dict() for j in _worker(request).jobs()]}


@router.post("/api/ingest", status_code=202, summary="Upload files (JSON)")
def ingest_api(request: Request, files: Files) -> dict[str, Any]:
    return _queue_uploads(request, files).to_dict()


def _job(request: Request, job_id: str) -> IngestJob:
    job = _worker(request).get(job_id)
    if job is None:
        raise NotFoundError(f"upload job {job_id!r} does not exist")
    return job


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse, summary="An upload job")
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = _job(request, job_id)
    articles = views.job_articles(_store(request), job.article_ids)
    return render(request, "job.html", job=job, articles=articles, title="Upload")


@router.get("/api/ingest/jobs/{job_id}", summary="An upload job (JSON)")
def job_api(request: Request, job_id: str) -> dict[str, Any]:
    return _job(request, job_id).to_dict()
