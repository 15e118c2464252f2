"""Which kinds of document may be attached, decided by their content (magic bytes), never by name or claimed type.

PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), OpenDocument text and spreadsheet (ODT, ODS) and plain UTF-8 text.
The file name's extension must agree with the content, so a download opens in the program the name promises.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from domain import bounds
from domain.errors import ContentTooLargeError, RuleError, UnsupportedContentError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_TEXT = "text/plain; charset=utf-8"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ODT = "application/vnd.oasis.opendocument.text"
_ODS = "application/vnd.oasis.opendocument.spreadsheet"
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    _DOCX: (".docx",),
    _XLSX: (".xlsx",),
    _ODT: (".odt",),
    _ODS: (".ods",),
    _TEXT: (".txt", ".csv", ".md"),
}
KINDS = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", _DOCX: "DOCX", _XLSX: "XLSX", _ODT: "ODT",
         _ODS: "ODS", _TEXT: "ren tekst"}  # fmt: skip
NAMES = "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS eller ren tekst (UTF-8)"
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_OOXML = (("word/document.xml", _DOCX), ("xl/workbook.xml", _XLSX))
_ALLOWED_CONTROLS = set("\t\n\r\f")


@dataclass(frozen=True)
class Checked:
    """A document whose content was recognised: its safe file name, media type and size."""

    file_name: str
    media_type: str
    size: int


def check(content: bytes, file_name: str, limit: int = DEFAULT_MAX_BYTES) -> Checked:
    """The document's type by its content, refused when empty, too large, unknown, or named as another type."""
    name = file_name_of(file_name)
    if not content:
        raise DocumentEmptyError(name)
    if len(content) > limit:
        raise DocumentTooLargeError(name, len(content), limit)
    media_type = media_type_of(content)
    if media_type is None:
        raise DocumentTypeRefusedError(name)
    extension = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in EXTENSIONS[media_type]:
        raise DocumentNameMismatchError(name, KINDS[media_type], EXTENSIONS[media_type])
    return Checked(name, media_type, len(content))


def file_name_of(file_name: str) -> str:
    """The last part of a path as a browser may send it (C:\\x\\referat.pdf), bounded; never empty."""
    name = file_name.replace("\\", "/").rpartition("/")[2].strip()
    if not name or name in {".", ".."}:
        raise DocumentNameRequiredError()
    return bounds.name(name, "filnavn")


def media_type_of(content: bytes) -> str | None:
    """The media type the content is, or None when it is none of the accepted kinds."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    if content.startswith(b"PK\x03\x04"):
        return _zipped_type(content)
    return _TEXT if _is_text(content) else None


def _zipped_type(content: bytes) -> str | None:
    """DOCX/XLSX by their main part, ODT/ODS by their mimetype entry; a damaged zip is none of them."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).decode("ascii", "replace").strip()
                return declared if declared in (_ODT, _ODS) else None
            if "[Content_Types].xml" not in names:
                return None
            return next((media_type for part, media_type in _OOXML if part in names), None)
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
        return None


def _is_text(content: bytes) -> bool:
    """UTF-8 text without NUL or other control characters (binary files are not text)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any((ord(c) < 32 and c not in _ALLOWED_CONTROLS) or 127 <= ord(c) < 160 for c in text)


# --- rule errors


class DocumentTypeRefusedError(UnsupportedContentError):
    """The content is none of the accepted kinds (checked by the bytes, not the name)."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        super().__init__(f"'{file_name}' kan ikke vedhæftes: indholdet er ikke {NAMES}.")


class DocumentNameMismatchError(UnsupportedContentError):
    """The name's extension promises another kind than the content is."""

    def __init__(self, file_name: str, kind: str, extensions: tuple[str, ...]) -> None:
        self.file_name, self.kind, self.extensions = file_name, kind, extensions
        wanted = ", ".join(extensions[:-1]) + " eller " + extensions[-1] if len(extensions) > 1 else extensions[0]
        super().__init__(
            f"Filnavnet '{file_name}' passer ikke til indholdet, som er {kind}; "
            f"et sådant dokument skal ende på {wanted}."
        )


class DocumentTooLargeError(ContentTooLargeError):
    """A document larger than the configured limit."""

    def __init__(self, file_name: str, size: int, limit: int) -> None:
        self.file_name, self.size, self.limit = file_name, size, limit
        super().__init__(
            f"'{file_name}' fylder {_mb(size)} ({size} bytes); et dokument må højst fylde {_mb(limit)} ({limit} bytes)."
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


class DocumentEmptyError(RuleError):
    """An empty file is no document."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        super().__init__(f"'{file_name}' er tom; vælg det dokument, der skal vedhæftes.")


class DocumentNameRequiredError(RuleError):
    """A document needs a file name (it is what the download is called)."""

    def __init__(self) -> None:
        super().__init__("Dokumentet skal have et filnavn.")
