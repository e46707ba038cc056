from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Long enough for a few sentences; a cap keeps abuse and accidental pastes out.
COMMENT_MAX_LENGTH = 1000


class Feedback(models.Model):
    """One reader's answer to "Was this page helpful?".

    Exactly what "About this site" says we keep: the page, the language it was read in, yes or
    no, the comment if there is one, and the day. No time of day, address, account or cookie
    value, so an answer cannot be traced to a reader.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    language = models.CharField(_("language"), max_length=7)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    day = models.DateField(_("day"), default=timezone.localdate)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["page", "language"]), models.Index(fields=["day"])]

    def __str__(self):
        answer = _("Yes") if self.helpful else _("No")
        return f"{self.day:%Y-%m-%d} · {self.language} · {answer}" + (f" · {self.comment[:60]}" if self.comment else "")
