"""Small real documents of each accepted kind (and some that are not), made in memory for the tests."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
TEXT = "Referat af netværksmødet 12.03.2015\nDeltagere: SOF, 3B, Lejerbo.\n".encode()
HTML = b"<!doctype html><script>alert(1)</script>"
EXE = b"MZ\x90\x00" + bytes(60)


def zipped(parts: dict[str, bytes]) -> bytes:
    """A zip archive holding ``parts`` (the first stored uncompressed, as ODF wants its mimetype)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
PLAIN_ZIP = zipped({"notes.txt": b"hello"})
