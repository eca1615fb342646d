#!/usr/bin/env bash
# Runs the translator with the bundled model, building whatever is missing first.
# Serves the page on http://localhost:${PORT:-8080} when the web build is available; with text on
# stdin (or without the web build) translates on the command line instead.
set -euo pipefail
cd "$(dirname "$0")/.."
model="models/en-de.mnmt"
if [ ! -f "$model" ]; then
  model="build/test-model.mnmt"
  echo "run: models/en-de.mnmt is not there yet; using a random-weight test model (output is not German)" >&2
fi

if [ -t 0 ] && [ -f package.json ] && [ -f scripts/build-web.mjs ]; then
  bash scripts/setup.sh web
  bash scripts/setup.sh native
  BUILD_DIR=build bash scripts/build.sh
  [ -d node_modules ] || npm ci --no-audit --no-fund
  npm run build
  exec node scripts/serve.mjs
fi

bash scripts/setup.sh native
BUILD_DIR=build bash scripts/build.sh
if [ ! -f "$model" ]; then
  /usr/bin/python3 models/train/make_test_model.py --out "$model"
fi
if [ -t 0 ]; then
  printf '%s\n' "Hello world." "How are you today?" "The weather is nice, so we are going for a walk." |
    build/mobilenmt translate -m "$model"
else
  build/mobilenmt translate -m "$model"
fi
