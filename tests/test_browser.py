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
        # Filters wait behind "Bộ lọc" on phones (CSS, from first paint) so results come first.
        assert not page.locator("#filters").is_visible()
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


# --- issue 15: each point at phone and desktop width ---------------------------------------------

AXE = Path(__file__).resolve().parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [pytest.param(PHONE, id="360"), pytest.param(DESKTOP, id="1280")]
# The most Tab presses from the search box to the first result (the bound).
MAX_TABS_TO_FIRST_RESULT = 5
# The first result must be on the first screen of a phone (the issue saw it at 1,435 px).
FIRST_RESULT_MAX_TOP = 500
CUMULATIVE_LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def open_page(browser, size: dict, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size(size)
    page.goto(url)
    return page


def is_phone(size: dict) -> bool:
    return size["width"] < 760


@pytest.mark.parametrize("size", WIDTHS)
def test_filter_panel_results_first_and_no_layout_shift(browser, base_url, size):
    page = open_page(browser, size, f"{base_url}/?q=thai+nguyen")
    first = page.locator("ol.results li.hit").first
    assert first.bounding_box()["y"] < FIRST_RESULT_MAX_TOP
    assert page.evaluate(CUMULATIVE_LAYOUT_SHIFT) == 0
    panel = page.locator("#filters")
    unit = panel.locator('a.facet-link[data-facet="unit"]').first
    if is_phone(size):
        toggle = page.locator("a.filter-toggle")
        assert not panel.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert panel.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        box = panel.bounding_box()
        assert box["width"] == size["width"] and box["height"] == size["height"]
        shot(page, "filters-open-360")
        unit.click()
        page.wait_for_url("**unit=**#filters")
        assert panel.is_visible()  # the panel stays open while choosing
        assert toggle.inner_text() == "Bộ lọc (1)"
        done = panel.locator("a.panel-done")
        total = page.locator("#result-status strong").inner_text()
        assert done.inner_text() == f"Xem {total} kết quả"
        done.click()
        assert not panel.is_visible()
        assert page.locator("ol.results li.hit").first.is_visible()
    else:
        assert panel.is_visible() and not page.locator("a.filter-toggle").is_visible()
        # Filters on the left, results on the right, side by side.
        assert panel.bounding_box()["x"] < first.bounding_box()["x"]
        unit.click()
        page.wait_for_url("**unit=**")
        assert page.evaluate("window.scrollY") == 0  # #filters must not scroll a wide page
        assert "is-selected" in panel.locator("a.facet-link").first.get_attribute("class")
    page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_article_back_link_returns_to_the_exact_search(browser, base_url, size):
    search = f"{base_url}/?q=thi+dua&sort=newest&per_page=2&page=2"
    page = open_page(browser, size, search)
    shown = hit_ids(page)
    page.locator("ol.results li.hit h3 a").first.click()
    page.wait_for_url("**/articles/**")
    back = page.locator("p.back a")
    assert "thi dua" in back.inner_text()
    back.click()
    page.wait_for_url(search)
    assert hit_ids(page) == shown
    assert page.locator("#sort").input_value() == "newest"
    page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_sort_by_keyboard_does_not_navigate(browser, base_url, size):
    url = f"{base_url}/?q=thi+dua"
    page = open_page(browser, size, url)
    page.locator("#sort").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.url == url  # no navigation, focus stays
    assert page.evaluate("document.activeElement.id") == "sort"
    assert page.locator("#sort").input_value() == "oldest"
    page.keyboard.press("Tab")  # to "Áp dụng"
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=oldest**")
    page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_few_tab_presses_from_search_box_to_first_result(browser, base_url, size):
    page = open_page(browser, size, f"{base_url}/?q=thai+nguyen")
    first = page.locator("ol.results li.hit h3 a").first.get_attribute("href")
    page.locator("#q").focus()
    presses = 0
    while page.evaluate("document.activeElement.getAttribute('href')") != first:
        assert presses < MAX_TABS_TO_FIRST_RESULT, "first result not reached in 5 Tab presses"
        page.keyboard.press("Tab")
        presses += 1
    page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_suggestions_typed_without_diacritics(browser, base_url, size):
    page = open_page(browser, size, f"{base_url}/")
    box = page.locator("#q")
    box.click()
    page.keyboard.type("thai ng")
    options = page.locator("#q-suggestions [role=option]")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert len(texts) <= 10
    assert texts[0] == "Thái Nguyên"
    assert any(t.startswith("Phòng GD&ĐT TP Thái Nguyên") for t in texts)
    assert box.get_attribute("aria-expanded") == "true"
    shot(page, f"suggest-{size['width']}")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "q-suggestion-0"
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Th%C3%A1i+Nguy%C3%AAn**")
    assert box.input_value() == "Thái Nguyên"
    page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_histogram_bar_filters_by_its_year(browser, base_url, size):
    page = open_page(browser, size, f"{base_url}/")
    if is_phone(size):
        page.locator("a.filter-toggle").click()
    bar = page.locator("a.hist-bar").first
    year = bar.get_attribute("data-year")
    shot(page, f"histogram-{size['width']}")
    bar.click()
    page.wait_for_url(f"**year={year}**")
    assert (
        page.locator(f'a.hist-bar[data-year="{year}"]')
        .get_attribute("class")
        .endswith("is-selected")
    )
    assert all(y == year for y in page.locator("ol.results time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime').slice(0, 4))"
    ))  # fmt: skip
    page.close()


def _page_types(base_url: str, article_id: str) -> list[tuple[str, str]]:
    unit = "/units/Ph%C3%B2ng%20GD%26%C4%90T%20TP%20Th%C3%A1i%20Nguy%C3%AAn"
    return [
        ("search", "/?q=thai+nguyen"),
        ("search-filtered", "/?q=thai+nguyen&year=unknown&unit=B%E1%BB%99+GD%26%C4%90T"),
        ("search-empty", "/?q=zzzqqq"),
        ("home", "/"),
        ("filters-open", "/?q=thai+nguyen#filters"),
        ("article", f"/articles/{article_id}?q=thai+nguyen"),
        ("awards", "/awards"),
        ("unit", unit),
        ("all-units", "/filters/unit?q=thai&find=thai"),
        ("api-docs", "/docs/api"),
        ("not-found", "/no/such/page"),
    ]


@pytest.mark.parametrize("size", WIDTHS)
def test_axe_finds_no_violation_on_any_page_type(browser, base_url, size):
    if not AXE.exists():
        pytest.fail("axe-core missing: run `bash tests/ensure_axe.sh`")
    axe_source = AXE.read_text(encoding="utf-8")
    page = browser.new_page()
    page.set_viewport_size(size)
    page.goto(f"{base_url}/?q=thai+nguyen")
    article_id = hit_ids(page)[0]
    failures = {}
    for name, url in _page_types(base_url, article_id):
        page.goto(base_url + url)
        # Evaluated through the DevTools protocol: our Content-Security-Policy (script-src
        # 'self') rightly refuses an injected <script>, and the pages must keep it.
        page.evaluate("() => {" + axe_source + "\n}")
        report = page.evaluate(
            "async () => { const r = await axe.run(document); return {passes: r.passes.length,"
            " violations: r.violations.map(v => v.id + ': ' +"
            " v.nodes.map(n => n.target.join(' ')).join(', '))}; }"
        )
        assert report["passes"] > 10, f"axe did not run on {name}"
        violations = report["violations"]
        if violations:
            failures[name] = violations
        shot(page, f"{name}-{size['width']}")
    assert failures == {}
    page.close()
