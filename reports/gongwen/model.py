"""What a 公文 (GB/T 9704-2012 official document) says, already worded: plain data, no layout.

The content builder fills these; the writer lays them out. Headings carry no
ordinals: the writer numbers them 一、 and （一）.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Subsection:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()  # before the subsections
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True)
class Table:
    """A grid of short texts; a header cell may hold "\\n" where its line should break."""

    caption: str  # above the table, e.g. "表1　各党支部五个方面完成情况"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""  # below the table


@dataclass(frozen=True)
class Figure:
    png: bytes
    width_mm: float
    caption: str  # below the image, e.g. "图1　五个方面完成情况"


@dataclass(frozen=True)
class Gongwen:
    title: str
    main_to: str  # 主送机关, without the closing colon
    sections: tuple[Section, ...]
    signature: str  # 发文机关署名
    date: date  # 成文日期
    printer: str  # 印发机关 in the 版记
    print_date: date  # 印发日期
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    attachments: tuple[str, ...] = ()  # names only, no full stop
    copy_to: tuple[str, ...] = field(default=())  # 抄送机关
    description: str = ""  # the file's 备注 property: what it was made from, for the office to trace it
