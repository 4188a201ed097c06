"""LibreOffice and poppler helpers for render tests: xlsx -> PDF -> text / PNG."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(path: Path, outdir: Path, target: str) -> subprocess.CompletedProcess:
    """soffice --convert-to target, with a private profile so parallel runs do not clash."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("soffice (LibreOffice) not found")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        return subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
             "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def to_pdf(path: Path, outdir: Path) -> Path:
    """Convert a workbook (or document) to PDF."""
    proc = _convert(path, outdir, "pdf")
    pdf = outdir / (Path(path).stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice made no PDF (rc={proc.returncode}): {proc.stdout}\n{proc.stderr}")
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          timeout=TIMEOUT, check=True).stdout


def pdf_to_pngs(pdf: Path, outdir: Path, dpi: int = 60) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(outdir / "page")], capture_output=True,
                   timeout=TIMEOUT, check=True)
    return sorted(outdir.glob("page-*.png"))


def resave_xlsx(path: Path, outdir: Path) -> Path:
    """Open and save a workbook in LibreOffice Calc as .xlsx (what an office without Excel does); returns the copy."""
    _convert(path, outdir, "xlsx:Calc MS Excel 2007 XML")
    out = outdir / Path(path).name
    if not out.is_file():
        raise RuntimeError(f"LibreOffice did not save {path}")
    return out
