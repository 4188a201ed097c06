"""What every document that leaves the office carries in its file properties: the office, not the tool."""

from __future__ import annotations

from xml.sax.saxutils import escape

EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_properties(company: str) -> bytes:
    """docProps/app.xml naming no application (the writers' own say "Openpyxl" or "Microsoft Macintosh
    Word"): only the office, as Office fills 单位 from its user's organisation."""
    body = f"<Company>{escape(company)}</Company>" if company else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{EXTENDED_PROPERTIES}">{body}</Properties>').encode()
