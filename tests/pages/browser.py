"""Headless Chromium from the system packages (Debian's `chromium` and `chromium-driver`), driven by selenium
through the system chromedriver: no browser is downloaded. `scripts/test` installs both when it can and says
why not when it cannot (RUN_STEPS_BROWSER_SKIP); a test then skips with that reason, never silently."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# What works on a closed network: nothing of the browser's own (updates, sync, QUIC probes) reaches out.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1400")  # fmt: skip


def skip_reason() -> str | None:
    given = os.environ.get("RUN_STEPS_BROWSER_SKIP")
    if given:
        return given
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        return f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver; scripts/test does)"
    return None


def start(profile: Path) -> Any:
    """A headless Chromium with a fresh profile, logging every network request (the performance log)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.get("about:blank")
    return driver


LOCAL = ("file://", "data:")


def requests_made(driver: Any) -> list[str]:
    """Every URL our pages asked for since the last call (Chrome's DevTools Network events whose document is a
    page loaded from disk; the browser's own start page is left out)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent" and str(params.get("documentURL")).startswith(LOCAL):
            urls.append(str(params["request"]["url"]))
    return urls


def foreign_requests(driver: Any) -> list[str]:
    """What the current page asked of anything but the disk: the DevTools log and the page's own resource
    timing entries."""
    found = [u for u in requests_made(driver) if not u.startswith(LOCAL)]
    entries = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return found + [u for u in entries if not u.startswith(LOCAL)]


def open_page(driver: Any, path: Path, fragment: str = "") -> list[str]:
    """Load a page from disk; returns the requests other than file:// (and data:) that loading it made."""
    requests_made(driver)  # drop what came before
    driver.get(path.resolve().as_uri() + fragment)
    return foreign_requests(driver)
