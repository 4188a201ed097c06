"""The committed workbooks print: LibreOffice makes a PDF with every branch and every criterion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lo import pdf_text, pdf_to_pngs, to_pdf

from xladdin.spec import form
from xladdin.spec.labels import VERDICT_LABELS

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = [ROOT / "workbook" / "template.xlsx", ROOT / "workbook" / "sample.xlsx"]


pytestmark = pytest.mark.usefixtures("soffice_required")


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_workbook_renders_to_pdf(path, tmp_path):
    pdf = to_pdf(path, tmp_path)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    for b in form.DEFAULT_BRANCHES:
        assert form.sheet_title(b.full) in text, b.full
    for c in form.CRITERIA:
        assert c.title in text, c.title
    pages = pdf_to_pngs(pdf, tmp_path / "png", dpi=60)
    # Instructions, settings and a multi-page form per branch.
    assert len(pages) >= 2 + len(form.DEFAULT_BRANCHES) * 2
    assert all(p.stat().st_size > 1000 for p in pages)


def test_sample_pdf_shows_typed_content(tmp_path):
    text = re.sub(r"\s+", "", pdf_text(to_pdf(WORKBOOKS[1], tmp_path)))
    for needle in ("王梅保", "方伟", "2010年8月10日", "2010-08-25", "第1页"):
        assert needle in text, needle


def test_marked_copy_renders_with_verdicts_and_issue_list(tmp_path):
    from xladdin.jobs import check_file, mark_file

    data, report = check_file(WORKBOOKS[1])
    marked = mark_file(WORKBOOKS[1], tmp_path / "标记.xlsx", data, report)
    text = re.sub(r"\s+", "", pdf_text(to_pdf(marked, tmp_path)))
    for f in report.findings:
        assert f.detail.replace(" ", "")[:30] in text, f.code
    for b in form.DEFAULT_BRANCHES:
        assert form.sheet_title(b.full) in text
    for verdict in form.VERDICTS:  # the sample's branches all reported: every judged verdict shows
        assert VERDICT_LABELS[verdict] in text
