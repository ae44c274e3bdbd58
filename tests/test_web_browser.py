"""The web UI in a real browser: Playwright for Python driving Debian's chromium against a
uvicorn server started on 127.0.0.1 over a small database built from four demo pages (the
Ostrik story: Kharsk Herald, Varnia Today, Continental Press, The Atlantic Ledger).

Needs ``apt-get install chromium`` and ``pip install playwright`` (never ``playwright install``);
skips with the reason when either is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax import pipeline
from parallax.config import Settings
from parallax.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"
PAGES = ("kharsk-herald-2025-03-07-ostrik.html", "varnia-today-2025-03-07-ostrik.html",
         "cp-2025-03-06-ostrik.txt", "atlantic-ledger-2025-03-07-ostrik.txt")
SCREENSHOT = REPO / "docs" / "screenshot-story.png"
HOSTILE_PAGE = """Meridian

Ostrik council meets in the old <script>alert(1)</script> cinema

OSTRIK (Meridian) - The town council of Ostrik met on Tuesday in the old cinema, where a
banner read <script>alert(1)</script> above the stage, officials said.

Council members voted to reopen the covered market on Saturday.
"""

pytestmark = pytest.mark.slow

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is absent (apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install playwright)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server over the Ostrik story, on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'browser.db'}"
    settings = Settings(db=url)
    store = open_store(url)
    try:
        pipeline.ingest([str(DEMO / name) for name in PAGES], store, settings)
        pipeline.process(store, settings)
        pipeline.cluster(store, settings)
    finally:
        store.close()
    port = _free_port()
    code = ("import sys, uvicorn\n"
            "from parallax.config import Settings\n"
            "from parallax.web.app import create_app\n"
            "url = sys.argv[1]\n"
            "uvicorn.run(create_app(url, Settings(db=url), token=None), host='127.0.0.1', "
            "port=int(sys.argv[2]), log_level='warning')\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen([sys.executable, "-c", code, url, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/stories", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start")
        # The first comparison loads the sentence encoder: warm the cache before the browser
        # clicks (Playwright waits 30 s at most for a navigation).
        for story in httpx.get(base + "/api/stories").json()["stories"]:
            httpx.get(f"{base}/api/stories/{story['id']}", timeout=600).raise_for_status()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 1050})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def _biggest_story(base: str) -> str:
    stories = httpx.get(base + "/api/stories", params={"sort": "size"}).json()["stories"]
    story_id: str = stories[0]["id"]
    return story_id


def test_web_browser_stories_story_article(server: str, page: Any) -> None:
    p: Any = page
    p.goto(server + "/")
    story_id = _biggest_story(server)
    p.click(f'a[href="/stories/{story_id}"]')
    p.wait_for_url(f"**/stories/{story_id}")
    assert p.locator("section.side").count() >= 2
    first_article = p.locator('details.text summary a').first
    headline = first_article.inner_text()
    first_article.click()
    p.wait_for_url("**/articles/*")
    assert p.locator("h1").inner_text() == headline
    p.click("p.crumbs a.story-link, p.crumbs a[href^='/stories/']")
    p.wait_for_url(f"**/stories/{story_id}")


def test_web_browser_filters_and_search(server: str, page: Any) -> None:
    p: Any = page
    p.goto(server + "/")
    p.select_option("select[name=side]", "Kharsk")
    p.click("form.filters button")
    p.wait_for_url("**side=Kharsk**")
    titles = p.locator("a.story-link").all_inner_texts()
    assert titles
    p.fill("form.filters input[name=from]", "2030-01-01")
    p.click("form.filters button")
    p.wait_for_url("**from=2030-01-01**")
    assert p.locator("a.story-link").count() == 0
    assert "match these filters" in p.locator("p.empty").inner_text()
    p.fill("header input[name=q]", "Ostrik")
    p.press("header input[name=q]", "Enter")
    p.wait_for_url("**/search?q=Ostrik")
    assert p.locator("ol.hits li").count() >= 2
    assert p.locator("ol.hits mark").first.inner_text().lower() == "ostrik"


def test_web_browser_layers_toggle_and_screenshot(
    server: str, page: Any, tmp_path: Path, update_golden: bool
) -> None:
    p: Any = page
    p.goto(server + "/stories/" + _biggest_story(server))
    claim = p.locator(".text .claim-shared, .text .claim-wire, .text .claim-unique").first
    on = claim.evaluate("e => getComputedStyle(e).backgroundColor")
    # The README's screenshot is refreshed only on purpose: pytest --update-golden.
    shot = SCREENSHOT if update_golden else tmp_path / "story.png"
    p.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    p.uncheck("input[data-layer=claims]")
    off = claim.evaluate("e => getComputedStyle(e).backgroundColor")
    assert on != off and off == "rgba(0, 0, 0, 0)"
    assert "hide-claims" in p.evaluate("document.body.className")
    p.check("input[data-layer=claims]")
    assert claim.evaluate("e => getComputedStyle(e).backgroundColor") == on


def test_web_browser_upload_appears_and_is_escaped(server: str, page: Any,
                                                   tmp_path: Path) -> None:
    upload = tmp_path / "council.txt"
    upload.write_text(HOSTILE_PAGE, encoding="utf-8")
    p: Any = page
    p.goto(server + "/ingest")
    p.set_input_files("input[type=file]", str(upload))
    p.click("form.upload button")
    p.wait_for_url("**/ingest/jobs/*")
    status = p.locator(".job-status")
    deadline = time.monotonic() + 240
    while status.get_attribute("data-status") not in ("done", "failed"):
        assert time.monotonic() < deadline, "the upload was not processed in time"
        p.wait_for_timeout(1000)
        status = p.locator(".job-status")
    assert status.get_attribute("data-status") == "done"
    p.click("ul.articles a")
    p.wait_for_url("**/articles/*")
    body = p.locator(".text.body").inner_text()
    assert "<script>alert(1)</script>" in body
    assert "<script>" in p.locator("h1").inner_text()
    assert p.dialogs == []
    p.goto(server + "/search?q=council+cinema")
    assert p.locator("ol.hits li").count() == 1
