# syntax=docker/dockerfile:1
# The floe image: one image runs every platform service (webserver, daemon,
# migrations) and every pipeline job (`floe job run`), so there is no image
# build per data product. Not built in floe's CI (no container engine there);
# the charts and compose.yaml reference it.

# ── build: compile TypeScript (and the web UI, once ui/ exists) ─────────────
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
RUN npx tsc -p tsconfig.build.json
COPY . .
RUN if [ -f ui/package.json ]; then npm --prefix ui ci --no-audit --no-fund && npm --prefix ui run build; fi && mkdir -p ui/dist

# ── production dependencies only (native modules built for this base) ───────
FROM node:20-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3

# ── runtime ──────────────────────────────────────────────────────────────────
FROM node:20-slim
ENV NODE_ENV=production \
    FLOE_PORT=3000 \
    FLOE_WAREHOUSE_DIR=/var/lib/floe/warehouse
WORKDIR /opt/floe
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/ui/dist ./ui/dist
COPY package.json ./
COPY schemas ./schemas
COPY charts ./charts
# A fixed non-root uid (the charts' podSecurity.uid); the root filesystem can be read-only.
RUN groupadd --gid 10001 floe && useradd --uid 10001 --gid floe --no-create-home --shell /usr/sbin/nologin floe \
 && mkdir -p /var/lib/floe/warehouse && chown -R floe:floe /var/lib/floe \
 && ln -s /opt/floe/dist/cli/main.js /usr/local/bin/floe && chmod +x /opt/floe/dist/cli/main.js
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["floe"]
CMD ["--help"]
