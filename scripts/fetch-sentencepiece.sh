#!/usr/bin/env bash
# Unpacks the pristine SentencePiece source (Debian's .orig.tar.gz, Apache-2.0) into
# third_party/sentencepiece-src/ for the static WASM / aarch64 builds (docs: toolchain.md §2).
# Debian's patched tree drops the static-library target, so the .orig tarball is used as is.
# Idempotent: does nothing when the tree is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="third_party/sentencepiece-src"
[ -f "$dest/CMakeLists.txt" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# A fresh Debian 12 machine has no deb-src entries; derive them from the deb822 binary sources.
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  echo "fetch-sentencepiece: adding deb-src sources" >&2
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
    $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  $SUDO apt-get update -qq
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && apt-get source --download-only sentencepiece >/dev/null 2>&1) || {
  # Stale package lists (deb-src added earlier without an update): refresh once and retry.
  $SUDO apt-get update -qq
  (cd "$scratch" && apt-get source --download-only sentencepiece >/dev/null)
}
orig="$(ls "$scratch"/sentencepiece_*.orig.tar.gz | head -n1)"
mkdir -p "$dest"
tar -xzf "$orig" -C "$dest" --strip-components=1
echo "fetch-sentencepiece: $(basename "$orig") -> $dest" >&2
