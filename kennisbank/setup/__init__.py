"""Setting the site up on a database and running it on this machine: `manage.py setup_site` (the
schema, the content, the search index, the first admin; docker-compose's `setup` service runs it)
and `make run` (`run.py`: the embedded PostgreSQL, setup_site and the development server, started
and stopped together)."""
