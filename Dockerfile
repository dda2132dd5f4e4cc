# One image serves both production roles; only the command differs:
#   api    (default)  node --import tsx main/api.ts
#   worker            node --import tsx main/worker.ts
# The TypeScript sources run through tsx (a runtime dependency), so there is no build step.

# Debian (glibc), not Alpine: the Temporal SDK's native core-bridge ships glibc binaries only.
FROM node:24-bookworm-slim

# The slim image has no CA bundle; the Temporal core-bridge (Rust/rustls) reads the system store,
# even for a plaintext local server, and needs it to reach Temporal Cloud or an SMTP relay over TLS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production
# As scripts/run-engine.sh does for npm start: glibc returns what start-up freed (PGlite's first
# run above all) instead of keeping it resident.
ENV MALLOC_TRIM_THRESHOLD_=1048576
WORKDIR /app

# Dependencies first, so this layer is reused until package.json or the lock file changes.
# Install scripts stay enabled: @swc/core (the worker bundles workflows at start), protobufjs and
# esbuild (used by tsx) need them; they are the packages package.json's allowScripts permits.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# Sources, one folder per COPY (a multi-source COPY would flatten the folders' contents).
# tsconfig.json is read by tsx, so the runtime resolves modules as in development.
COPY tsconfig.json ./
COPY activities ./activities
COPY api ./api
COPY calendar ./calendar
COPY config ./config
COPY services ./services
COPY db ./db
COPY domain ./domain
COPY mail ./mail
COPY main ./main
COPY planning ./planning
COPY temporal ./temporal
COPY web ./web
COPY workflows ./workflows

# The code stays root-owned and read-only for the process; only the data directory
# (AIMS_DATA_DIR, default ./data, unused when DATABASE_URL and SMTP_HOST are set) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

# The api's port; the worker listens on nothing. No HEALTHCHECK here because the worker shares
# this image and serves no HTTP: the compose file checks the api's /healthz instead.
EXPOSE 3000
CMD ["node", "--import", "tsx", "main/api.ts"]
