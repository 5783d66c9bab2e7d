"""Stream a stored upload to someone an access function has already let through: never cached, shown
inline in a sandbox so a crafted file cannot run script on the site's origin."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from yekuo.applications.uploads import content_type_of


def private_file_response(file: FieldFile, *, original_name: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"),
        content_type=content_type_of(file.name or ""),
        as_attachment=False,
        filename=original_name or (file.name or "").rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
