"""The query page in a real browser: Debian's Chromium driven by Playwright."""
from __future__ import annotations

import shutil

import pytest

from server_helpers import copy_store, running_server, template_store

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    store = copy_store(template_store(tmp_path_factory), tmp_path_factory.mktemp("browser") / "s")
    with running_server(store, threads=2) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(server.url) else route.abort())
        tab = context.new_page()
        tab.goto(server.url + "/")
        yield tab
        browser.close()


def test_a_canned_query_can_be_picked_and_run(page):
    assert page.title().startswith("conflict-kg")
    page.select_option("#examples", "weapons-used")
    assert "weapons" in page.input_value("#editor").lower()
    assert page.text_content("#description")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() > 0
    assert page.locator("table.results th").first.text_content() == "weapon"
    assert "row" in page.text_content("#status")


def test_iris_in_results_link_to_resource_pages(page):
    page.fill("#editor", "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/conflict-kg/ontology#Strike> } LIMIT 3")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr a")
    assert page.get_attribute("table.results tbody tr a", "href").startswith("/resource/event/")


def test_a_malformed_query_shows_the_error(page):
    page.fill("#editor", "SELECT ?s WHERE { ?s ?p }")
    page.press("#editor", "Control+Enter")  # the keyboard shortcut runs it
    page.wait_for_selector("#error:not([hidden])")
    message = page.text_content("#error")
    assert "400" in message and "malformed query" in message
    assert page.locator("table.results").count() == 0
