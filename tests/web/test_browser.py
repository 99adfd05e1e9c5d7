"""Browser tests: Playwright drives Debian's Chromium against a live ``pactlab serve``.

One scenario of use, in order: open the catalog, log in, run vilnius-2023, see the option table and a
chart, follow the permalink in a new page and see the same state, compare options side by side, filter
the ledger and download the CSV, upload a broken scenario and see the located errors, paste an article
and see its digest. Every page is saved as a screenshot in ``tests/web/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Live

pytestmark = pytest.mark.browser

BROKEN = """metadata:
  id: broken-case
  title: A broken scenario
actors:
  - id: aaa
    name: Alpha
  - id: aaa
    name: Alpha again
issues:
  - id: x
    title: An issue
    status_quo: 150
    positions:
      - {actor: zzz, position: 20, salience: 1.5, rationale: typed by hand}
"""


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def _login(page: Any, live: Live, target: str) -> None:
    page.goto(f"{live.url}/login?next={target}")
    page.fill("input[name=token]", live.token)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{live.url}{target}")


@pytest.fixture(scope="module")
def run_url(live: Live, browser_context: Any, artifacts: Path) -> str:
    """Catalog, then log in and run vilnius-2023 (analyze, 2,000 draws) from its scenario page."""
    page = browser_context.new_page()
    page.goto(live.url + "/")
    assert page.locator("#catalog").get_by_text("vilnius-2023", exact=True).is_visible()
    _shot(page, artifacts, "01-catalog")
    _login(page, live, "/scenarios/vilnius-2023")
    assert page.locator("#actors").get_by_text("Hungary").count() >= 1
    assert page.locator(".badge.estimate").count() > 0, "analyst estimates are marked"
    _shot(page, artifacts, "02-scenario")
    page.fill("#run-form input[name=draws]", "2000")
    page.click("#run-button")
    page.wait_for_url(re.compile(r".*/runs/[0-9a-f]{16}$"))
    page.wait_for_selector("#options-table", timeout=600_000)
    url: str = page.url
    page.close()
    return url


def test_run_page_shows_options_and_charts(run_url: str, browser_context: Any, artifacts: Path) -> None:
    page = browser_context.new_page()
    page.goto(run_url)
    table = page.locator("#options-table")
    assert table.get_by_text("No guarantee (baseline)").count() == 1
    assert "[" in table.inner_text(), "P(deter) is shown with its interval"
    page.wait_for_selector("#chart-risk.chart-ready svg", timeout=60_000)
    page.wait_for_selector("#chart-forecasts.chart-ready svg", timeout=60_000)
    assert page.locator("#chart-gantt").count() == 1
    assert page.locator("#issues-table").get_by_text("hun").count() >= 1, "veto players are listed"
    run_id = run_url.rsplit("/", 1)[1]
    assert page.inner_text("#run-id") == run_id
    assert page.inner_text("#as-of") == "2023-07-10"
    assert page.locator("#about").get_by_text("Achen (2006)").count() >= 1
    _shot(page, artifacts, "03-run")
    page.close()


def test_permalink_opens_the_same_state(run_url: str, browser_context: Any, artifacts: Path) -> None:
    page = browser_context.new_page()
    page.goto(run_url)
    boxes = page.locator("#compare-form input[name=ids]")
    boxes.nth(0).check()
    boxes.nth(boxes.count() - 1).check()
    page.click("#compare-form button[type=submit]")
    page.wait_for_selector("#side-by-side")
    permalink = page.get_attribute("#permalink", "href")
    assert permalink is not None
    assert "ids=" in permalink
    headers = page.locator("#side-by-side tr").first.inner_text()
    numbers = page.locator("#side-by-side").inner_text()
    other = browser_context.new_page()
    other.goto(run_url.split("/runs/")[0] + permalink)
    assert other.locator("#side-by-side tr").first.inner_text() == headers
    assert other.locator("#side-by-side").inner_text() == numbers
    assert other.inner_text("#run-id") == run_url.rsplit("/", 1)[1]
    other.wait_for_selector("#chart-risk.chart-ready svg", timeout=60_000)
    _shot(other, artifacts, "04-options-permalink")
    page.close()
    other.close()


def test_ledger_filter_and_csv(live: Live, browser_context: Any, artifacts: Path) -> None:
    page = browser_context.new_page()
    page.goto(f"{live.url}/ledger")
    page.select_option("#f-guarantor", "deu")
    page.fill("#f-start", "2022-01-01")
    page.fill("#f-end", "2023-07-10")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*guarantor=deu.*"))
    assert "start=2022-01-01" in page.url, "the filters are in the URL"
    assert "end=2023-07-10" in page.url
    total = int(page.locator("#ledger-totals strong").first.inner_text().replace(",", ""))
    assert total > 0
    cells = page.locator("#ledger-table tr td:nth-child(3)").all_inner_texts()
    assert cells
    assert set(cells) == {"Germany"}
    page.wait_for_selector("#chart-ledger.chart-ready svg", timeout=60_000)
    _shot(page, artifacts, "05-ledger")
    with page.expect_download() as download:
        page.click("#csv-link")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == total
    assert {r["guarantor"] for r in rows} == {"deu"}
    assert {r["guarantor_name"] for r in rows} == {"Germany"}, "labels, not only codes"
    assert all("2022-01-01" <= r["date"] <= "2023-07-10" for r in rows)
    page.close()


def test_broken_upload_shows_located_errors(
    live: Live, browser_context: Any, artifacts: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    page = browser_context.new_page()
    page.goto(f"{live.url}/")
    if page.locator("#upload-form").count() == 0:
        _login(page, live, "/")
    page.set_input_files("#upload-form input[type=file]", str(broken))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#errors")
    lines = page.locator("#errors li").all_inner_texts()
    assert lines, "errors are listed"
    assert all(line.startswith("broken.yaml:") for line in lines)
    assert any(re.match(r"broken\.yaml:\d+:", line) for line in lines), "errors carry their line"
    assert page.locator("#catalog").get_by_text("broken-case").count() == 0, "nothing was stored"
    _shot(page, artifacts, "06-upload-errors")
    page.close()


def test_pasted_article_is_digested(
    live: Live, browser_context: Any, artifacts: Path, shared_docs: Path
) -> None:
    article = (shared_docs / "source-article.txt").read_text(encoding="utf-8")
    page = browser_context.new_page()
    page.goto(f"{live.url}/digest")
    if page.locator("#digest-form").count() == 0:
        _login(page, live, "/digest")
    page.fill("#article", article)
    page.click("#digest-button")
    page.wait_for_url(re.compile(r".*/digest/[0-9a-f]{16}$"))
    assert page.locator("#summary li").count() == 5
    actors = page.locator("#digest-actors").inner_text()
    assert "Ukraine" in actors
    assert "NATO" in actors
    assert page.locator("#digest-instruments q").count() > 0, "instruments come with their evidence"
    _shot(page, artifacts, "07-digest")
    page.close()
