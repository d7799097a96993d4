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
    && mkdir -p /app/data \
    && chown -R newsetl:newsetl /app/data

USER 10001
VOLUME ["/app/data"]
WORKDIR /app/data
ENV NEWSETL_INBOX=/app/data/inbox \
    NEWSETL_WAREHOUSE=/app/data/warehouse.sqlite \
    NEWSETL_PREFECT_HOME=/app/data/prefect

# The scheduled deployment (cron from NEWSETL_CRON, default every 15 minutes); `newsetl run`
# for one run. Prefect's server and UI listen on 127.0.0.1:4200 inside the container.
CMD ["newsetl", "serve"]
