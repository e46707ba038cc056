from django.conf import settings
from django.urls import translate_url


def languages(request):
    """Language links for views that are not Wagtail pages (search, errors).

    Pages supply their own links (with translated slugs) in their context, which wins; so the
    links are a function, which the template calls only where they are shown.
    """

    def language_links():
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{query}" if query else ""
        return [
            {"code": code, "name": name, "url": translate_url(request.path, code) + suffix}
            for code, name in settings.LANGUAGES
        ]

    return {"default_language_code": settings.LANGUAGE_CODE, "language_links": language_links}
