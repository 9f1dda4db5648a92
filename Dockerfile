# syntax=docker/dockerfile:1
#
# stash-face sidecar images.
#   CPU (the last stage, the default):  docker build -t stash-face .
#   NVIDIA GPU (CUDA 12 + cuDNN 9):      docker build --target cuda -t stash-face:cuda .
# Both listen on 8000 (GraphiQL at /graphql), keep the face database in /data and optional models in /data/models.
# See docs/deployment.md.

ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# ---------------------------------------------------------------------------------------------------------------------
# build: compile TypeScript, bundle the Stash plugin, install production dependencies (hnswlib-node compiles here).
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Install scripts: package.json's allowScripts runs hnswlib-node's node-gyp build, esbuild's and ffmpeg-installer's;
# onnxruntime-node's is refused there (it would fetch CUDA libraries from NuGet). ONNXRUNTIME_NODE_INSTALL=skip says
# the same to npm versions that predate allowScripts.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The sidecar's sources only (tsconfig.image.json: src/, emitted to dist/src/ like `npm run build`; the builder runs
# from a checkout), then the Stash plugin bundle that the sidecar serves at /plugin/index.yml: no image without it.
RUN npx tsc -p tsconfig.image.json \
 && npm run build-plugin \
 && test -s plugin/dist/stash-face.js
RUN npm prune --omit=dev --no-audit --no-fund \
 && sh scripts/container-prune.sh /app

# ---------------------------------------------------------------------------------------------------------------------
# build-cuda: the same tree plus onnxruntime-node's CUDA 12 execution provider (downloaded by its installer from NuGet).
FROM build AS build-cuda
RUN cd node_modules/onnxruntime-node \
 && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js \
 && test -f bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so \
 && rm -f bin/napi-v6/linux/x64/libonnxruntime_providers_tensorrt.so

# ---------------------------------------------------------------------------------------------------------------------
# cuda: NVIDIA's CUDA 12 + cuDNN 9 runtime with the Node binary of the official image. Run with `--gpus all`.
FROM node:24-bookworm-slim AS node-binary
FROM ${CUDA_IMAGE} AS cuda
COPY --from=node-binary /usr/local/bin/node /usr/local/bin/node
# Ubuntu images own uid 1000 as `ubuntu`: give the uid to `node`, as in the CPU image, so /data permissions carry over.
RUN if id ubuntu >/dev/null 2>&1; then userdel -r ubuntu; fi \
 && if getent group 1000 >/dev/null; then groupdel "$(getent group 1000 | cut -d: -f1)"; fi \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
WORKDIR /app
COPY --from=build-cuda /app /app
RUN ln -s "/app/node_modules/@ffmpeg-installer/linux-x64/ffmpeg" /usr/local/bin/ffmpeg \
 && ln -s /app/bin/stash-face.mjs /usr/local/bin/stash-face \
 && mkdir -p /data/models && chown -R node:node /data
# glibc's malloc keeps one arena per thread and rarely returns their memory: with 2 arenas, ten reloads of a 137 MB
# database grew RSS by 22 MB instead of 138 MB, and after 8 concurrent 50 MP identifies RSS settled at 1.48x idle
# instead of 1.63x (npm run bench memory, 2 cores under load).
ENV MALLOC_ARENA_MAX=2
ENV NODE_ENV=production DATABASE_PATH=/data MODELS_PATH=/data/models PORT=8000 HOST=0.0.0.0 EXECUTION_PROVIDERS=auto \
    NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER node
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["node", "/app/bin/stash-face.mjs", "healthcheck"]
STOPSIGNAL SIGTERM
CMD ["node", "/app/bin/stash-face.mjs", "serve"]

# ---------------------------------------------------------------------------------------------------------------------
# cpu (default): Node 24 on Debian bookworm slim, onnxruntime's CPU provider, the static ffmpeg from npm.
FROM node:24-bookworm-slim AS cpu
WORKDIR /app
COPY --from=build /app /app
RUN arch="$(node -p process.arch)" \
 && ln -s "/app/node_modules/@ffmpeg-installer/linux-${arch}/ffmpeg" /usr/local/bin/ffmpeg \
 && ln -s /app/bin/stash-face.mjs /usr/local/bin/stash-face \
 && mkdir -p /data/models && chown -R node:node /data
# glibc's malloc keeps one arena per thread and rarely returns their memory: with 2 arenas, ten reloads of a 137 MB
# database grew RSS by 22 MB instead of 138 MB, and after 8 concurrent 50 MP identifies RSS settled at 1.48x idle
# instead of 1.63x (npm run bench memory, 2 cores under load).
ENV MALLOC_ARENA_MAX=2
ENV NODE_ENV=production DATABASE_PATH=/data MODELS_PATH=/data/models PORT=8000 HOST=0.0.0.0 EXECUTION_PROVIDERS=auto
USER node
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["node", "/app/bin/stash-face.mjs", "healthcheck"]
STOPSIGNAL SIGTERM
CMD ["node", "/app/bin/stash-face.mjs", "serve"]
