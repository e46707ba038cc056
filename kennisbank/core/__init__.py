"""Low-level helpers every app may use: the site's languages, the client's address, the database
URL. They import nothing of ours, so no app has to reach up into the project package for them
(tests/test_layout.py)."""
