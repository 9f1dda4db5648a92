#!/bin/sh
# Trims a production install for the container image (run by the Dockerfile's build stage after `npm prune --omit=dev`).
# Each step removes files the sidecar never reads on Linux; sizes are what they saved when measured (docs/deployment.md).
set -eu
app=${1:-/app}
cd "$app"
arch=$(node -p process.arch)

# onnxruntime-node carries macOS, Windows and other-architecture binaries (~240 MB): keep this Linux architecture's.
ort=node_modules/onnxruntime-node/bin/napi-v6
if [ -d "$ort/linux/$arch" ]; then
  find "$ort" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
  find "$ort/linux" -mindepth 1 -maxdepth 1 ! -name "$arch" -exec rm -rf {} +
else
  echo "container-prune: no onnxruntime binaries for linux/$arch" >&2; exit 1
fi

# hnswlib-node: keep the compiled addon, drop node-gyp's intermediate objects.
hn=node_modules/hnswlib-node/build
if [ -d "$hn" ]; then
  find "$hn" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
  find "$hn/Release" -mindepth 1 ! -name '*.node' -exec rm -rf {} + 2>/dev/null || true
  ls "$hn"/Release/*.node >/dev/null
fi

# @vladmandic/face-api: only the dlib recognition weights are used (rebuilt as ONNX at start), not its JS or other models.
fa=node_modules/@vladmandic/face-api
if [ -d "$fa" ]; then
  find "$fa" -mindepth 1 -maxdepth 1 ! -name package.json ! -name LICENSE ! -name model -exec rm -rf {} +
  find "$fa/model" -mindepth 1 ! -name 'face_recognition_model*' -exec rm -rf {} +
fi

# tsx runs TypeScript sources (a checkout's `npm start`); the image runs dist/. It brings esbuild twice (the package's
# installed binary and the platform package): about 23 MB.
rm -rf node_modules/tsx node_modules/esbuild node_modules/@esbuild node_modules/.bin/tsx node_modules/.bin/esbuild

# Sources already compiled into dist/, and npm's caches.
rm -rf src builder bench test scripts codegen.ts vitest.config.ts tsconfig.json tsconfig.build.json tsconfig.image.json
rm -rf /root/.npm /tmp/* 2>/dev/null || true
