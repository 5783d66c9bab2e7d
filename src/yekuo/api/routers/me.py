"""Who the caller is."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from yekuo.api.auth import actor_of
from yekuo.api.schemas import MeOut

router = Router(tags=["me"])


@router.get("/me", response=MeOut, summary="The authenticated account")
def me(request: HttpRequest) -> MeOut:
    return MeOut.of(actor_of(request))
