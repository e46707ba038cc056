"""Previews per language: an editor checks the Arabic page, with its lang and dir, without
switching the whole admin to Arabic."""

from django.conf import settings
from django.utils import translation

from kennisbank.core.languages import SOURCE_LANGUAGE


class PreviewInLanguageMixin:
    @property
    def preview_modes(self):
        return list(settings.LANGUAGES)

    @property
    def default_preview_mode(self):
        return SOURCE_LANGUAGE

    def serve_preview(self, request, mode_name):
        """The page as a reader of `mode_name` sees it. Rendered here, inside the language, because
        a template response renders later and fields are read in the language active then."""
        language = mode_name if mode_name in dict(self.preview_modes) else SOURCE_LANGUAGE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
        response.headers["Content-Language"] = language
        return response
