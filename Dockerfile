# Production image for both the API and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# the web console (apps/web/dist), served by the API from /
RUN npx tsc -p tsconfig.build.json && npx vite build --config apps/web/vite.config.mts --logLevel warn \
  && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# CJK font for the dossier PDF (文泉驿微米黑); the API finds it at its Debian path (or DOSSIER_FONT).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-wqy-microhei \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# SQL migrations are read at startup; workflow sources are bundled by the worker at startup.
COPY --from=build /app/libs/db/migrations ./libs/db/migrations
COPY --from=build /app/apps/web/dist ./apps/web/dist
# The data directory (attachments, and PGlite when DATABASE_URL is unset) belongs to the runtime user: uploads failed
# under USER node while /app was root's. Mount a volume here (docker-compose.yml) to keep it.
RUN mkdir -p /app/data/attachments && chown -R node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
