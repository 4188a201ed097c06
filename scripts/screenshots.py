"""Redo the README's pictures from the real tool: docs/img/web-result.png and docs/img/report-page1.png.

web-result.png: one round uploaded to the real page (`huitoukan serve`) in Debian's headless Chromium,
as an office does it. The sample is split (`huitoukan split`) and sent back as six files: 运一 renames
its file, 电气, 除灰 and 化学 send theirs (化学 pasted 电气's 主要做法 for the first criterion, a 雷同
hint), 运二 sends two files that disagree with the same 填表日期 (a conflict, 待核实), 汽机 sends
nothing. 报告日期 2010-09-12, 报回期限 2010-09-19, as in the README's round.

report-page1.png: `huitoukan run workbook/sample.xlsx --date 2010-09-12`, its Word 情况报告 turned into
a PDF by LibreOffice and page 1 into a PNG by pdftoppm (no 公文 fonts here: Noto CJK stands in).

Needs chromium (/usr/bin/chromium), LibreOffice, poppler-utils and fonts-noto-cjk
(`bash scripts/system-packages.sh --tests`) and the test extras (playwright).

Usage: .venv/bin/python scripts/screenshots.py [web] [report] [--out docs/img]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbook" / "sample.xlsx"
NAME = "回头看填报表"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=zh-CN"]
REPORT_DATE, REPLY_BY = "2010-09-12", "2010-09-19"
WIDTH = 1000  # CSS pixels: the README shows it at about this width, so text stays at its own size
MAX_BYTES = 300_000


def tool(*args: str, cwd: Path | None = None) -> None:
    """huitoukan ARGS; exit 1 only says the round has errors, which this one is meant to have."""
    done = subprocess.run([sys.executable, "-m", "xladdin", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode > 1:
        sys.exit(f"huitoukan {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def sent_back(source: Path, target: Path, values: dict[str, object] | None = None, sheet: str = "") -> Path:
    """A branch's reply: its file opened, maybe typed into, and saved (the save drops split's zip comment)."""
    if values:
        wb = load_workbook(source)
        fill_by_names(wb, sheet, values)
        wb.save(target)
        return target
    shutil.copy(source, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.comment = b""
    return target


def returned_files(work: Path) -> list[Path]:
    master = work / f"{NAME}.xlsx"
    shutil.copy(SAMPLE, master)
    tool("split", str(master), "-o", str(work / "下发"))
    own = {short: work / "下发" / f"{short}_{NAME}.xlsx" for short in ("运一", "电气", "化学", "除灰", "运二")}
    back = work / "收件"
    back.mkdir()
    files = [sent_back(own["运一"], back / "我们支部的报表.xlsx")]
    files += [sent_back(own[short], back / own[short].name) for short in ("电气", "除灰", "运二")]
    files.append(sent_back(own["化学"], back / own["化学"].name, {"c1_actions": SAMPLE_VALUES["电气"]["c1_actions"]},
                           "化学"))
    files.append(sent_back(own["运二"], back / "运二-修改.xlsx", {"secretary": "另一位书记"}, "运二"))
    return files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_page(port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "xladdin", "serve", "--port", str(port), "--no-browser"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"huitoukan serve stopped: {server.stderr.read()}")
            time.sleep(0.2)
    server.terminate()
    sys.exit("huitoukan serve did not start within 60 s")


def small_png(image: Image.Image, path: Path) -> None:
    """Save as a 256-colour PNG (text and flat colours survive it) and say how big it came out."""
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {image.width}×{image.height}, "
          f"{size // 1024} KiB")
    if size > MAX_BYTES:
        print(f"  larger than {MAX_BYTES // 1000} kB: crop further", file=sys.stderr)


def web_result(out: Path, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    files = returned_files(work)
    port = free_port()
    server = start_page(port)
    try:
        with sync_playwright() as p:
            env = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}  # Chromium's own widgets in Chinese
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env, headless=True)
            page = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 900}).new_page()
            page.set_default_timeout(180_000)
            page.goto(f"http://127.0.0.1:{port}/")
            page.set_input_files("#office-files", [str(f) for f in files])
            page.fill("#report-date", REPORT_DATE)
            page.fill("#reply-by", REPLY_BY)
            page.click("#office-form button[type=submit]")
            page.wait_for_selector("#matrix")
            # From the top of the page to the end of the 完成情况 card: the round, the dates, 回收情况, the verdicts.
            bottom = page.eval_on_selector("#matrix", "e => e.getBoundingClientRect().bottom + window.scrollY")
            shot = work / "web-full.png"
            page.screenshot(path=str(shot), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    with Image.open(shot) as full:
        small_png(full.crop((0, 0, full.width, min(full.height, int(bottom) + 12))), out / "web-result.png")


def report_page1(out: Path, work: Path) -> None:
    tool("run", str(SAMPLE), "-o", str(work / "输出"), "--date", REPORT_DATE)
    reports = list((work / "输出").glob("*.docx"))
    if len(reports) != 1:
        sys.exit(f"expected one 情况报告 in {work / '输出'}, found {[r.name for r in reports]}")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work), str(reports[0])], capture_output=True, check=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = work / (reports[0].stem + ".pdf")
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(pdf), str(work / "page")],
                   check=True, timeout=180)
    with Image.open(next(work.glob("page*.png"))) as page:
        framed = Image.new("RGB", (page.width + 2, page.height + 2), "#999999")  # a thin edge: paper on a page
        framed.paste(page.convert("RGB"), (1, 1))
        small_png(framed, out / "report-page1.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("which", nargs="*", metavar="web|report", help="which pictures (default: both)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    if set(args.which) - {"web", "report"}:
        parser.error("choose web, report or both")
    args.out.mkdir(parents=True, exist_ok=True)
    for which in args.which or ["web", "report"]:
        with tempfile.TemporaryDirectory(prefix=f"screenshot-{which}-") as tmp:
            {"web": web_result, "report": report_page1}[which](args.out.resolve(), Path(tmp))


if __name__ == "__main__":
    main()
