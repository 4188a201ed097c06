"""Build benchmark workbooks with N branch sheets, fast, by cloning sheet XML.

openpyxl needs minutes to write 5,000 styled sheets, so we let it write the
real template once (one branch sheet, filled with marker values), then clone
that sheet's XML for every branch with varied, realistic content from the
notice's sample reports. The result is a normal package: sheet-scoped
defined names per sheet, a settings branch table that lists every branch,
content types and relationships for every part.
"""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.spec import form

DEPTS = ("运行", "电气", "化学", "除灰", "汽机", "锅炉", "燃料", "检修", "热工", "继保", "输煤", "环保")
WS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_EPOCH = date(1899, 12, 30)
PROTO = "样板"


def branch_names(n: int) -> list[str]:
    first = [b.short for b in form.DEFAULT_BRANCHES][:n]
    return first + [f"{DEPTS[i % len(DEPTS)]}{i:04d}" for i in range(len(first), n)]


def branch_values(rng: random.Random, short: str) -> dict[str, object]:
    """One branch's report: a sample report, re-mixed, with dates moved and gaps made."""
    base = dict(rng.choice(list(SAMPLE_VALUES.values())))
    donor = rng.choice(list(SAMPLE_VALUES.values()))
    for cid in form.CRITERION_IDS:  # borrow whole criterion blocks from another branch
        if rng.random() < 0.4:
            for f in form.CRITERION_FIELDS[cid]:
                base[f.name] = donor.get(f.name)
    shift = timedelta(days=rng.randint(-6, 6))
    for name, value in list(base.items()):
        if isinstance(value, date):
            base[name] = value + shift
        elif isinstance(value, str) and rng.random() < 0.03:
            base[name] = rng.choice(("", "无", "  ", "/"))  # a gap, as people leave them
    base["branch_name"] = f"{short}党支部"
    base["member_count"] = rng.choice((rng.randint(8, 60), str(rng.randint(8, 60)), f"{rng.randint(8, 60)}人"))
    return base


def _serial(d: date) -> int:
    return (d - _EPOCH).days


def _cell_xml(ref: str, style: str, value: object) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, date):
        return f'<c r="{ref}"{s}><v>{_serial(value)}</v></c>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def _prototype(tmp: Path) -> Path:
    wb = build_template((form.Branch(PROTO, f"{PROTO}党支部"),))
    markers = {f.name: (date(2010, 8, 1) if f.kind == form.DATE else 7 if f.kind == form.INT else f"@@{f.name}@@")
               for f in form.FIELDS}
    fill_by_names(wb, PROTO, markers)
    path = tmp / "proto.xlsx"
    wb.save(path)
    return path


def _split_sheet(xml: str) -> list[str | tuple[str, str, str]]:
    """The sheet XML as literal text and (field, ref, style) slots, one per field cell."""
    cells = {f.cell: f.name for f in form.FIELDS}
    out: list[str | tuple[str, str, str]] = []
    pos = 0
    for m in re.finditer(r'<c r="([A-Z]+\d+)"((?: s="\d+")?)[^>]*?(?:/>|>.*?</c>)', xml):
        if m[1] in cells:
            out.append(xml[pos:m.start()])
            out.append((cells[m[1]], m[1], m[2][4:-1]))
            pos = m.end()
    out.append(xml[pos:])
    return out


def make_book(n: int, target: Path, seed: int = 2010) -> Path:
    rng = random.Random(seed + n)
    target.parent.mkdir(parents=True, exist_ok=True)
    proto = _prototype(target.parent)
    names = branch_names(n)
    with zipfile.ZipFile(proto) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    proto.unlink()
    wb_xml = parts["xl/workbook.xml"].decode()
    rels_xml = parts["xl/_rels/workbook.xml.rels"].decode()
    ct_xml = parts["[Content_Types].xml"].decode()
    sheet_el = re.search(rf'<sheet name="{PROTO}"[^>]*/>', wb_xml)[0]
    rid = re.search(r'r:id="([^"]+)"', sheet_el)[1]
    part = re.search(rf'Target="/?([^"]+)" Id="{rid}"', rels_xml)[1]
    part = part if part.startswith("xl/") else f"xl/{part}"
    index = re.findall(r"<sheet ", wb_xml[: wb_xml.index(sheet_el)]).__len__()
    local = re.findall(rf'<definedName name="[^"]+" localSheetId="{index}">[^<]*</definedName>', wb_xml)
    slots = _split_sheet(parts.pop(part).decode())

    files: dict[str, bytes] = {}
    sheets, rels, cts, dnames = [], [], [], []
    for i, short in enumerate(names):
        values = branch_values(rng, short)
        body = "".join(s if isinstance(s, str) else _cell_xml(s[1], s[2], values.get(s[0])) for s in slots)
        body = body.replace(f"{PROTO}党支部", escape(f"{short}党支部"))
        path = f"xl/worksheets/b{i + 1}.xml"
        files[path] = body.encode()
        sheets.append(f'<sheet name="{escape(short)}" sheetId="{100 + i}" state="visible" r:id="rIdB{i + 1}"/>')
        rels.append(f'<Relationship Type="{WS_TYPE}" Target="/{path}" Id="rIdB{i + 1}"/>')
        cts.append(f'<Override PartName="/{path}" ContentType="{WS_CT}"/>')
        quoted = "'" + short.replace("'", "''") + "'"
        for d in local:
            d = d.replace(f'localSheetId="{index}"', f'localSheetId="{index + i}"').replace(f"'{PROTO}'!", f"{quoted}!")
            dnames.append(d.replace(f"{PROTO}!", f"{quoted}!"))
    # Sheet order: the sheets before the prototype, then every branch. Names keep their local index.
    wb_xml = wb_xml.replace(sheet_el, "".join(sheets))
    for d in local:
        wb_xml = wb_xml.replace(d, "")
    wb_xml = wb_xml.replace("</definedNames>", "".join(dnames) + "</definedNames>")
    last = form.BRANCH_TABLE_FIRST_ROW + max(n, form.BRANCH_TABLE_ROWS) - 1
    wb_xml = re.sub(r"(<definedName name=\"hk_branches\">[^<]*?\$A\$\d+:\$B\$)\d+", rf"\g<1>{last}", wb_xml)
    parts["xl/workbook.xml"] = wb_xml.encode()
    parts["xl/_rels/workbook.xml.rels"] = rels_xml.replace(f'<Relationship Type="{WS_TYPE}" Target="/{part}" Id="{rid}" />', "").replace(
        "</Relationships>", "".join(rels) + "</Relationships>").encode()
    parts["[Content_Types].xml"] = re.sub(rf'<Override PartName="/{part}"[^>]*/>', "", ct_xml).replace(
        "</Types>", "".join(cts) + "</Types>").encode()
    _settings_table(parts, wb_xml, rels_xml, names)
    parts.update(files)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return target


def _settings_table(parts: dict[str, bytes], wb_xml: str, rels_xml: str, names: list[str]) -> None:
    rid = re.search(rf'<sheet name="{form.SETTINGS_SHEET}"[^>]*r:id="([^"]+)"', wb_xml)[1]
    part = re.search(rf'Target="/?([^"]+)" Id="{rid}"', rels_xml)[1]
    part = part if part.startswith("xl/") else f"xl/{part}"
    xml = parts[part].decode()
    first = form.BRANCH_TABLE_FIRST_ROW
    style = re.search(rf'<c r="A{first}" s="(\d+)"', xml)[1]
    head, _, rest = xml.partition(f'<row r="{first}"')
    tail = rest[rest.index("</sheetData>"):]
    rows = []
    for k in range(max(len(names), form.BRANCH_TABLE_ROWS)):
        r = first + k
        short = names[k] if k < len(names) else None
        rows.append(f'<row r="{r}">{_cell_xml(f"A{r}", style, short)}'
                    f'{_cell_xml(f"B{r}", style, f"{short}党支部" if short else None)}</row>')
    xml = head + "".join(rows) + tail
    xml = re.sub(r'<dimension ref="A1:([A-Z]+)\d+"', rf'<dimension ref="A1:\g<1>{first + len(rows) - 1}"', xml)
    parts[part] = xml.encode()


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Build a benchmark workbook with N branch sheets.")
    ap.add_argument("size", type=int)
    ap.add_argument("--out", type=Path, help="default: bench/work/branches-N.xlsx")
    ap.add_argument("--verify", action="store_true", help="read it back with our reader and with openpyxl")
    args = ap.parse_args(argv)
    out = make_book(args.size, args.out or Path(__file__).parent / "work" / f"branches-{args.size}.xlsx")
    if args.verify:
        verify(out, args.size)
    print(out)


def verify(path: Path, size: int) -> None:
    """The clone is a real workbook: both our engines and openpyxl read every branch, with its names."""
    from openpyxl import load_workbook

    from xladdin.xlsx.read import read_workbook

    data = read_workbook(path, "calamine")
    assert len(data.sheets) == size and not any(s.missing for s in data.sheets), "names missing"
    assert len(data.settings.branches) == size, "settings branch table"
    if size <= 1000:
        assert data == read_workbook(path, "openpyxl"), "engines disagree"
    wb = load_workbook(path, read_only=size > 100)
    assert wb.sheetnames[2:] == branch_names(size)
    if size <= 100:
        ws = wb[wb.sheetnames[-1]]
        assert len(ws.defined_names) >= len(form.FIELDS) and ws.protection.sheet
    wb.close()


if __name__ == "__main__":
    main()
