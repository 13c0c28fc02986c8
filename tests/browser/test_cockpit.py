"""The cockpit in Debian's chromium: the leader logs in on demo data, every chart draws (a
canvas, no console error), screenshots are saved, and the numbers shown are the selectors'."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone

from ducha.cockpit import indicators as ind
from ducha.cockpit import selectors as sel
from ducha.cockpit.filters import CockpitFilters, filters_from_query
from ducha.cockpit.ranking import unit_ranking
from ducha.demo.generator import DEMO_PASSWORD, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALL = CockpitFilters()


@pytest.fixture
def demo(transactional_db: None) -> Iterator[None]:
    cache.clear()
    build_demo(today=timezone.localdate(), scale=1)
    yield
    cache.clear()


@pytest.fixture
def leader_page(demo, live_server, browser) -> Iterator[tuple[object, list[str], str]]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "lingdao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    yield page, errors, live_server.url
    context.close()


def _charts_drawn(page, selector: str) -> int:
    page.wait_for_selector(f"{selector} canvas", timeout=15000)
    return page.locator(f"{selector} canvas").count()


def _chart_total(page, testid: str) -> int:
    return page.evaluate(
        """id => { const el = document.querySelector(`[data-testid=${id}]`);
                   const chart = echarts.getInstanceByDom(el);
                   return chart.getOption().series.reduce(
                       (n, s) => n + s.data.reduce((m, v) => m + (v || 0), 0), 0); }""",
        testid)


def test_leader_sees_every_cockpit_chart_with_the_selectors_numbers(leader_page,
                                                                     screenshot_dir):
    page, errors, url = leader_page
    period = sel.period_resolve(filters=ALL, today=timezone.localdate())
    assert period is not None

    page.goto(url + "/cockpit/")
    assert _charts_drawn(page, "[data-testid=chart-chapter]") >= 1
    assert _charts_drawn(page, "[data-testid=chart-source]") >= 1
    counts = sel.status_distribution(period=period)
    for code, n in counts.items():
        assert page.inner_text(f"[data-testid=count-{code}]") == str(n)
    assert page.inner_text("[data-testid=total]") == str(sum(counts.values()))
    assert _chart_total(page, "chart-chapter") == sum(counts.values())
    assert _chart_total(page, "chart-source") == sum(counts.values())
    forecasts = sel.forecast_overview(period=period, previous=sel.period_previous(period=period))
    assert forecasts  # the demo's units forecast their indicators
    shown_rows = page.locator("[data-testid=forecast-accuracy] tbody tr")
    assert shown_rows.count() == len(forecasts)
    for row in forecasts[:5]:
        cells = page.locator(f"[data-testid=forecast-accuracy] tr[data-unit='{row.unit_id}'] td")
        assert cells.all_inner_texts() == [row.unit, str(row.count), str(row.within),
                                           row.share_text, row.mape_text, str(row.unchecked)]
    page.screenshot(path=str(screenshot_dir / "cockpit-overview.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".cockpit-filters").is_hidden()
    page.screenshot(path=str(screenshot_dir / "cockpit-overview-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(url + "/cockpit/ranking/")
    ranking = unit_ranking(period=period, filters=ALL, today=timezone.localdate())
    shown = page.locator("[data-testid=ranking-table] tbody tr").count()
    assert shown == len(ranking)
    first = page.locator("[data-testid=ranking-table] tbody tr").first
    assert first.get_attribute("data-unit") == str(ranking[0].unit_id)
    assert first.locator("[data-testid=score]").inner_text() == f"{ranking[0].score:.1f}"
    page.screenshot(path=str(screenshot_dir / "cockpit-ranking.png"), full_page=True)

    page.goto(url + "/cockpit/indicators/")
    board = ind.indicator_board(period=period, filters=ALL)
    assert _charts_drawn(page, "[data-testid=trend]") >= 1
    assert page.locator("[data-testid=trend] canvas").count() == len(board.rows)
    for line in board.rows[:5]:
        row = page.locator(f"tr[data-indicator='{line.indicator_id}']")
        assert row.locator("[data-testid=actual]").inner_text() == (line.actual or "—")
    page.screenshot(path=str(screenshot_dir / "cockpit-indicators.png"), full_page=True)

    page.goto(url + "/cockpit/tasks/")
    total = sel.task_board(period=period, filters=ALL).total
    assert page.inner_text("[data-testid=board-total]") == f"共 {total} 项"
    page.screenshot(path=str(screenshot_dir / "cockpit-tasks.png"), full_page=True)

    page.goto(url + "/cockpit/recurring/")
    recurring = sel.recurring_laggards(period=period, filters=ALL)
    assert f"共 {recurring.total} 项" in page.inner_text("[data-testid=recurring-total]")
    if recurring.total:
        assert _charts_drawn(page, "[data-testid=chart-causes]") >= 1
    page.screenshot(path=str(screenshot_dir / "cockpit-recurring.png"), full_page=True)

    page.goto(url + "/cockpit/search/?q=老旧小区")
    assert "条" in page.inner_text("[data-testid=search-summary]")
    page.screenshot(path=str(screenshot_dir / "cockpit-search.png"), full_page=True)

    assert errors == []


def test_filters_change_the_view_through_htmx_and_the_url(leader_page, screenshot_dir):
    page, errors, url = leader_page
    page.goto(url + "/cockpit/tasks/")
    unit_value = page.locator("select[name=unit] option").nth(1).get_attribute("value")
    page.select_option("select[name=unit]", unit_value)
    page.wait_for_url(f"**unit={unit_value}**")
    page.wait_for_selector("[data-testid=task-board]")
    expected = sel.task_board(period=sel.period_resolve(filters=ALL, today=timezone.localdate()),
                              filters=CockpitFilters(unit=int(unit_value))).total
    assert page.inner_text("[data-testid=board-total]") == f"共 {expected} 项"
    page.goto(url + "/cockpit/")
    page.wait_for_selector("[data-testid=chart-chapter] canvas")
    # click the middle of the first non-empty segment of the top bar: it opens the task board
    # filtered by that chapter and status
    x, y, code = page.evaluate("""() => {
        const el = document.querySelector('[data-testid=chart-chapter]');
        el.scrollIntoView({block: "center"});
        const chart = echarts.getInstanceByDom(el);
        const data = JSON.parse(document.getElementById('chart-chapter').textContent);
        const n = data.categories.length;
        for (let c = 0; c < n; c++) {
            if (!data.keys[c]) { continue; }
            const row = n - 1 - c;  // the chart draws the first category at the top
            let before = 0;
            for (let i = 0; i < data.series.length; i++) {
                const v = data.series[i].data[c];
                if (v > 0) {
                    const [px, py] = chart.convertToPixel({seriesIndex: i},
                                                          [before + v / 2, row]);
                    const box = el.getBoundingClientRect();
                    return [box.left + px, box.top + py, data.series[i].code];
                }
                before += v;
            }
        }
        return [0, 0, ''];
    }""")
    assert code
    page.mouse.click(x, y)
    page.wait_for_url(f"**/cockpit/tasks/?**status={code}**")
    page.wait_for_selector("[data-testid=task-board]")
    assert "chapter=" in page.url
    chosen = filters_from_query({k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()})
    period = sel.period_resolve(filters=chosen, today=timezone.localdate())
    expected = sel.task_board(period=period, filters=chosen).total
    assert expected > 0
    assert page.inner_text("[data-testid=board-total]") == f"共 {expected} 项"
    page.screenshot(path=str(screenshot_dir / "cockpit-after-click.png"), full_page=True)
    assert errors == []
