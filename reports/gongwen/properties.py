"""The file properties of a document that leaves the office: the office's own, not the tool's.

python-docx starts every document from its own template, whose properties say
"python-docx", a creation date in 2013 and "Microsoft Macintosh Word", and whose
blank thumbnail is what Explorer and WPS show as the preview. An upper office that
opens 文件 → 属性 should see the report's title and the office that sent it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reports.outward import app_properties

THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def utc_now() -> datetime:
    # Core properties are stored in UTC (W3CDTF with Z); python-docx and openpyxl write naive times as such.
    return datetime.now(UTC).replace(tzinfo=None)


def set_document_properties(document, title: str, author: str, description: str,
                            when: datetime | None = None) -> None:
    """Title, author (the office), a description the office can trace the file by, created and
    modified now; the template's application, statistics and thumbnail removed."""
    when = when or utc_now()
    core = document.core_properties
    core.title = title
    core.author = core.last_modified_by = author
    core.comments = description
    core.subject = core.keywords = core.category = ""
    core.revision = 1
    core.created = core.modified = when
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.is_external:
            continue
        if rel.reltype == THUMBNAIL:
            package.rels.pop(rel_id)  # a part no relationship reaches is not written
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = app_properties(author)
    # Word would otherwise save a new preview picture when someone re-saves the file.
    settings = document.settings.element
    for el in settings.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}savePreviewPicture"):
        settings.remove(el)
