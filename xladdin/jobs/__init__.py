"""The one orchestration: what each job does, and in which order, for the command line, Excel and the web page."""

from xladdin.jobs.files import (
    Checked,
    Progress,
    check_file,
    default_org_notes,
    file_summary_parts,
    ledger_beside,
    ledger_view,
    make_sample,
    make_template,
    mark_copy,
    mark_file,
    mark_in_place,
    outward_notes,
    plan_for,
    report_date_notes,
    report_file,
    summarize_file,
    summary_parts,
)
from xladdin.jobs.round import (
    FEEDBACK_FOLDER,
    MERGED_NAME,
    RoundResult,
    collect_files,
    feedback_files,
    ledger_file,
    refuse_past_deadline,
    run_round,
    split_file,
)
from xladdin.jobs.running import FileRun, RunResult, RunTarget, run

__all__ = [
    "FEEDBACK_FOLDER", "MERGED_NAME", "Checked", "FileRun", "Progress", "RoundResult", "RunResult", "RunTarget",
    "check_file", "collect_files", "default_org_notes", "feedback_files", "file_summary_parts", "ledger_beside", "ledger_file",
    "ledger_view", "make_sample", "make_template", "mark_copy", "mark_file", "mark_in_place", "outward_notes", "plan_for",
    "refuse_past_deadline", "report_date_notes", "report_file", "run", "run_round", "split_file", "summarize_file", "summary_parts",
]
