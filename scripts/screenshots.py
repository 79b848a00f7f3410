"""Render the notebook HTML of the bundled examples and take screenshots with
headless Chromium (by hand: needs ``chromium`` and a CJK font, e.g. Debian's
``fonts-noto-cjk``). Writes ``docs/images/*.png``.

    python scripts/screenshots.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import tempfile

import govdisclosure as gd
from govdisclosure.collection import load_all
from govdisclosure.display import collection_html, report_html

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "valid"
OUT = ROOT / "docs" / "images"


def altered_report() -> gd.AnnualReport:
    """沭阳县 2025 with one cell changed by +5, so that two rules fail (for the picture only)."""
    data = json.loads((EXAMPLES / "shuyang-county-government-2025.json").read_text("utf-8"))
    data["body"]["applications"]["results"]["granted"]["natural_person"] += 5
    data["title"] += "（示例：予以公开·自然人 改动 +5）"
    return gd.structure(data)


def pages() -> dict[str, str]:
    reports = load_all(EXAMPLES, progress=False)
    return {
        "report-gb2021-audit": report_html(altered_report()),
        "report-gb2019-blanks": report_html(gd.load(EXAMPLES / "shanghai-government-office-2019.json")),
        "report-legacy": report_html(gd.load(EXAMPLES / "chenzhou-2015.json")),
        "collection": collection_html(list(reports)),
    }


#: The width a page is laid out at, in CSS pixels: the text column of the docs pages, so that a
#: screenshot shown at page width shows the text at its own size (taken at twice the pixels).
PAGE_WIDTH = 820
SCALE = 2


def shoot(chromium: str, html: str, target: pathlib.Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = pathlib.Path(tmp) / "page.html"
        page.write_text(f'<!doctype html><meta charset="utf-8"><body style="margin:12px">{html}</body>', "utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp}/profile", "--hide-scrollbars", f"--window-size={width},{height}",
             f"--force-device-scale-factor={SCALE}",
             f"--screenshot={target}", page.as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip


def charts() -> None:
    """The charts of the plot extra, saved as PNG."""
    from govdisclosure.plot import outcomes_chart, ratio_chart

    reports = load_all(EXAMPLES, progress=False)
    figures = {
        "chart-outcomes-gb2021": outcomes_chart(gd.load(EXAMPLES / "shuyang-county-government-2025.json")).figure,
        "chart-outcomes-legacy": outcomes_chart(gd.load(EXAMPLES / "chenzhou-2015.json")).figure,
        "chart-ratio-by-agency": ratio_chart(reports, "substantive_disclosure_rate", by="agency").figure,
        "chart-ratio-by-year": ratio_chart(reports, "completion_rate", by="year").figure,
    }
    for name, figure in figures.items():
        figure.savefig(OUT / f"{name}.png", dpi=110)
        print(OUT / f"{name}.png")


def trim(path: pathlib.Path, margin: int = 12) -> None:
    """Crop the white space around a screenshot (Pillow comes with matplotlib)."""
    from PIL import Image, ImageChops

    image = Image.open(path).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, (255, 255, 255))).getbbox()
    if box:
        left, top, right, bottom = box
        image = image.crop((max(left - margin, 0), max(top - margin, 0), min(right + margin, image.width),
                            min(bottom + margin, image.height)))  # fmt: skip
    # 256 colours are plenty for a page (a third of the size); the resolution says the scale,
    # so that a viewer (and the docs test) knows the CSS width: pixels × 96 / dpi
    image.quantize(colors=256, dither=Image.Dither.NONE).save(path, optimize=True, dpi=(96 * SCALE, 96 * SCALE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--html-only", action="store_true", help="write the HTML pages next to the images")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = {"report-gb2021-audit": (PAGE_WIDTH, 2200), "report-gb2019-blanks": (PAGE_WIDTH, 2000),
             "report-legacy": (PAGE_WIDTH, 1800), "collection": (PAGE_WIDTH, 400)}  # fmt: skip
    for name, html in pages().items():
        if args.html_only:
            (OUT / f"{name}.html").write_text(html, "utf-8")
            continue
        width, height = sizes[name]
        shoot(args.chromium, html, OUT / f"{name}.png", width, height)
        trim(OUT / f"{name}.png")
        print(OUT / f"{name}.png")
    charts()


if __name__ == "__main__":
    main()
