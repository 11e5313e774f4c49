"""Remake the pictures of the page at / of ``kkpham serve`` (the guides' "The page" sections).

Run from the repository root, in the project's environment::

    python docs/page_screenshots.py

It starts ``kkpham serve`` on a free loopback port and does in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright) what the guides
describe: score the example region (``examples/kota-contoh-2022.json``), and
run the variant ``bound-80`` (Peduli HAM from 80) over a synthetic cohort of
514 regions (seed 1). The pictures go to ``docs/_static/``:

* ``what-if-page.png`` and ``what-if-results.png``: the what-if part, its
  controls and the variant's YAML, then the results (English, for the policy
  analysts' guide);
* ``halaman-simulasi-hasil.png``: the results in Indonesian (the regional
  staff's guide);
* ``halaman-rapor.png``: the scorecard of the example region, in Indonesian.

Pillow trims and scales them as ``docs/screenshots.py`` does (with more
colours: the charts' orange must stay orange). None of these
tools is needed to build the documentation: the pictures are committed. Look
at every picture after remaking it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from screenshots import CHROMIUM_FLAGS, ROOT, STATIC, save, trim  # the guide's helpers

CHROMIUM = "/usr/bin/chromium"
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"


@contextmanager
def serving() -> Iterator[str]:
    """Run ``kkpham serve`` on a free loopback port; yield its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kkpham_rules", "serve", "--port", str(port)]
    # a fixed command of this script's own making: no untrusted input
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{address}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("kkpham serve did not start") from None
                time.sleep(0.1)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


def open_page(browser: Any, address: str, lang: str) -> Any:
    """A fresh tab at 1280 pixels wide, on the page in ``lang``."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{address}/?lang={lang}")
    page.wait_for_selector("body[data-ready=yes]")
    return page


def picture(page: Any, selectors: list[str], out: Path) -> None:
    """Photograph the region from the first selector's top to the last one's bottom."""
    boxes = [page.locator(selector).first.bounding_box() for selector in selectors]
    scrolled = page.evaluate("() => window.scrollY")  # boxes are in the window, not the page
    top = min(box["y"] for box in boxes) + scrolled - 8
    bottom = max(box["y"] + box["height"] for box in boxes) + scrolled + 8
    shot = out.with_suffix(".full.png")
    page.screenshot(path=str(shot), full_page=True)
    image = Image.open(shot)
    image = image.crop((0, max(int(top), 0), image.width, min(int(bottom), image.height)))
    shot.unlink()
    save(trim(image), out, colors=128)  # the page's colours need more than the guide's


def what_if(browser: Any, address: str, lang: str, controls: Path | None, results: Path) -> None:
    """Run bound-80 over 514 synthetic regions; photograph the controls, then the results."""
    page = open_page(browser, address, lang)
    page.click("#tab-whatif")
    page.fill("#variant-id", "bound-80")
    page.fill("#variant-title", "Peduli HAM from 80")
    page.fill("#bound-peduli-ham", "80")
    page.fill("#synthetic-regions", "514")
    page.fill("#synthetic-seed", "1")
    page.click("#run-button")
    page.wait_for_selector("#simulation:not([hidden])", timeout=60000)
    if controls is not None:
        picture(page, ["#whatif h2", "#run-button"], controls)
    picture(page, ["#simulation-heading", "#distribution-chart"], results)
    page.close()


def scorecard(browser: Any, address: str, out: Path) -> None:
    """Score the example region from its file and photograph the scorecard's top."""
    page = open_page(browser, address, "id")
    page.set_input_files("#upload-file", str(EXAMPLE))
    page.click("#upload-button")
    page.wait_for_selector("#scorecard:not([hidden])")
    picture(page, ["#scorecard-heading", "#rights-chart"], out)
    page.close()


def main() -> None:
    """Remake the page's pictures."""
    from playwright.sync_api import sync_playwright

    STATIC.mkdir(exist_ok=True)
    with serving() as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        what_if(browser, address, "en", STATIC / "what-if-page.png", STATIC / "what-if-results.png")
        what_if(
            browser,
            address,
            "id",
            None,
            STATIC / "halaman-simulasi-hasil.png",
        )
        scorecard(browser, address, STATIC / "halaman-rapor.png")
        browser.close()


if __name__ == "__main__":
    main()
