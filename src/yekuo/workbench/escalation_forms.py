"""The form a head fills in to record how they handled an escalation (督办). It only parses; the note's
presence and length are decided by workflow.services.escalation_handle (conventions §8)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yekuo.workbench.work_item_forms import StyledForm
from yekuo.workflow.models import EscalationAction
from yekuo.workflow.services.escalations import MAXIMUM_NOTE_LENGTH


class EscalationHandlingForm(StyledForm):
    action = forms.ChoiceField(label=_("Action taken"), choices=EscalationAction.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,  # the service requires it, with its own message
        max_length=MAXIMUM_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
