# A small image that runs the bot as a non-root user. The SQLite database lives in the /data volume.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 frontline && mkdir /data && chown frontline /data
COPY --from=build /opt/venv /opt/venv
COPY config /app/config
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    FRONTLINE_CONFIG_DIR=/app/config \
    FRONTLINE_DATABASE_URL="sqlite+aiosqlite:////data/frontline.db" \
    MPLCONFIGDIR=/tmp/matplotlib
USER frontline
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["frontline-digest"]
CMD ["run"]
