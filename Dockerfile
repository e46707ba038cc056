FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=kennisbank.settings.production

# Exercise sheets (WeasyPrint): Pango and HarfBuzz lay out and shape the text, Noto has Arabic.
# postgresql-client: pg_dump and pg_restore of docker-compose's PostgreSQL 15 (make backup).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 kennisbank
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY --chown=kennisbank:kennisbank . .
# collectstatic needs settings that load; the real secrets come from the environment at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/media /backups && chown -R kennisbank:kennisbank /app/media /app/static /backups

USER kennisbank
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "kennisbank.wsgi:application"]
