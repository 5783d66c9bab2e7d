"""id_url gives, for every id, the URL reverse() gives; a view without a single id is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from yekuo.web.id_urls import id_url


@pytest.mark.parametrize(
    "view_name",
    ["workbench:application_detail", "workbench:work_item", "workbench:work_item_claim"],
)
def test_the_urls_are_those_reverse_gives(view_name: str) -> None:
    url_of = id_url(view_name)

    for object_id in (1, 7, 10, 918_273, 2**63 - 1):
        assert url_of(object_id) == reverse(view_name, args=[object_id])


def test_a_view_without_an_id_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        id_url("workbench:my_work")


def test_an_id_is_written_as_a_whole_number() -> None:
    url_of = id_url("workbench:work_item")

    assert url_of(True) == reverse("workbench:work_item", args=[1])
    with pytest.raises(ValueError, match="invalid literal"):
        url_of("12/../admin")  # type: ignore[arg-type]  # what a careless caller might pass
