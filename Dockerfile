# rollcall in a container: Node 24 LTS (slim), run as the unprivileged user "node".
# The config and the secrets are mounted, never built in; plans, journals and the apply lock
# live in the volume at /var/lib/rollcall. See README, "Installing and scheduling".
#
#   docker build -t rollcall .
#   docker run --rm --env-file /etc/rollcall/rollcall.env \
#     -v /etc/rollcall:/etc/rollcall:ro -v rollcall-state:/var/lib/rollcall \
#     rollcall plan --config /etc/rollcall/district.json --out plans/tonight.json

FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json README.md ./
COPY src ./src
COPY fixtures ./fixtures
# The same tarball `npm pack` makes for a district installing without Docker.
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp

FROM node:24-slim
ENV NODE_ENV=production
COPY --from=build /tmp/rollcall-*.tgz /tmp/
RUN npm install -g --omit=dev --no-audit --no-fund /tmp/rollcall-*.tgz \
 && rm /tmp/rollcall-*.tgz \
 && npm cache clean --force \
 && mkdir -p /etc/rollcall /var/lib/rollcall \
 && chown node:node /var/lib/rollcall
USER node
WORKDIR /var/lib/rollcall
VOLUME ["/var/lib/rollcall"]
ENTRYPOINT ["rollcall"]
CMD ["--help"]
