#!/usr/bin/env bash
# Runs the translator with the bundled model, building whatever is missing first.
#   bash scripts/run.sh                 serve the translator page on http://localhost:${PORT:-8080}
#   echo "Hello." | bash scripts/run.sh  translate text piped or redirected in, on the command line
#   bash scripts/run.sh --serve | --cli [en-de|de-en]
#                                       choose explicitly (--cli without input translates a sample)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}" direction="${2:-en-de}"
usage() { echo "usage: bash scripts/run.sh [--serve | --cli [en-de|de-en]]" >&2; exit 2; }
case "$mode" in
  --serve | --cli) ;;
  "") if [ -p /dev/stdin ] || [ -f /dev/stdin ]; then mode=--cli; else mode=--serve; fi ;;
  *) usage ;;
esac
case "$direction" in en-de | de-en) ;; *) usage ;; esac

if [ "$mode" = --serve ]; then
  bash scripts/setup.sh web
  [ -d node_modules ] || npm ci --no-audit --no-fund
  npm run build
  exec node scripts/serve.mjs
fi

model="models/$direction.mnmt"
if [ ! -f "$model" ]; then
  model="build/test-model.$direction.mnmt"
  echo "run: models/$direction.mnmt is not there yet; using a random-weight test model (gibberish output)" >&2
fi
bash scripts/setup.sh native >&2   # build output on stderr: stdout carries only the translation
BUILD_DIR=build bash scripts/build.sh >&2
[ -f "$model" ] || /usr/bin/python3 models/train/make_test_model.py --direction "$direction" --out "$model" >&2
if [ -p /dev/stdin ] || [ -f /dev/stdin ]; then
  build/mobilenmt translate -m "$model"
elif [ "$direction" = de-en ]; then
  printf '%s\n' "Hallo Welt." "Wie geht es dir heute?" "Das Wetter ist schön, deshalb gehen wir spazieren." |
    build/mobilenmt translate -m "$model"
else
  printf '%s\n' "Hello world." "How are you today?" "The weather is nice, so we are going for a walk." |
    build/mobilenmt translate -m "$model"
fi
