"""The web app: ``create_app(store_url, settings, token=...)`` → a FastAPI application.

- Reads go through a pool of store connections, one per worker thread (sqlite3 connections are
  not thread-safe); the one writer is :class:`parallax.web.uploads.IngestWorker`.
- With a token, every request must carry it (``Authorization: Bearer TOKEN``, or ``?token=TOKEN``
  once, which sets a cookie); without it the answer is 401.
- Errors are JSON under ``/api/`` and a plain page elsewhere; never a traceback.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from parallax.config import Settings
from parallax.errors import InputError, NotFoundError, ParallaxError
from parallax.store import Store, open_store
from parallax.web.uploads import IngestWorker
from parallax.web.views import AppState

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_COOKIE = "parallax_token"


class StorePool:
    """One store per thread, opened on first use in that thread."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
        return store


def page_query(params: dict[str, object], page: int) -> str:
    """The query string of another page of a list, keeping the filters that are set."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return urlencode({**kept, "page": page})


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def needs_token(host: str) -> bool:
    """Binding anywhere but the loopback interface exposes the data: a token is required."""
    return host.strip("[]").lower() not in LOOPBACK


def template_environment() -> jinja2.Environment:
    """The web templates, with the report's templates (and its CSS) behind them."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.PackageLoader("parallax", "web/templates"),
            jinja2.PackageLoader("parallax", "report/templates"),
        ]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["page_query"] = page_query
    return env


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON ``{"error": {...}}`` on the API, a plain page in the UI."""
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    env: jinja2.Environment = request.app.state.templates
    html = env.get_template("error.html").render(status=status, message=message, title="Error",
                                                 request_path=request.url.path, colours={})
    return HTMLResponse(html, status_code=status)


def _status_of(exc: ParallaxError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 400
    return 500


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(request, exc.status_code, str(exc.detail))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'path'))}: "
            f"{e.get('msg', 'invalid')}" for e in exc.errors())
        return error_response(request, 422, f"invalid request: {problems}")

    async def parallax_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ParallaxError)
        return error_response(request, _status_of(exc), str(exc))

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path)
        return error_response(request, 500, "internal error (see the server log)")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ParallaxError, parallax_error)
    app.add_exception_handler(Exception, crash)


def _install_token_check(app: FastAPI, token: str) -> None:
    @app.middleware("http")
    async def require_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        header = request.headers.get("authorization", "")
        supplied = header[7:].strip() if header[:7].lower() == "bearer " else None
        from_query = request.query_params.get("token")
        for candidate in (supplied, request.cookies.get(TOKEN_COOKIE), from_query):
            if candidate and secrets.compare_digest(candidate.encode(), token.encode()):
                break
        else:
            response = error_response(request, 401, "a token is required (Authorization: "
                                                    "Bearer TOKEN, or ?token=TOKEN once)")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        response = await call_next(request)
        if from_query and secrets.compare_digest(from_query.encode(), token.encode()):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response


def create_app(
    store_url: str,
    settings: Settings,
    *,
    token: str | None,
    use_encoder: bool = True,
    process_uploads: bool = True,
) -> FastAPI:
    """The web UI and JSON API over one database.

    ``use_encoder=False`` compares stories with TF-IDF instead of the sentence encoder (fast
    tests); ``process_uploads=False`` only ingests uploads (no NLP, no clustering).
    """
    from parallax.web.routes import router

    open_store(store_url).close()  # fail now on a bad URL, and migrate before serving
    state = AppState(settings, use_encoder=use_encoder)
    worker = IngestWorker(store_url, settings, process=process_uploads,
                          on_done=state.invalidate)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        worker.close()

    app = FastAPI(title="parallax", version="0.1.0", lifespan=lifespan,
                  description="How outlets on different sides of a conflict report the same "
                              "story: stories, comparisons, quotes, actors, outlets, search.")
    app.state.pool = StorePool(store_url)
    app.state.views = state
    app.state.worker = worker
    app.state.templates = template_environment()
    app.state.settings = settings
    app.state.token = token
    _install_error_handlers(app)
    if token:
        _install_token_check(app, token)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    return app

