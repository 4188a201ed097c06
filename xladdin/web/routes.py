"""The page's endpoints: the form, the upload, progress, the result and the downloads.

Every answer a person can get is Chinese. A plain form post works without
JavaScript (upload -> 303 -> a result page that refreshes itself until done);
the page's script asks for JSON instead, to show upload and processing progress.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from anyio import to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from xladdin.spec import form as spec
from xladdin.spec import web_text as words
from xladdin.web.downloads import ZIP_NAME, build_zip, content_disposition
from xladdin.web.jobs_adapter import OFFICE, SELF_CHECK
from xladdin.web.outcome import download_name
from xladdin.web.upload import UploadRefused, file_too_big, receive, size_text, too_many_files, total_too_big
from xladdin.web.view import page_view, verdict_css

EXPIRED = "找不到这次的校验结果：链接有误，或结果已过期被删除（结果保留 {hours} 小时）。请回到首页重新上传。"
BUSY = "服务器正忙：同时在处理的校验太多。请稍等一两分钟后再上传。"


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def message(request: Request, text: str, status: int, close: bool = False) -> Response:
    """A user's mistake: one Chinese message, as JSON for the page's script or as a page."""
    headers = {"connection": "close"} if close else None
    if wants_json(request):
        return JSONResponse({"message": text}, status, headers=headers)
    return request.app.state.templates.TemplateResponse(
        request, "message.html", {"text": text, "status": status}, status_code=status, headers=headers)


async def index(request: Request) -> Response:
    limits = request.app.state.config.limits
    return request.app.state.templates.TemplateResponse(request, "index.html", {
        "branches": [b.short for b in spec.DEFAULT_BRANCHES],
        "criteria": spec.CRITERIA,
        "limits": limits,
        "sizes": {"file": size_text(limits.file_bytes), "total": size_text(limits.total_bytes)},
        # The script checks the limits before sending, with the server's own words ({name} filled in there).
        "refusals": {"file": file_too_big("{name}", limits), "total": total_too_big(limits),
                     "count": too_many_files(limits)},
        "today": datetime.now().strftime("%Y-%m-%d"),
        "words": words,
    })


async def check_upload(request: Request) -> Response:
    return await _upload(request, OFFICE)


async def self_check_upload(request: Request) -> Response:
    return await _upload(request, SELF_CHECK)


async def _upload(request: Request, mode: str) -> Response:
    store, config = request.app.state.store, request.app.state.config
    job = store.new_job(mode)
    try:
        length = request.headers.get("content-length")
        upload = await receive(request.stream(), request.headers.get("content-type", ""),
                               int(length) if length and length.isdigit() else None, job.inbox, config.limits)
        if mode == SELF_CHECK and len(upload.files) > 1:
            raise UploadRefused("自查一次只上传一个文件：您自己支部的填报表。请只选择一个文件。", 400)
        report_date = parse_report_date(upload.fields.get("date", ""))
        reply_by = parse_reply_by(upload.fields.get("by", ""), report_date) if mode == OFFICE else None
        if store.busy():
            raise UploadRefused(BUSY, 503)
    except UploadRefused as refused:
        store.discard(job)
        return message(request, str(refused), refused.status, close=not refused.drained)
    except ClientDisconnect:
        store.discard(job)
        return Response(status_code=400)
    except BaseException:
        store.discard(job)
        raise
    job.branch = upload.fields.get("branch", "")
    store.start(job, upload, report_date, reply_by)
    result = result_url(request, job.id, job.branch)
    if wants_json(request):
        progress = str(request.url_for("progress", job_id=job.id).path)
        return JSONResponse({"job": job.id, "files": job.total, "round": job.is_round, "progress": progress,
                             "result": result}, 202)
    return RedirectResponse(result, 303)


def parse_day(text: str, label: str) -> datetime | None:
    """A date field of the form, read as the command line reads --date and --by; empty is None."""
    from xladdin.core.normalize import parse_date

    if not text.strip():
        return None
    day = parse_date(text.strip())
    if day is None:
        raise UploadRefused(words.BAD_DATE.format(label=label, value=text.strip()[:20]), 400)
    return datetime.combine(day, datetime.min.time())


def parse_report_date(text: str) -> datetime | None:
    return parse_day(text, words.REPORT_DATE_LABEL)


def parse_reply_by(text: str, report_date: datetime | None) -> date | None:
    """The 报回期限 written into each feedback file; never before the report date (default today)."""
    from xladdin.core.normalize import chinese_date

    by = parse_day(text, words.REPLY_BY_LABEL)
    if by is None:
        return None
    day = (report_date or datetime.now()).date()
    if by.date() < day:
        raise UploadRefused(words.REPLY_BY_TOO_EARLY.format(by=chinese_date(by.date()), day=chinese_date(day)), 400)
    return by.date()


def result_url(request: Request, job_id: str, branch: str = "") -> str:
    url = request.url_for("result", job_id=job_id).include_query_params(**({"branch": branch} if branch else {}))
    return f"{url.path}?{url.query}" if url.query else url.path


def _job(request: Request):
    job = request.app.state.store.get(request.path_params["job_id"])
    if job is None:
        hours = max(round(request.app.state.config.ttl / 3600), 1)
        return None, message(request, EXPIRED.format(hours=hours), 404)
    return job, None


async def progress(request: Request) -> Response:
    job, missing = _job(request)
    if missing:
        return missing
    state, done, total, stage = job.status()  # one reading: the job may finish while we answer
    return JSONResponse({"state": state, "done": done, "total": total, "stage": stage,
                         "result": result_url(request, job.id, job.branch)})


async def result(request: Request) -> Response:
    job, missing = _job(request)
    if missing:
        return missing
    templates = request.app.state.templates
    state, done, total, stage = job.status()
    if state != "finished":
        if wants_json(request):
            return JSONResponse({"state": state, "done": done, "total": total, "stage": stage}, 202)
        return templates.TemplateResponse(request, "processing.html",
                                          {"job": job, "done": done, "total": total, "stage": stage})
    base = str(request.url_for("result", job_id=job.id).path)
    view = page_view(job, base, request.query_params.get("branch", job.branch))
    if wants_json(request):  # scripts that post the form can read the same result
        return JSONResponse(asdict(view))
    hours = max(round(request.app.state.config.ttl / 3600), 1)
    return templates.TemplateResponse(request, "result.html", {"view": view, "hours": hours, "base": base,
                                                               "dates": used_dates(job), "words": words,
                                                               "offers": bool(offered(job))})


def offered(job) -> set[str]:
    """The branches whose refused older file the page can still take: the round's uploads are kept for it."""
    return job.offers() if job.state == "finished" and job.inbox.is_dir() else set()


async def replace(request: Request) -> Response:
    """以此文件为准重新合并: the same uploads again as a new round that takes the branch's file even when older."""
    job, missing = _job(request)
    if missing:
        return missing
    branch = str((await request.form(max_files=0, max_fields=4)).get("branch", ""))
    if branch not in offered(job):
        return message(request, words.REPLACE_REFUSED.format(name=branch.strip()[:20]), 400)
    if request.app.state.store.busy():
        return message(request, BUSY, 503)
    again = await to_thread.run_sync(request.app.state.store.rerun, job, {branch})
    result = result_url(request, again.id)
    if wants_json(request):
        progress = str(request.url_for("progress", job_id=again.id).path)
        return JSONResponse({"job": again.id, "files": again.total, "round": True, "progress": progress,
                             "result": result}, 202)
    return RedirectResponse(result, 303)


def used_dates(job) -> list[str]:
    """The dates the office's job used, as the result page states them."""
    from xladdin.core.normalize import chinese_date

    if job.report_date is None:
        return []
    lines = [words.USED_REPORT_DATE.format(day=chinese_date(job.report_date))]
    ran = ([job.round.run] if job.round.run is not None else []) if job.round is not None else job.ordered()
    if any(o.feedback for o in ran):  # feedback files were written
        lines.append(words.USED_REPLY_BY.format(by=chinese_date(job.reply_by)) if job.reply_by else words.NO_REPLY_BY)
    elif job.reply_by and len(ran) == 1 and not ran[0].refused:
        # No feedback files, so the 报回期限 given went nowhere: a merged round in which every branch passes,
        # or one workbook that is no merged round.
        unused = words.REPLY_BY_NOT_NEEDED if ran[0].round_master else words.REPLY_BY_UNUSED
        lines.append(unused.format(by=chinese_date(job.reply_by)))
    return lines


async def download(request: Request) -> Response:
    job, missing = _job(request)
    if missing:
        return missing
    outcome = job.outcomes.get(request.path_params["index"])
    kind = request.path_params["kind"]
    if outcome is None or kind not in outcome.outputs:
        return message(request, "没有这个下载文件。请回到结果页重新点击下载链接。", 404)
    name = download_name(outcome.display_name, kind)
    stored = job.outbox / outcome.outputs[kind]
    return FileResponse(stored, media_type=MEDIA_TYPES.get(stored.suffix, XLSX),
                        headers={"content-disposition": content_disposition(name, f"huitoukan-{kind}")})


async def download_all(request: Request) -> Response:
    job, missing = _job(request)
    if missing:
        return missing
    if job.state != "finished" or not any(o.outputs for o in job.outcomes.values()):
        return message(request, "这次校验没有可下载的结果。", 404)
    path = await to_thread.run_sync(build_zip, job)
    return FileResponse(path, media_type="application/zip",
                        headers={"content-disposition": content_disposition(ZIP_NAME, "huitoukan-results")})


async def verdict_stylesheet(request: Request) -> Response:
    return Response(verdict_css(), media_type="text/css")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
MEDIA_TYPES = {".xlsx": XLSX, ".xlsm": XLSM, ".docx": DOCX}

ROUTES = [
    Route("/", index, name="index"),
    Route("/check", check_upload, methods=["POST"], name="check"),
    Route("/self-check", self_check_upload, methods=["POST"], name="self_check"),
    Route("/results/{job_id}", result, name="result"),
    Route("/results/{job_id}/progress", progress, name="progress"),
    Route("/results/{job_id}/replace", replace, methods=["POST"], name="replace"),
    Route("/results/{job_id}/files/{index:int}/{kind}", download, name="download"),
    Route("/verdicts.css", verdict_stylesheet, name="verdict_css"),
    Route("/results/{job_id}/all.zip", download_all, name="download_all"),
]
