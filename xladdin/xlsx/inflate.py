"""Inflate zip members straight from their compressed bytes, with zipfile as the judge of anything odd.

At a thousand branch sheets, zipfile's per-member machinery (a ZipExtFile, its
buffers, its CRC bookkeeping) costs as much as inflating. Here a member is
read with one seek and inflated with one raw-zlib call. Only a member that is
plainly well-formed is taken this way: every oddity (another compression
method, a local header that disagrees with the directory, sizes or a CRC that
do not match, trailing bytes) goes to zipfile's own reader, so a damaged or
hostile part fails, or succeeds, exactly as it always did.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO

_LOCAL_HEADER = struct.Struct("<4s2sH18sHH")  # signature, version, flags, ..., name and extra lengths
_SIGNATURE = b"PK\x03\x04"
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_UTF8_NAME = 0x800
# Flag bits zipfile reads without fuss: data descriptor, deflate options, UTF-8 names.
_PLAIN_FLAGS = 0x2 | 0x4 | 0x8 | _UTF8_NAME


def member_ends(archive: zipfile.ZipFile) -> dict[int, int]:
    """Where each member's bytes must end: the next member's header, or the central directory.

    Members whose data runs into another's (overlapping entries, a zip-bomb trick)
    are left to zipfile, which refuses them in current Pythons.
    """
    infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
    ends = [i.header_offset for i in infos[1:]] + [getattr(archive, "start_dir", 0) or 0]
    return {id(i): end for i, end in zip(infos, ends, strict=True)}  # by entry: a name may repeat


def _local_header(fh: BinaryIO, info: zipfile.ZipInfo) -> tuple[int, int, int] | None:
    """(flags, name length, extra length) of the member's local header, fh left just after it; None if it is not one."""
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size:
        return None
    signature, _, flags, _, name_len, extra_len = _LOCAL_HEADER.unpack(head)
    return (flags, name_len, extra_len) if signature == _SIGNATURE else None


def raw_member(fh: BinaryIO, info: zipfile.ZipInfo, limit: int, end: int) -> bytes | None:
    """The member's bytes, or None when anything about it is not plain (zipfile then decides).

    fh: the package file, opened for reading; info: the member's entry in the zip
    directory; end: where its bytes must end at the latest (member_ends).
    """
    if info.file_size > limit or info.compress_type not in (_STORED, _DEFLATED) or info.flag_bits & ~_PLAIN_FLAGS:
        return None
    try:
        header = _local_header(fh, info)
        if header is None or header[0] & ~_PLAIN_FLAGS:
            return None
        flags, name_len, extra_len = header
        name = fh.read(name_len).decode("utf-8" if flags & _UTF8_NAME else "cp437")
        if name != info.orig_filename:
            return None
        start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
        if start + info.compress_size > end:
            return None
        fh.seek(start)
        packed = fh.read(info.compress_size)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if len(packed) != info.compress_size:
        return None
    if info.compress_type == _STORED:
        data = packed
    else:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(packed, info.file_size + 1)
        except zlib.error:
            return None
        if not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
            return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def inflate_head(fh: BinaryIO, info: zipfile.ZipInfo, size: int) -> bytes | None:
    """Up to size bytes from the start of a member, unchecked (no CRC: the rest is not read); None if odd."""
    if info.compress_type not in (_STORED, _DEFLATED) or info.flag_bits & ~_PLAIN_FLAGS:
        return None
    try:
        header = _local_header(fh, info)
        if header is None:
            return None
        fh.seek(header[1] + header[2], 1)
        # Enough for size bytes of any sane stream; a prefix that inflates to less
        # only makes the caller take its slow path.
        packed = fh.read(min(info.compress_size, size + 1024))
        if info.compress_type == _STORED:
            return packed[:size]
        return zlib.decompressobj(-15).decompress(packed, size)
    except (OSError, ValueError, zlib.error):
        return None
