from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH

HELPFUL_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(
        choices=HELPFUL_CHOICES,
        error_messages={"required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        required=False, max_length=COMMENT_MAX_LENGTH,
        error_messages={"max_length": _("Your comment is too long: at most %(limit_value)d characters, "
                                        "and it has %(show_value)d.")},
    )
    # The trap: hidden from people (and screen readers); bots that fill every field fill it.
    website = forms.CharField(required=False)

    def is_trap_filled(self):
        return bool(self.data.get("website", "").strip())
