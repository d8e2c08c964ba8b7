"""The ``peacekg viz`` page in a real browser: Debian's headless Chromium, driven by playwright.

The page is opened from a ``file://`` URL. Every test checks that the page loads without
console errors and without a single network request, then looks at what vis-network drew.
Screenshots go to ``out/screenshots/`` (CI keeps that folder).

No browser is ever downloaded: playwright drives ``/usr/bin/chromium`` (``.ci/install-browser``
installs it). Without it the tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_viz import XSS_LABEL, make_store  # tests/ is on sys.path (pytest rootdir/prepend)

from peacekg.graph.store.database import Store
from peacekg.graph.views.html import write_viz
from peacekg.graph.views.view import View

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
XSS_IRI = "https://w3id.org/peacekg/id/state/XSS"


def _require_chromium() -> None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"{CHROMIUM} is missing (run .ci/install-browser: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the module (never downloaded: Debian's binary)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Visit:
    """An open page and what it did while loading."""

    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, no dialog, no network request."""
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        remote = [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]
        assert remote == [], f"network requests: {remote}"


def _visit(browser, html: Path, *, ready: bool = True) -> Visit:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    visit = Visit(page)
    page.on(
        "console",
        lambda m: visit.errors.append(m.text) if m.type in ("error", "assert") else None,
    )
    page.on("pageerror", lambda e: visit.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: visit.requests.append(r.url))

    def on_dialog(dialog) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(html.resolve().as_uri())
    if ready:
        page.wait_for_function("() => window.peacekgReady === true", timeout=120_000)
    return visit


def _shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def _hover_node(page, iri: str) -> None:
    """Move the mouse over a node (its position on the canvas, mapped to the viewport)."""
    x, y = page.evaluate(
        """(id) => {
            const net = window.peacekgNetwork;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('network').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""",
        iri,
    )
    page.mouse.move(x + 1, y + 1)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("browser") / "store")


@pytest.fixture(scope="module")
def default_page(small_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, View]:
    out = tmp_path_factory.mktemp("pages") / "graph.html"
    view = write_viz(Store(small_store), out)
    return out, view


def test_page_loads_offline_and_draws_every_node(browser, default_page) -> None:
    html, view = default_page
    visit = _visit(browser, html)
    page = visit.page
    expected = view.graph.number_of_nodes()
    assert expected == 7
    assert page.evaluate("window.peacekgNodeCount") == expected
    assert page.evaluate("window.peacekgNetwork.body.data.nodes.length") == expected
    assert page.evaluate("window.peacekgEdgeCount") == view.graph.number_of_edges()
    # Physics is frozen once the layout is stable.
    assert page.evaluate("window.peacekgNetwork.physics.options.enabled") is False
    assert page.locator("#legend-nodes li").count() == 2  # State, Priority
    assert page.locator("#chart img").count() == 1
    assert page.evaluate("document.querySelector('#chart img').naturalWidth") > 100
    _shot(page, "viz-default.png")
    visit.assert_clean()
    page.close()


def test_document_text_is_shown_as_text_never_run(browser, default_page) -> None:
    html, _ = default_page
    visit = _visit(browser, html)
    page = visit.page
    _hover_node(page, XSS_IRI)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert XSS_LABEL in text  # the label, verbatim, as text
    assert "</script><script>window.__pwned=2;alert(1)</script>" in text
    assert "<!-- <img src=x onerror=alert(3)> & protection" in text
    assert "evil<b>.html" in text
    assert tooltip.locator("img, script, b").count() == 0
    _shot(page, "viz-tooltip-escaped.png")
    # Click: the details panel shows the same text, as text.
    page.evaluate("(id) => window.peacekgShowDetails('node', id)", XSS_IRI)
    details = page.locator("#details")
    assert XSS_LABEL in details.inner_text()
    assert details.locator("img, script, b").count() == 0
    # Nothing was injected anywhere, and nothing ran.
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src='x'], img[onerror], [onerror]").count() == 0
    assert page.locator("script").count() == 3
    visit.assert_clean()
    page.close()


def test_csp_blocks_scripts_the_page_was_not_written_with(browser, default_page) -> None:
    html, _ = default_page
    visit = _visit(browser, html)
    page = visit.page
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML('beforeend',
                '<img id="probe" src="data:," onerror="window.__csp = 1">');
            const s = document.createElement('script');
            s.textContent = 'window.__csp = 2';
            document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__csp") == "undefined"
    page.close()


def test_focus_view_and_find(browser, small_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    view = write_viz(Store(small_store), out, focus="France", depth=1)
    visit = _visit(browser, out)
    page = visit.page
    assert page.evaluate("window.peacekgNodeCount") == view.graph.number_of_nodes() == 3
    # The focus node is selected and described.
    assert "France" in page.locator("#details").inner_text()
    page.fill("#find-input", "protection")
    page.press("#find-input", "Enter")
    page.wait_for_timeout(600)
    assert page.evaluate("window.peacekgNetwork.getSelectedNodes()") == [
        "https://w3id.org/peacekg/id/priority/protection"
    ]
    _shot(page, "viz-focus-france.png")
    visit.assert_clean()
    page.close()


def test_seeds_page(browser, seeds_store: Path, tmp_path: Path) -> None:
    """The real seeds: the default view and a mission view render cleanly."""
    out = tmp_path / "seeds.html"
    view = write_viz(Store(seeds_store), out)
    visit = _visit(browser, out)
    page = visit.page
    assert page.evaluate("window.peacekgNodeCount") == view.graph.number_of_nodes() > 0
    _shot(page, "viz-seeds.png")
    visit.assert_clean()
    page.close()


def test_large_view_is_capped_and_says_so(browser, tmp_path: Path) -> None:
    """Thousands of nodes: the page keeps the heaviest, says so, and still settles."""
    import networkx as nx

    from peacekg.graph.views.html import render_html
    from peacekg.graph.views.view import View, limit_graph

    g = nx.DiGraph()
    prios = [f"https://w3id.org/peacekg/id/priority/p{i}" for i in range(8)]
    for p in prios:
        g.add_node(p, label=p.rsplit("/", 1)[-1], type="Priority", iri=p)
    for i in range(3500):
        a = f"https://w3id.org/peacekg/id/org/a{i}"
        g.add_node(a, label=f"Actor {i}", type="Organization", iri=a)
        for p in prios[: 1 + i % 3]:
            g.add_edge(a, p, weight=1 + i % 5, support=1 + i % 5, opposition=0, evidence=[])
    for v in g:
        g.nodes[v]["weight"] = g.degree(v, weight="weight")
    limited, message = limit_graph(g, max_nodes=3000)
    assert message and limited.number_of_nodes() <= 3000
    out = tmp_path / "large.html"
    out.write_text(render_html(View(limited, "Large", "Synthetic.", [message])), encoding="utf-8")
    visit = _visit(browser, out)
    page = visit.page
    assert page.evaluate("window.peacekgNodeCount") == limited.number_of_nodes()
    assert "too large to draw whole" in page.locator("header .notice").inner_text()
    _shot(page, "viz-large-capped.png")
    visit.assert_clean()
    page.close()


def test_chromium_is_debians(browser) -> None:
    """Guard: the tests use the system browser, never a downloaded one."""
    assert browser.version
    assert shutil.which("chromium") in (str(CHROMIUM), None) or CHROMIUM.exists()


def test_whole_corpus_view_is_ready_at_once(browser, ungdc_store: Path, tmp_path: Path) -> None:
    """The default view of all General Debate speeches: positions computed in Python, no
    layout running in the page, ready within 2 s of load, readable (40 states)."""
    html = tmp_path / "ungdc.html"
    view = write_viz(Store(ungdc_store), html)
    assert any("Showing the 40 states with the most speeches" in m for m in view.messages)
    visit = _visit(browser, html)
    page = visit.page
    ready_at = page.evaluate("window.peacekgReadyAt")
    assert ready_at < 2000, f"page ready {ready_at:.0f} ms after load"
    assert page.locator("#loading").is_hidden()  # no "Laying out the network… N%"
    assert page.evaluate("window.peacekgNetwork.physics.options.enabled") is False
    visit.assert_clean()
    # the eight A4P areas are apart: no two closer than a fifth of the circle's radius
    areas = page.evaluate(
        """() => {
            const net = window.peacekgNetwork;
            const ids = net.body.data.nodes.get()
                .filter(n => n.ptype === 'Priority').map(n => n.id);
            return Object.values(net.getPositions(ids));
        }"""
    )
    assert len(areas) == 8
    radius = max(abs(p["x"]) for p in areas)
    gaps = [
        ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
        for i, a in enumerate(areas)
        for b in areas[i + 1 :]
    ]
    assert min(gaps) > radius / 5
    shot = _shot(page, "ungdc-default.png")
    shutil.copy(shot, tmp_path / "ungdc-default.png")
    # the filters of the page: one priority, at least 3 speeches per edge
    page.select_option("#f-target", "https://w3id.org/peacekg/id/priority/wps")
    page.fill("#f-min", "3")
    shown = page.locator("#f-shown").inner_text()
    assert shown.startswith("Showing ") and "left out by the filters" in shown
    hidden = page.evaluate(
        "window.peacekgNetwork.body.data.edges.get().filter(e => !e.hidden)"
        ".every(e => e.to.endsWith('/priority/wps') && e.value >= 3)"
    )
    assert hidden is True
    page.close()


def test_year_filter_and_a_speech_counted_once(browser, tmp_path: Path) -> None:
    """The page's from/to years keep the edges of those years (with what they count then);
    a speech published twice counts once on its edge."""
    import json

    from conftest import run_cli
    from test_repeats import CORPUS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    ghana = ("Statement by Ghana\n\nGhana strongly supports the protection of civilians by "
             "peacekeeping operations.\n", {"speaker": "GHA", "date": "2019-06-03"})  # fmt: skip
    for name, (text, meta) in {**CORPUS, "ghana-2019.txt": ghana}.items():
        (corpus / name).write_text(text, encoding="utf-8")
        (corpus / name.replace(".txt", ".meta.json")).write_text(json.dumps(meta))
    store, html = tmp_path / "store", tmp_path / "years.html"
    run_cli("build", corpus, "--store", store, "-j", "1", check=True)
    run_cli("viz", "--store", store, "--min-confidence", "0", "--no-chart", "-o", html,
            check=True)  # fmt: skip
    visit = _visit(browser, html)
    page = visit.page
    nor, gha = "https://w3id.org/peacekg/id/state/NOR", "https://w3id.org/peacekg/id/state/GHA"
    wps = "https://w3id.org/peacekg/id/priority/wps"
    edge = page.evaluate(
        "([a, t]) => window.peacekgNetwork.body.data.edges.get()"
        ".filter(e => e.from === a && e.to === t)[0]",
        [nor, wps],
    )
    assert edge["value"] == 2 and "in 2 document(s)" in edge["tip"]["meta"]  # not 3
    assert page.get_attribute("#f-from", "min") == "2019"
    assert page.get_attribute("#f-to", "max") == "2022"

    def shown() -> list[tuple[str, str]]:
        return [tuple(x) for x in page.evaluate(
            "window.peacekgNetwork.body.data.edges.get().filter(e => !e.hidden)"
            ".map(e => [e.from, e.to])")]  # fmt: skip

    everything = shown()
    assert {a for a, _ in everything} == {nor, gha}
    page.fill("#f-from", "2022")
    page.fill("#f-to", "2022")
    assert {a for a, _ in shown()} == {nor} and (nor, wps) in shown()
    assert "left out by the filters" in page.locator("#f-shown").inner_text()
    page.fill("#f-from", "2019")
    page.fill("#f-to", "2019")
    assert {a for a, _ in shown()} == {gha}
    page.fill("#f-from", "")
    page.fill("#f-to", "")
    assert sorted(shown()) == sorted(everything)
    _shot(page, "year-filter.png")
    visit.assert_clean()
    page.close()
