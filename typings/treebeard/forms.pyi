from typing import Any

from django import forms

def movenodeform_factory(model: type[Any], form: Any = ..., exclude: Any = ..., **kwargs: Any) -> type[forms.ModelForm[Any]]: ...
