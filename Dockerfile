# newsetl: the same set-up as the README's `make run`, in a container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app

# Dependencies first, from the lock, so code changes do not reinstall them.
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

# Then the code.
COPY flows ./flows
COPY transforms ./transforms
COPY expectations ./expectations
COPY warehouse ./warehouse
COPY samples ./samples
RUN uv sync --frozen --no-dev \
    && useradd --create-home --uid 10001 newsetl \
    && mkdir -p /app/data /app/ui \
    && chown -R newsetl:newsetl /app/data /app/ui

USER 10001
VOLUME ["/app/data"]
WORKDIR /app/data
# Prefect's server and UI listen on every interface of the container (0.0.0.0), where a
# published port reaches them; the UI's files are unpacked where this user may write.
ENV NEWSETL_INBOX=/app/data/inbox \
    NEWSETL_WAREHOUSE=/app/data/warehouse.sqlite \
    NEWSETL_PREFECT_HOME=/app/data/prefect \
    NEWSETL_PREFECT_HOST=0.0.0.0 \
    PREFECT_UI_STATIC_DIRECTORY=/app/ui

# The scheduled deployment (cron from NEWSETL_CRON, default every 15 minutes), its Prefect UI
# on port 4200; `newsetl run` for one run. Publish the port on the host's loopback only:
#   docker build -t newsetl .
#   docker run --init -p 127.0.0.1:4200:4200 -v newsetl-data:/app/data \
#     -v "$PWD/inbox:/app/data/inbox:ro" newsetl
# and open http://127.0.0.1:4200 (any host port works: -p 127.0.0.1:8080:4200).
EXPOSE 4200
HEALTHCHECK --interval=30s --timeout=10s --start-period=180s --retries=3 \
    CMD ["python", "-m", "flows.serve"]
CMD ["newsetl", "serve"]
