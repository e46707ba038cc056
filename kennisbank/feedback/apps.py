from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """"Was this page helpful?": readers' answers, kept without personal data, for the editors."""

    name = "kennisbank.feedback"
    label = "feedback"
    verbose_name = _("Reader feedback")
    default_auto_field = "django.db.models.BigAutoField"
