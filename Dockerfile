# The portal's image: web (gunicorn), Celery worker and Celery beat all run it.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# WeasyPrint needs Pango; the newsletter PDF uses fonts installed here, never
# fetched at render time. gettext compiles the translations. dovecot-imapd is
# the IMAP server the bounce tests start on 127.0.0.1 (tests/newsletter/imap.py);
# it is never started as a service in the image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libmagic1 \
      fonts-dejavu-core fonts-noto-core gettext \
 && apt-get install -y dovecot-imapd \
 && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN python manage.py compilemessages --ignore=/opt/venv -v0 \
 && DEBUG=true python manage.py collectstatic --noinput -v0

RUN useradd --system --home /app portal && mkdir -p /app/media /app/private_media \
 && chown -R portal /app/media /app/private_media
USER portal
EXPOSE 8000
# gunicorn's own request limits (line, header count and size); the body's size
# is refused by the proxy and by foundation.request_limits before Django reads it.
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--limit-request-line", "4094", "--limit-request-fields", "100", \
     "--limit-request-field_size", "8190", "--access-logfile", "-"]
