"""Browser tests: the real site served by `manage.py runserver`, driven by Debian's Chromium."""
