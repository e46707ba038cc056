class ApiNotFoundMiddleware:
    """Keeps the API's 404s as they are: Django's LocaleMiddleware answers a 404 for a path
    without a language with a redirect to /nl/<path> whenever that resolves, and Wagtail's
    catch-all page route resolves everything. LocaleMiddleware decides with ``request.urlconf``;
    for API requests this points it, once the view has answered, at the API's own URLconf,
    which has no language prefixes. Listed after LocaleMiddleware, so it runs before its
    response handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            request.urlconf = "kennisbank.api.urls"
        return response
