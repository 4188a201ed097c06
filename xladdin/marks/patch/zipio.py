"""Write a zip whose unchanged entries are copied as their raw compressed bytes.

Inflating and deflating every part of a 1,000-branch workbook costs seconds;
copying the bytes costs a disk read. Only the parts the marks change are
compressed anew. Nothing here parses XML.

The source has already passed xladdin.xlsx.package's hostile-file checks
(sizes, ratios, encryption), and the written file is verified afterwards
(xladdin.xlsx.write.verify_xlsx checks every entry's CRC).
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_LOCAL = struct.Struct("<4s5H3L2H")  # local file header, without name and extra
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory header, without name, extra and comment
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
UTF8_FLAG = 0x800
# Stored and deflated: what Excel, WPS, LibreOffice and openpyxl write. Others go to openpyxl.
COPYABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
CHUNK = 1 << 20
LEVEL = 6  # zlib's default, as Excel and openpyxl


class RawCopyError(Exception):
    """A local header that does not match the central directory: the entry cannot be copied raw."""


@dataclass(frozen=True)
class Copied:
    info: zipfile.ZipInfo


@dataclass(frozen=True)
class Written:
    """A new part, deflated as soon as it is made so that a thousand changed sheets stay small in memory."""

    name: str
    packed: bytes
    crc: int
    size: int

    @classmethod
    def of(cls, name: str, data: bytes) -> Written:
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))

    def data(self) -> bytes:
        return zlib.decompress(self.packed, -15)


Entry = Copied | Written


def _dos_time(stamp: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp[:6]
    year = min(max(year, 1980), 2107)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _name_bytes(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_FLAG


def write_zip(source: Path, target: Path, entries: Iterable[Entry]) -> None:
    """Write target from entries: Copied ones straight from source's bytes, Written ones deflated."""
    now = _dos_time(time.localtime()[:6])
    central: list[bytes] = []
    with open(source, "rb") as src, open(target, "wb") as out:
        for entry in entries:
            offset = out.tell()
            header = _copy(src, out, entry.info) if isinstance(entry, Copied) else _deflate(out, entry, now)
            central.append(header(offset))
        start = out.tell()
        for record in central:
            out.write(record)
        size = out.tell() - start
        out.write(_END.pack(_END_SIG, 0, 0, len(central), len(central), size, start, 0))


def _local_header(name: bytes, flags: int, method: int, dos: tuple[int, int], crc: int, csize: int,
                  size: int) -> bytes:
    return _LOCAL.pack(_LOCAL_SIG, 20, flags, method, dos[0], dos[1], crc, csize, size, len(name), 0) + name


def _central_header(name: bytes, flags: int, method: int, dos: tuple[int, int], crc: int, csize: int,
                    size: int, attrs: int):
    def at(offset: int) -> bytes:
        return _CENTRAL.pack(_CENTRAL_SIG, 20, 20, flags, method, dos[0], dos[1], crc, csize, size,
                             len(name), 0, 0, 0, 0, attrs, offset) + name

    return at


def _copy(src, out, info: zipfile.ZipInfo):
    if info.compress_type not in COPYABLE_METHODS:
        raise RawCopyError(info.filename)
    src.seek(info.header_offset)
    head = src.read(_LOCAL.size)
    if len(head) != _LOCAL.size or head[:4] != _LOCAL_SIG:
        raise RawCopyError(info.filename)
    name_len, extra_len = struct.unpack("<2H", head[26:30])
    src.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
    name, flags = _name_bytes(info.filename)
    # Bit 3 (sizes in a trailing data descriptor) is dropped: the header below carries them.
    flags |= info.flag_bits & 0x6  # the deflate level hint
    dos = _dos_time(info.date_time)
    out.write(_local_header(name, flags, info.compress_type, dos, info.CRC, info.compress_size, info.file_size))
    left = info.compress_size
    while left:
        chunk = src.read(min(left, CHUNK))
        if not chunk:
            raise RawCopyError(info.filename)
        out.write(chunk)
        left -= len(chunk)
    return _central_header(name, flags, info.compress_type, dos, info.CRC, info.compress_size, info.file_size,
                           info.external_attr)


def _deflate(out, entry: Written, dos: tuple[int, int]):
    name, flags = _name_bytes(entry.name)
    size, csize = entry.size, len(entry.packed)
    out.write(_local_header(name, flags, zipfile.ZIP_DEFLATED, dos, entry.crc, csize, size))
    out.write(entry.packed)
    return _central_header(name, flags, zipfile.ZIP_DEFLATED, dos, entry.crc, csize, size, 0o600 << 16)
