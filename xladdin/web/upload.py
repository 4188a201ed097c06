"""Receive a multipart upload straight into a private folder, within limits, while it streams.

Nothing is held in memory beyond one chunk, and a name the browser sends is
only ever shown to the user: each file is written as ``upload-NNN.xlsx`` (or
``.xlsm``). When a limit is passed, what was written is deleted and the rest of
the body is read and thrown away, so the browser, which is still sending,
receives our Chinese answer instead of a reset connection.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MIB = 1024 * 1024
FIELD_LIMIT = 1024  # a text field (mode, branch) is a few characters
NAME_LIMIT = 120  # characters of a file name kept for display
KEPT_SUFFIXES = (".xlsx", ".xlsm")  # .xlsm keeps its macros in the marked copy


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * MIB  # a filled form is well under 1 MB
    total_bytes: int = 200 * MIB
    files: int = 300  # 200 returned files in one go, with room to spare
    # Past this much body we stop reading and close: draining it would only waste time.
    drain_bytes: int = 1024 * MIB


def size_text(n: int) -> str:
    return f"{n // MIB} MB" if n >= MIB else f"{max(n // 1024, 1)} KB"


def file_too_big(name: str, limits: Limits) -> str:
    return (f"“{name}”超过单个文件 {size_text(limits.file_bytes)} 的上限。"
            "填报表通常不到 1 MB；请删除其中的图片等大附件，另存后再上传。")


def total_too_big(limits: Limits) -> str:
    return f"本次上传的文件合计超过 {size_text(limits.total_bytes)} 的上限。请分批上传。"


def too_many_files(limits: Limits) -> str:
    return f"一次最多上传 {limits.files} 个文件，本次超过了这个数量。请分批上传。"


class UploadRefused(Exception):
    """The upload broke a rule; the message is Chinese and says how to fix it."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
        self.drained = True


@dataclass
class UploadedFile:
    display_name: str  # what the user called it; never a path
    path: Path  # our generated name inside the request's folder
    size: int


@dataclass
class Upload:
    files: list[UploadedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def display_name(raw: str) -> str:
    """The last part of what the browser sent, without control characters, for showing only."""
    name = PureWindowsPath(PurePosixPath(raw).name).name  # old browsers send C:\\dir\\file.xlsx
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > NAME_LIMIT:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: NAME_LIMIT - len(suffix) - 2]}…{dot}{suffix}" if dot and len(suffix) <= 5 else name[:NAME_LIMIT]
    return name or "未命名.xlsx"


def stored_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in KEPT_SUFFIXES else ".xlsx"


class _Receiver:
    """The parser's callbacks: headers of each part, then its bytes into a file or a small field."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = limits
        self.upload = Upload()
        self.total = 0
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._field: str | None = None
        self._field_value = bytearray()
        self._file: UploadedFile | None = None
        self._out: BinaryIO | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._header_name.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers = {}
        self._field, self._file = None, None
        self._field_value = bytearray()

    def _header_end(self) -> None:
        self._headers[bytes(self._header_name).lower()] = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        disposition = self._headers.get(b"content-disposition", b"").decode("latin-1")
        _, options = parse_options_header(disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            self._field = name
            return
        raw = options[b"filename"].decode("utf-8", "replace")
        if not raw:
            return  # an empty file input sends a part with no name and no bytes
        if len(self.upload.files) >= self.limits.files:
            raise UploadRefused(too_many_files(self.limits), 413)
        path = self.folder / f"upload-{len(self.upload.files) + 1:03d}{stored_suffix(raw)}"
        self._file = UploadedFile(display_name(raw), path, 0)
        self.upload.files.append(self._file)
        self._out = open(path, "xb")  # noqa: SIM115 - closed in _part_end or by close()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        size = end - start
        if self._file is not None and self._out is not None:
            self._file.size += size
            self.total += size
            if self._file.size > self.limits.file_bytes:
                raise UploadRefused(file_too_big(self._file.display_name, self.limits), 413)
            if self.total > self.limits.total_bytes:
                raise UploadRefused(total_too_big(self.limits), 413)
            self._out.write(data[start:end])
        elif self._field is not None:
            self._field_value.extend(data[start:end])
            if len(self._field_value) > FIELD_LIMIT:
                raise UploadRefused("表单内容过长，不是本页面提交的内容。请从页面重新选择文件上传。", 413)

    def _part_end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._field is not None:
            self.upload.fields[self._field] = self._field_value.decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


def boundary_of(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise UploadRefused("请求不是文件上传表单。请在页面上选择文件后点击“开始校验”。", 400)
    return options[b"boundary"]


async def receive(stream: AsyncIterator[bytes], content_type: str, content_length: int | None,
                  folder: Path, limits: Limits) -> Upload:
    """Parse the body into folder; raises UploadRefused with what went wrong, folder emptied of our files.

    The refusal's ``drained`` says whether the whole body was read (else the connection must close).
    """
    receiver = _Receiver(folder, limits)
    body = 0
    try:
        if content_length is not None and content_length > limits.drain_bytes:
            raise UploadRefused(total_too_big(limits), 413)
        parser = MultipartParser(boundary_of(content_type), receiver.callbacks())
        async for chunk in stream:
            body += len(chunk)
            parser.write(chunk)
        parser.finalize()
    except (UploadRefused, FormParserError) as exc:
        receiver.close()
        _remove_files(receiver.upload)
        refused = exc if isinstance(exc, UploadRefused) else UploadRefused(
            "上传的内容不完整或格式有误（可能传输中断）。请重新选择文件上传。", 400)
        too_long = content_length is not None and content_length > limits.drain_bytes
        refused.drained = not too_long and await _drain(stream, limits.drain_bytes - body)
        raise refused from None
    finally:
        receiver.close()
    if not receiver.upload.files:
        raise UploadRefused("没有收到任何文件。请先选择或拖入要校验的 .xlsx 工作簿，再点击“开始校验”。", 400)
    return receiver.upload


async def _drain(stream: AsyncIterator[bytes], budget: int) -> bool:
    """Read and discard the rest of the body, up to budget bytes; whether it all arrived."""
    with contextlib.suppress(Exception):  # a client that went away has nothing more to send
        async for chunk in stream:
            budget -= len(chunk)
            if budget < 0:
                return False
    return True


def _remove_files(upload: Upload) -> None:
    for item in upload.files:
        with contextlib.suppress(OSError):
            item.path.unlink(missing_ok=True)
