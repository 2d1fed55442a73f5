"""The real UI in headless Debian Chromium, driven by Playwright (issue 4's browser must-hold).

The app runs under werkzeug's server in a thread on 127.0.0.1 (free port). Chromium is Debian's
(/usr/bin/chromium, installed by tests/ensure_chromium.sh): nothing downloads a browser build.
Screenshots at 1280 and 360 px go to tests/artifacts/ (gitignored) for people to look at.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.webapp import make_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a loaded 2-core machine; Playwright's waits return as soon as the state is reached.
TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 760}


@pytest.fixture(scope="module")
def base_url(built_index, tmp_path_factory) -> Iterator[str]:
    app = make_app(built_index, tmp_path_factory.mktemp("browser"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium missing: run `bash tests/ensure_chromium.sh`")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=DESKTOP,
            locale="vi-VN",
        )
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def hit_ids(page) -> list[str]:
    return page.locator("ol.results > li.hit").evaluate_all("els => els.map(e => e.dataset.id)")


def test_search_facets_paging_history_article(browser, base_url):
    page = browser.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/?per_page=2")
    page.get_by_label("Tìm bài viết").fill("thai nguyen")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=thai+nguyen**")
    assert "per_page=2" in page.url  # the form carried the page size
    marks = page.locator("ol.results mark").all_inner_texts()
    assert "Thái Nguyên" in marks
    assert "Tìm thấy" in page.locator("#result-status").inner_text()
    shot(page, "search-1280")

    # Toggle the biggest unit on; then a year on and off again.
    unit = page.locator('a.facet-link[data-facet="unit"]').first
    unit_value = unit.get_attribute("data-value")
    unit.click()
    page.wait_for_url("**unit=**")
    selected_unit = page.locator(f'a.facet-link[data-facet="unit"][data-value="{unit_value}"]')
    assert "is-selected" in selected_unit.get_attribute("class")
    year = page.locator('a.facet-link[data-facet="year"]').first
    year_value = year.get_attribute("data-value")
    year.click()
    page.wait_for_url("**year=**")
    chosen_year = page.locator(f'a.facet-link[data-facet="year"][data-value="{year_value}"]')
    assert "is-selected" in chosen_year.get_attribute("class")
    shot(page, "facets-1280")
    chosen_year.click()
    page.wait_for_url(lambda url: "year=" not in url)

    # Page forward, then back through the browser's history.
    first_page = hit_ids(page)
    first_url = page.url
    page.locator('nav.pagination a[rel="next"]').click()
    page.wait_for_url("**page=2**")
    second_page = hit_ids(page)
    assert second_page and not set(second_page) & set(first_page)
    page.go_back()
    page.wait_for_url(first_url)
    assert hit_ids(page) == first_page

    # Open an article.
    title = page.locator("ol.results li.hit h3 a").first
    title_text = title.inner_text()
    title.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("article h1").inner_text() == title_text
    shot(page, "article-1280")
    page.close()


def test_phone_width_has_no_horizontal_scroll(browser, base_url):
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    for name, url in [("search-360", "/?q=thai+nguyen&per_page=3"), ("home-360", "/")]:
        page.goto(base_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: page is {width}px wide"
        # Filters fold away on phones (progressive enhancement) so results come first.
        assert page.locator("details.filters").get_attribute("open") is None
        shot(page, name)
    page.locator("ol.results li.hit h3 a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "article-360")
    page.close()


def test_keyboard_skip_link_reaches_main(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "/?q=thi+dua")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_unit_awards_timeline_from_the_overview(browser, base_url):
    """Issue 5: from the awards overview to one unit's timeline, at phone width."""
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/awards")
    page.get_by_label("Loại khen thưởng").select_option("huan_chuong_lao_dong")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**type=huan_chuong_lao_dong**")
    shot(page, "awards-360")
    page.locator("a.recipient-link", has_text="Phòng GD&ĐT TP Thái Nguyên").click()
    page.wait_for_url("**/units/**")
    assert page.locator("h1").inner_text() == "Phòng GD&ĐT TP Thái Nguyên"
    periods = page.locator("li.timeline-step").evaluate_all("els => els.map(e => e.dataset.period)")
    assert periods[:2] == ["1997", "2003"]
    assert "Huân chương Lao động hạng Ba" in page.locator("li.timeline-step mark").all_inner_texts()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"unit page is {width}px wide"
    shot(page, "unit-timeline-360")
    page.set_viewport_size(DESKTOP)
    shot(page, "unit-timeline-1280")
    page.close()
