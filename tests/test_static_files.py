"""Static files: hashed names, compressed copies, far-future caching, and a small budget."""

import gzip
import json

from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

OWN_ASSETS = ["kennisbank/css/site.css", "kennisbank/css/print.css", "kennisbank/js/suggest.js"]
MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collected_assets_are_hashed_compressed_and_cached_for_a_year(tmp_path, settings):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGE, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        total = 0
        for asset in OWN_ASSETS:
            hashed = manifest[asset]
            assert hashed != asset and hashed.rsplit(".", 2)[-2]  # name carries a content hash
            assert (tmp_path / f"{hashed}.gz").exists()
            total += len(gzip.compress((tmp_path / hashed).read_bytes()))
        assert total < 30 * 1024, f"CSS and script are {total} bytes compressed"

        middleware = WhiteNoiseMiddleware(lambda request: None)
        request = RequestFactory().get(f"/static/{manifest['kennisbank/css/site.css']}",
                                       HTTP_ACCEPT_ENCODING="gzip")
        response = middleware(request)
        assert response.status_code == 200
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        assert response["Content-Encoding"] == "gzip"
