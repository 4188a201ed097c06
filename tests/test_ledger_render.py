"""LibreOffice prints the ledger on A4 landscape, readable, with the header row on every page and every glyph drawn."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import remediating_values, valid_values
from lo import pdf_to_pngs, to_pdf
from pdf_glyphs import missing_glyphs

from xladdin.cli import main
from xladdin.spec import form
from xladdin.spec import ledger as spec

BRANCHES = ("运一", "电气", "化学", "除灰", "运二", "汽机", "燃料", "检修", "热工", "综合", "后勤", "保卫")
LONG = "对照一流差什么、立足岗位干什么、学习先进怎么做，组织党员逐一发言并形成整改清单，按月检查落实情况并通报。"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """A ledger of 36 items (twelve branches, three criteria each, long text) rendered by LibreOffice."""
    from lo import soffice

    if soffice() is None:
        pytest.fail("soffice (LibreOffice) is required: run `bash scripts/system-packages.sh --tests`")
    from xladdin.forms.fill import fill_by_names
    from xladdin.forms.template import build_template

    folder = tmp_path_factory.mktemp("render")
    wb = build_template(tuple(form.Branch(s, f"{s}党支部") for s in BRANCHES))
    for n, sheet in enumerate(BRANCHES):
        values = valid_values(sheet)
        for cid in (2, 3, 4):
            remediating_values(values, cid)
            values[form.cname(cid, "remedy")] = LONG if (n + cid) % 2 else "坚持每周半个小时的综合学习。"
            values[form.cname(cid, "deadline")] = date(2010, 9, 1 + n)
        fill_by_names(wb, sheet, values)
    round_path = folder / "回头看填报表.xlsx"
    wb.save(round_path)
    ledger = folder / spec.LEDGER_FILE
    result = CliRunner().invoke(main, ["ledger", str(round_path), "-o", str(ledger), "--date", "2010-09-06"])
    assert result.exit_code == 0, result.output
    return to_pdf(ledger, folder / "pdf")


def page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=120).stdout


def page_sizes(pdf) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def ledger_pages(pdf) -> list[int]:
    """The pages of the ledger sheet (the guide sheet prints after it)."""
    sizes = page_sizes(pdf)
    return [p for p in range(1, len(sizes) + 1) if "台账说明" not in page_text(pdf, p)[:40]]


def test_the_ledger_prints_on_a4_landscape_over_several_pages(pdf):
    pages = ledger_pages(pdf)
    assert len(pages) >= 2
    for p in pages:
        w, h = page_sizes(pdf)[p - 1]
        assert (round(w), round(h)) == (842, 595)  # A4 landscape, in points


def test_every_page_repeats_the_header_row(pdf):
    for p in ledger_pages(pdf):
        text = page_text(pdf, p)
        for header in (spec.ID, spec.SHORTCOMINGS, spec.REMEDY, spec.STATUS, spec.CLOSED_BY, spec.CLOSED_ON, spec.NOTE):
            assert header in text, (p, header)


def test_every_item_is_printed_once_and_no_glyph_is_missing(pdf):
    text = "".join(page_text(pdf, p) for p in ledger_pages(pdf))
    for sheet in BRANCHES:
        for cid in (2, 3, 4):
            assert text.count(f"{sheet}-{cid}-1") == 1, f"{sheet}-{cid}-1"
    assert missing_glyphs(pdf) == []


def test_pages_render_to_images(pdf, tmp_path):
    pngs = pdf_to_pngs(pdf, tmp_path, dpi=50)
    assert len(pngs) == len(page_sizes(pdf))
    assert all(p.stat().st_size > 5_000 for p in pngs)  # drawn pages, not blank ones
