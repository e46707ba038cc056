"""Uploaded images and their renditions, served by Django from MEDIA_ROOT (README "Images").

One route for `make run` and production: behind Varnish (docker-compose.yml) a file is read from
disk once per SHARED_CACHE_SECONDS and Varnish answers the rest, which at this site's size spares a
separate file server and a VCL rule that routes to it. Only the folders Wagtail writes images to
are served: documents stay behind their own view, which checks collection restrictions and sends
them as downloads.
"""

from django.conf import settings
from django.views.decorators.http import require_safe
from django.views.static import serve

from kennisbank.caching.headers import allow_shared_cache

# Where Wagtail stores uploads (original_images/) and renditions (images/) under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images", "images")


@require_safe
def image_file(request, path):
    """GET or HEAD of an image file; Django's static view refuses paths outside MEDIA_ROOT and
    answers a missing file with a 404."""
    allow_shared_cache(request)
    return serve(request, path, document_root=settings.MEDIA_ROOT)
