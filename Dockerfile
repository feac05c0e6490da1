# Gapal — multi-stage image: front-end builds, then a slim Python runtime run by a non-root user.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm install --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM node:20-bookworm-slim AS mobile
WORKDIR /src/mobile
COPY mobile/package.json mobile/package-lock.json ./
RUN npm install --no-audit --no-fund
COPY mobile/ ./
RUN npm run build

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 gapal
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain/ domain/
COPY application/ application/
COPY projections/ projections/
COPY api/ api/
COPY gapal/ gapal/
RUN pip install .
COPY --from=web /src/web/out/ /app/web/out/
COPY --from=mobile /src/mobile/dist/ /app/mobile/dist/
USER gapal
WORKDIR /home/gapal
EXPOSE 8000
CMD ["uvicorn", "gapal.asgi:make_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", "--proxy-headers"]
