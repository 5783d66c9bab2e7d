"""Recognise an uploaded file by its content, never by its name: PDF, JPEG or PNG, and only when the file
is well formed enough to open (a disguised executable or web page is refused whatever it is called).

The checks walk each format's structure with the standard library: PNG chunks with their CRCs up to IEND,
JPEG segments from SOI to the start of scan and the EOI marker, and a PDF's header, objects and EOF
marker. That covers what the portal needs without a native image library in the runtime dependencies."""

from __future__ import annotations

import re
import struct
import zlib
from enum import StrEnum

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
PDF_TAIL_BYTES = 2048
JPEG_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})
JPEG_START_OF_SCAN = 0xDA
JPEG_START_OF_FRAME = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class FileType(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"

    @property
    def content_type(self) -> str:
        return {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[self.value]

    @property
    def extension(self) -> str:
        return {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}[self.value]


def _is_png(data: bytes) -> bool:  # noqa: PLR0911  # one exit per structural check reads clearest
    if not data.startswith(PNG_SIGNATURE):
        return False
    position, seen_header, seen_data = len(PNG_SIGNATURE), False, False
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body_end = position + 8 + length
        if body_end + 4 > len(data):
            return False
        (crc,) = struct.unpack(">I", data[body_end : body_end + 4])
        if zlib.crc32(data[position + 4 : body_end]) != crc:
            return False
        if not seen_header:
            if kind != b"IHDR" or length != 13:  # the PNG specification's header size
                return False
            width, height = struct.unpack(">II", data[position + 8 : position + 16])
            if width == 0 or height == 0:
                return False
            seen_header = True
        seen_data = seen_data or kind == b"IDAT"
        if kind == b"IEND":
            return seen_data
        position = body_end + 4
    return False


def _is_jpeg(data: bytes) -> bool:  # noqa: PLR0911  # one exit per structural check reads clearest
    if not data.startswith(JPEG_START) or not data.rstrip(b"\x00").endswith(JPEG_END):
        return False
    position, seen_frame = 2, False
    while position + 4 <= len(data):
        if data[position] != 0xFF:  # every segment starts with a marker byte
            return False
        marker = data[position + 1]
        if marker == 0xFF:  # fill bytes before a marker
            position += 1
            continue
        if marker in JPEG_STANDALONE_MARKERS:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:  # the length counts its own two bytes
            return False
        if marker in JPEG_START_OF_FRAME:
            if length < 8 or position + 9 > len(data):  # precision, height, width, components
                return False
            _height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            if width == 0:
                return False
            seen_frame = True
        if marker == JPEG_START_OF_SCAN:
            return seen_frame and position + 2 + length < len(data)
        position += 2 + length
    return False


def _is_pdf(data: bytes) -> bool:
    if not PDF_HEADER.match(data):
        return False
    return b"%%EOF" in data[-PDF_TAIL_BYTES:] and PDF_OBJECT.search(data) is not None


def detect_file_type(data: bytes) -> FileType | None:
    """The type of a complete file's bytes, or None when it is none of the accepted, well-formed types."""
    if _is_pdf(data):
        return FileType.PDF
    if _is_png(data):
        return FileType.PNG
    if _is_jpeg(data):
        return FileType.JPEG
    return None
