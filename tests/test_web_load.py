"""A bounded load on loopback: 20 concurrent checks of the sample, all correct, nothing left behind."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from conftest import SAMPLE
from openpyxl import load_workbook
from webserver import running, wait_for_result

from xladdin.jobs import check_file
from xladdin.spec import form as spec
from xladdin.spec import labels
from xladdin.web.app import WebConfig

CLIENTS = 20
BOUND_SECONDS = 300  # about 3 s of CPU per check on two workers, on a machine shared with others
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def one_check(server, n: int, tmp_path) -> dict:
    with server.client(headers={"Accept": "application/json"}) as client:
        answer = client.post("/check", files=[("files", (f"第{n}份.xlsx", SAMPLE.read_bytes(), XLSX))],
                             data={"date": "2010-09-12"})
        assert answer.status_code == 202, answer.text
        result = wait_for_result(client, answer.json()["result"], BOUND_SECONDS).json()
        summary = client.get(result["files"][0]["downloads"][1]["url"])
    path = tmp_path / f"summary-{n}.xlsx"
    path.write_bytes(summary.content)
    result["summary_sheets"] = load_workbook(path, read_only=True).sheetnames
    result["n"] = n
    return result


def test_twenty_concurrent_checks(tmp_path):
    _, report = check_file(SAMPLE)
    expected = [[b.branch, *(labels.VERDICT_SYMBOLS[b.verdicts[c.id]] for c in spec.CRITERIA)] for b in report.branches]
    root = tmp_path / "root"
    started = time.monotonic()
    with running(WebConfig(root=root)) as server:
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(one_check, server, n, tmp_path) for n in range(1, CLIENTS + 1)]
            time.sleep(2)
            # The server answers while twenty jobs are queued: the work is in other processes.
            with server.client() as client:
                before = time.monotonic()
                assert client.get("/").status_code == 200
                page_seconds = time.monotonic() - before
            results = [f.result(timeout=BOUND_SECONDS) for f in futures]
        elapsed = time.monotonic() - started
        for result in results:
            assert [[row["branch"], *(c["symbol"] for c in row["cells"])] for row in result["matrix"]] == expected
            assert (result["errors"], result["warnings"]) == (report.errors, report.warnings)
            assert result["files"][0]["name"] == f"第{result['n']}份.xlsx"
            assert result["summary_sheets"] == [spec.SUMMARY_SHEET]
        jobs = [p for p in root.iterdir() if p.is_dir()]
        assert len(jobs) == CLIENTS
        # Uploads are gone once checked; only the outputs wait for download, with no temp files among them.
        assert not any((job / "in").exists() for job in jobs)
        for job in jobs:
            assert sorted(p.name for p in (job / "out").iterdir()) == ["marked-001.xlsx", "report-001.docx", "summary-001.xlsx"]
    assert not root.exists()  # stopping the server removes every result
    print(f"{CLIENTS} checks in {elapsed:.1f} s; the start page answered in {page_seconds:.2f} s under load")
    assert elapsed < BOUND_SECONDS
    assert page_seconds < 2.0
