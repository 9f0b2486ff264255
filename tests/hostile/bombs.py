"""Small files that claim to be huge: the images and workbooks of the abuse findings, made without ever
holding the huge thing in memory."""

import functools
import io
import struct
import zipfile
import zlib

from openpyxl import Workbook


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_of_size(width: int, height: int) -> bytes:
    """A valid, fully decodable RGB PNG of width × height black pixels. 13000 × 13000 is ~0.5 MB on
    disk and 676 MB once decoded (Pillow keeps RGB as 4 bytes a pixel)."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)  # filter byte, then the pixels
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def xlsx_dimension_bomb(headers, last_row=1_048_576, values=("学习党章",)) -> bytes:
    """A few-KB workbook: a header row, one row of values at `last_row`, and a <dimension> declaring
    the whole sheet, A1:XFD1048576 (16,384 columns × 1,048,576 rows)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for column, value in enumerate(values, start=1):
        sheet.cell(row=last_row, column=column, value=value)
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]
            bomb.writestr(info, data)
    return out.getvalue()
