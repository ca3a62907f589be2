"""Test settings: the demo conveniences, tasks run inline, fast hashing, no shared cache."""

import os

os.environ.setdefault("CCHC_DEMO", "1")

from cchc.settings import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
CCHC_PRIVATE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
# Serve static files straight from the apps (no collectstatic before tests, live server included).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Views are written during the request, so a test sees them at once.
CCHC_ANALYTICS_FLUSH_SECONDS = 0
