from django.conf import settings
from django.urls import translate_url


def languages(request):
    """Language links for views that are not Wagtail pages (search, errors).

    Pages supply their own links (with translated slugs) in their context, which wins.
    """
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return {
        "default_language_code": settings.LANGUAGE_CODE,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(request.path, code) + suffix}
            for code, name in settings.LANGUAGES
        ],
    }
