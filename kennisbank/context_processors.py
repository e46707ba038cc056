from django.conf import settings
from django.utils.functional import SimpleLazyObject

from kennisbank.core.languages import language_link, path_in_language


def languages(request):
    """Language links for views that are not Wagtail pages (search, errors).

    Pages supply their own `language_links` (with translated slugs). The Jinja2 backend lets a
    context processor override the view's context, so these have their own name, which the
    templates fall back to, and are only computed when a template reads them.
    """

    def language_links():
        # Built from the request's path, so always a path on this site: "//evil.example/x"
        # (a 404) must not become a link to another host, nor "/\\evil.example/x", which
        # browsers read the same way.
        path = "/" + request.path.lstrip("/\\")
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{query}" if query else ""
        return [language_link(code, name, path_in_language(path, code) + suffix) for code, name in settings.LANGUAGES]

    return {"default_language_code": settings.LANGUAGE_CODE, "path_language_links": SimpleLazyObject(language_links)}
