"""Store an uploaded file safely: PDF, JPEG or PNG recognised by content, size-limited, saved under the data
directory with a random name (never the customer's), and read back only after an access check by the caller.
Used for the customer's documents and, later, for staff evidence."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from yekuo.applications.file_checks import FileType, detect_file_type
from yekuo.core import clock
from yekuo.core.errors import ValidationFailed

ORIGINAL_NAME_LENGTH = 200
FALLBACK_MAXIMUM_BYTES = 10 * 1024 * 1024


def upload_maximum_bytes() -> int:
    return int(getattr(settings, "YEKUO_UPLOAD_MAXIMUM_BYTES", FALLBACK_MAXIMUM_BYTES))


@dataclass(frozen=True)
class StoredUpload:
    name: str  # the storage name, relative to the data directory's uploads folder
    file_type: FileType
    original_name: str
    size: int


def clean_original_name(name: str | None) -> str:
    """The customer's file name, kept only for display: no folders, no control characters, bounded."""
    base = PurePath((name or "").replace("\\", "/")).name
    printable = "".join(character for character in base if unicodedata.category(character)[0] != "C")
    return printable.strip()[:ORIGINAL_NAME_LENGTH]


def checked_upload(uploaded: UploadedFile | None) -> tuple[bytes, FileType]:
    """The file's bytes and type, or ValidationFailed (nothing is stored)."""
    if uploaded is None:
        raise ValidationFailed(_("Choose a file to upload."), code="file_required")
    limit = upload_maximum_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, code="file_too_large"
        )
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, code="file_too_large"
        )
    file_type = detect_file_type(data)
    if file_type is None:
        raise ValidationFailed(
            _("Upload a PDF, JPEG or PNG file; this file is none of them or is damaged."),
            code="file_type_not_accepted",
        )
    return data, file_type


def upload_store(*, uploaded: UploadedFile | None, folder: str) -> StoredUpload:
    """Check and save the file under `folder`/year/month/ with a random name and the extension of its
    real type. Call inside the transaction that records it; a rollback leaves an orphan file at worst,
    never a record without its file."""
    data, file_type = checked_upload(uploaded)
    today = clock.now()
    wanted = f"{folder}/{today:%Y/%m}/{secrets.token_hex(16)}{file_type.extension}"
    name = default_storage.save(wanted, ContentFile(data))
    return StoredUpload(
        name=name,
        file_type=file_type,
        original_name=clean_original_name(getattr(uploaded, "name", "")),
        size=len(data),
    )


def content_type_of(name: str) -> str:
    """The content type of a stored upload, from the extension this module gave it."""
    suffix = PurePath(name).suffix.lower()
    for file_type in FileType:
        if file_type.extension == suffix:
            return file_type.content_type
    return "application/octet-stream"
