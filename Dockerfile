# The production image: the site under gunicorn with exactly the locked dependencies, and no
# database inside (docker-compose.yml runs PostgreSQL 18 beside it; the embedded PostgreSQL of
# `make run` is not installed). Nothing touches a database while the image is built.
# pg_dump and pg_restore for the backups (make backup, compose's backup service) must be of the
# server's own major version, 18; Debian bookworm's own client is 15, which refuses a newer server.
# They come from PostgreSQL's own image on the same Debian, with the libpq they were built with.
FROM postgres:18-bookworm AS postgres-client

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=kennisbank.settings.production

# Exercise sheets (WeasyPrint): Pango and HarfBuzz lay out and shape the text, Noto has Arabic.
# The libraries the PostgreSQL client tools (below) link to, from Debian.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
       libssl3 libgssapi-krb5-2 libldap-2.5-0 libzstd1 liblz4-1 zlib1g \
    && rm -rf /var/lib/apt/lists/*
COPY --from=postgres-client /usr/lib/postgresql/18/bin/pg_dump /usr/lib/postgresql/18/bin/pg_restore /usr/lib/postgresql/18/bin/
COPY --from=postgres-client /usr/lib/*-linux-gnu/libpq.so.5* /usr/local/lib/
RUN ldconfig && /usr/lib/postgresql/18/bin/pg_dump --version
RUN useradd --create-home --uid 1000 kennisbank
WORKDIR /app

# Every file checked against its hash in the lock; the project itself runs from /app.
COPY requirements/production.txt requirements/production.txt
RUN pip install --require-hashes -r requirements/production.txt
# The code belongs to root and is only read by the site's user; uploads are the one thing it writes.
COPY . .
# Settings must load to collect static files, and they name a database: an in-memory SQLite that
# collectstatic never opens. The real settings come from the environment at run time.
RUN DATABASE_URL=sqlite://:memory: SECRET_KEY=build-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/media /backups && chown kennisbank:kennisbank /app/media /backups

USER kennisbank
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "kennisbank.wsgi:application"]
