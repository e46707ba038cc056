"""The edit form of every translated page (TranslatedPageMixin.base_form_class)."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

# wagtail-modeltranslation's duplicate-slug error (patch_wagtailadmin.py); in our catalogue.
SLUG_IN_USE = "This slug is already in use"


def reworded(field, error):
    """The duplicate-slug error in the admin's language: wagtail-modeltranslation words it inside
    the slug's language (`translation.override(code)`), so the English slug's error came out in
    English in a Dutch or Arabic admin."""
    if not field or not field.startswith("slug_"):
        return error
    with translation.override(field.removeprefix("slug_")):
        upstream = gettext(SLUG_IN_USE)
    # Lazy: this runs inside that override too; the message is read when the form is shown.
    return ValidationError(gettext_lazy(SLUG_IN_USE), code="slug_in_use") if error.messages == [upstream] else error


class TranslatedPageForm(WagtailAdminPageForm):
    def add_error(self, field, error):
        # Model validation's errors arrive here as one error per field name (field None).
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error = ValidationError({name: [reworded(name, item) for item in items]
                                     for name, items in error.error_dict.items()})
        elif isinstance(error, ValidationError):
            error = reworded(field, error)
        super().add_error(field, error)
