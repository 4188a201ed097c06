"""Whose answers are in which returned file: the pure decision behind collect.

Plain data in, plain data out; no files. A returned file belongs to one branch:
 1. a split or feedback file names it (its scope);
 2. else a full copy in which exactly one branch sheet is filled is that branch's;
 3. else the file name names exactly one branch (its full name, else its short name).
A sheet's branch (the reader decides it) is its name, or, for a renamed sheet, the
branch its 党支部 cell names.

A branch's answers come from its own files only. What is typed into another
branch's sheet of a file that belongs to someone else is never taken: it is
most likely a slip, and taking it would report answers the branch never gave;
the office gets a warning instead, and a branch with no file of its own stays
未报送. Files whose owner cannot be told (several sheets filled, no branch in
the name) are used only for branches that sent nothing of their own, with a
warning.

Two different answers for one branch: the later 填表日期 wins, with a warning
naming every file; when the dates do not decide (missing or equal), neither is
taken and the branch is a conflict. The same answer in several files is one answer.

Except when a file's ownership is in doubt and its answer is someone else's: a
file whose scope and name disagree (汽机's split file saved as 运二's), or one
whose owner is only inferred from the one sheet filled, while the branch also
sent a file that is surely its own. If that answer names another 书记 or another
党员人数 than the sure one, it is most likely another branch typing in the wrong
sheet: it is not taken, whatever its date, and the office is told.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from xladdin.core.normalize import clean_text, is_blank_text, parse_int
from xladdin.spec import form
from xladdin.spec.loop_text import CONFLICT, MISSING, RECEIVED, notice


@dataclass(frozen=True)
class SheetAnswer:
    sheet: str  # the sheet's name in the file
    branch: str  # the listed branch (short name) the sheet holds
    reported: bool  # anything typed on it
    content: tuple = ()  # comparable values: equal tuples are the same answer
    fill_date: date | None = None


@dataclass(frozen=True)
class ReturnedFile:
    name: str  # as the user knows it
    stem: str  # the file name without its suffix, to find a branch name in
    branches: tuple[form.Branch, ...]  # the file's own branch list
    answers: tuple[SheetAnswer, ...]
    scope: str | None = None
    outgoing: str | None = None  # "split" or "feedback": a file we sent out, unchanged since (xlsx.stamp)


@dataclass(frozen=True)
class Notice:
    code: str
    message: str
    file: str | None = None
    sheet: str | None = None
    branch: str | None = None


@dataclass(frozen=True)
class Outcome:
    branch: str
    status: str  # RECEIVED, MISSING or CONFLICT
    source: tuple[int, str] | None = None  # (file index, sheet) the answers come from
    files: tuple[int, ...] = ()  # the files whose answers disagree (a conflict)
    fill_date: date | None = None


@dataclass
class Decision:
    owners: list[str | None]  # per file: the branch it belongs to
    outcomes: list[Outcome]
    notices: list[Notice] = field(default_factory=list)


def branch_named_in(stem: str, branches: Sequence[form.Branch]) -> str | None:
    """The one branch whose full name, or else short name, the file name contains."""
    for attr in ("full", "short"):
        hits = {b.short: getattr(b, attr) for b in branches if getattr(b, attr) and getattr(b, attr) in stem}
        # "运一" inside a hit "运一二" is not a second hit.
        longest = {s: t for s, t in hits.items() if not any(t != u and t in u for u in hits.values())}
        if len(longest) == 1:
            return next(iter(longest))
        if longest:
            return None  # two branches named: the name decides nothing
    return None


def _scope_branch(f: ReturnedFile) -> str | None:
    for b in f.branches:
        if f.scope in (b.short, b.full):
            return b.short
    return None


def owner_of(f: ReturnedFile, notices: list[Notice]) -> str | None:
    if f.scope:
        if (owner := _scope_branch(f)) is not None:
            return owner
        notices.append(Notice("scope-unknown", notice("scope-unknown", file=f.name, scope=f.scope), f.name))
    filled = [a for a in f.answers if a.reported]
    named = branch_named_in(f.stem, f.branches)
    if len({a.branch for a in filled}) == 1:
        owner = filled[0].branch
        if named is not None and named != owner:
            full = {b.short: b.full for b in f.branches}
            notices.append(Notice("name-disagrees", notice("name-disagrees", file=f.name, named=full[named],
                                                           sheet=filled[0].sheet, branch=full[owner]),
                                  f.name, filled[0].sheet, owner))
        return owner
    return named


def ownership_doubt(f: ReturnedFile, owner: str | None) -> tuple[str, str | None] | None:
    """None when the file is surely owner's; else (why, the other branch its name names, or None).

    Sure: its scope names the owner and its name names no other branch, or, with no scope,
    its name names the owner.
    """
    if owner is None:
        return None
    named = branch_named_in(f.stem, f.branches)
    if named is not None and named != owner:
        return "name", named
    if _scope_branch(f) == owner or named == owner:
        return None
    return "inferred", None


IDENTITY_FIELDS = ("secretary", "member_count")  # who answers: the same branch does not change them between versions


def _identity_differs(a: SheetAnswer, b: SheetAnswer) -> bool:
    first, second = _identity(a), _identity(b)
    return any(first[k] is not None and second[k] is not None and first[k] != second[k] for k in IDENTITY_FIELDS)


def _identity(a: SheetAnswer) -> dict[str, object]:
    values = dict(a.content)
    out: dict[str, object] = {}
    for k in IDENTITY_FIELDS:
        value = values.get(k)
        # 31, 31.0 and "31人" are one count; a blank says nothing.
        number = parse_int(value) if k == "member_count" else None
        text = clean_text(value)
        out[k] = number if number is not None else (None if is_blank_text(text) else text)
    return out


def _set_aside(filled_own: list[tuple[int, SheetAnswer]], doubts: list) -> list[tuple[int, SheetAnswer]]:
    """Answers from files of doubtful ownership whose 书记 or 党员人数 differ from every sure answer of the branch."""
    sure = [a for i, a in filled_own if doubts[i] is None]
    if not sure:
        return []
    return [(i, a) for i, a in filled_own
            if doubts[i] is not None and all(_identity_differs(a, other) for other in sure)]


def decide(files: Sequence[ReturnedFile], branches: Sequence[form.Branch]) -> Decision:
    """Each listed branch's outcome over all returned files, with the warnings the office should read."""
    notices: list[Notice] = []
    owners = [owner_of(f, notices) for f in files]
    doubts = [ownership_doubt(f, owner) for f, owner in zip(files, owners, strict=True)]
    full = {b.short: b.full for f in files for b in f.branches} | {b.short: b.full for b in branches}
    own: dict[str, list[tuple[int, SheetAnswer]]] = {}  # every answer in a branch's own files
    own_files: dict[str, list[int]] = {}
    loose: dict[str, list[tuple[int, SheetAnswer]]] = {}  # filled sheets of files nobody owns
    strays: dict[str, list[tuple[int, SheetAnswer]]] = {}  # filled sheets in another branch's file
    for i, (f, owner) in enumerate(zip(files, owners, strict=True)):
        if owner is not None:
            own_files.setdefault(owner, []).append(i)
        for a in f.answers:
            if owner is None:
                if a.reported:
                    loose.setdefault(a.branch, []).append((i, a))
            elif a.branch == owner:
                own.setdefault(owner, []).append((i, a))
            elif a.reported:
                strays.setdefault(a.branch, []).append((i, a))

    outcomes = []
    for b in branches:
        short = b.short
        filled_own = [(i, a) for i, a in own.get(short, []) if a.reported]
        aside = _set_aside(filled_own, doubts)
        filled_own = [entry for entry in filled_own if entry not in aside]
        if filled_own:
            outcome = _pick(short, filled_own, files, full, notices)
            for i, a in aside:
                notices.append(_doubtful_notice(files, i, a, outcome, doubts[i], full))
        elif short in loose:
            outcome = _pick(short, loose[short], files, full, notices)
            if outcome.source is not None:
                i, sheet = outcome.source
                notices.append(Notice("unclear-taken", notice("unclear-taken", branch=full[short], file=files[i].name,
                                                              sheet=sheet), files[i].name, sheet, short))
        else:
            outcome = Outcome(short, MISSING)
            for i in own_files.get(short, []):
                sheet = next((a.sheet for a in files[i].answers if a.branch == short), short)
                # The blank file split (or feedback, as a 催报 form) sent out, never opened since: the office's
                # copy, not a reply.
                code = {"split": "own-file-unopened", "feedback": "own-feedback-unopened"}.get(files[i].outgoing,
                                                                                              "own-file-empty")
                notices.append(Notice(code, notice(code, file=files[i].name, branch=full[short], sheet=sheet),
                                      files[i].name, sheet, short))
        outcomes.append(outcome)
        chosen = _content_of(outcome, files)
        for i, a in strays.get(short, []):
            if a.content == chosen:
                continue  # the same answer as the branch's own: nothing was mistyped
            code = "wrong-sheet" if outcome.status != MISSING else "wrong-sheet-orphan"
            notices.append(Notice(code, notice(code, file=files[i].name, owner=full[owners[i]], sheet=a.sheet,
                                               branch=full[short]), files[i].name, a.sheet, short))
        if filled_own:
            for i, a in loose.get(short, []):
                if a.content != chosen and outcome.status == RECEIVED:
                    notices.append(Notice("unclear-not-taken", notice("unclear-not-taken", file=files[i].name,
                                                                      sheet=a.sheet, branch=full[short]),
                                          files[i].name, a.sheet, short))
    return Decision(owners, outcomes, notices)


def _doubtful_notice(files: Sequence[ReturnedFile], i: int, a: SheetAnswer, outcome: Outcome,
                     doubt: tuple[str, str | None], full: dict[str, str]) -> Notice:
    why, named = doubt
    branch = full[a.branch]
    taken = f"“{files[outcome.source[0]].name}”" if outcome.source is not None else "自己的文件"
    if why == "name":
        reason, who = notice("doubt-named", named=full[named]), f"{branch}、{full[named]}"
    else:
        reason, who = notice("doubt-inferred"), branch
    message = notice("doubtful-not-taken", file=files[i].name, sheet=a.sheet, branch=branch, reason=reason,
                     taken=taken, who=who)
    return Notice("doubtful-not-taken", message, files[i].name, a.sheet, a.branch)


def _content_of(outcome: Outcome, files: Sequence[ReturnedFile]) -> tuple | None:
    if outcome.source is None:
        return None
    i, sheet = outcome.source
    return next(a.content for a in files[i].answers if a.sheet == sheet)


def _pick(short: str, entries: list[tuple[int, SheetAnswer]], files: Sequence[ReturnedFile],
          full: dict[str, str], notices: list[Notice]) -> Outcome:
    """One answer from several: identical ones are one; different ones go by the later 填表日期."""
    groups: dict[tuple, list[tuple[int, SheetAnswer]]] = {}
    for i, a in entries:
        groups.setdefault(a.content, []).append((i, a))
    # Of identical files, the original: “电气_回头看填报表.xlsx”, not “电气_回头看填报表 - 副本.xlsx”.
    firsts = [min(group, key=lambda entry: _copy_rank(files[entry[0]])) for group in groups.values()]
    if len(firsts) == 1:
        i, a = firsts[0]
        return Outcome(short, RECEIVED, (i, a.sheet), fill_date=a.fill_date)
    # Every file is named, those with the same answers together: three files, two alike, are three names.
    listed = "、".join(_group_names(group, files) for group in groups.values())
    involved = tuple(sorted({i for i, _ in entries}))
    dates = [a.fill_date for _, a in firsts]
    latest = max((d for d in dates if d is not None), default=None)
    if latest is not None and None not in dates and dates.count(latest) == 1:
        i, a = firsts[dates.index(latest)]
        notices.append(Notice("conflict-later", notice("conflict-later", branch=full[short], count=len(involved),
                                                       files=listed, chosen=files[i].name), files[i].name, a.sheet, short))
        return Outcome(short, RECEIVED, (i, a.sheet), involved, a.fill_date)
    why = "相同" if None not in dates else "缺失或无法识别"
    notices.append(Notice("conflict-undecided", notice("conflict-undecided", branch=full[short], count=len(involved),
                                                       files=listed, why=why), None, None, short))
    return Outcome(short, CONFLICT, None, involved)


# What Windows, WPS, macOS and mail clients add to a copy's name: “… - 副本”, “复件 …”, “…(1)”, “… - Copy”.
COPY_MARK = re.compile(r"副本|复件|^copy of\s|[\s_-]copy(\s*[(（]?\d+[)）]?)?$|[(（]\d+[)）]$", re.IGNORECASE)


def _copy_rank(f: ReturnedFile) -> tuple[bool, int, str]:
    """Among files with the same answers, the one to cite: a name without a copy's marks, then the shortest."""
    stem = f.stem.strip()
    return COPY_MARK.search(stem) is not None, len(stem), f.name


def _group_names(group: list[tuple[int, SheetAnswer]], files: Sequence[ReturnedFile]) -> str:
    """“a.xlsx”（填表日期 …）, or for files with the same answers “a.xlsx”、“b.xlsx”和“c.xlsx”（内容相同，填表日期 …）."""
    names = [f"“{files[i].name}”" for i in dict.fromkeys(i for i, _ in group)]
    joined = names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
    return f"{joined}（{'内容相同，' if len(names) > 1 else ''}{_day(group[0][1].fill_date)}）"


def _day(d: date | None) -> str:
    return f"填表日期 {d.isoformat()}" if d else "未填填表日期"
