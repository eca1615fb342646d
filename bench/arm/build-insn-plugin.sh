#!/usr/bin/env bash
# Builds qemu's instruction-counting TCG plugin (tests/plugin/insn.c, GPL-2.0+) into
# build-arm/qemu-plugins/libinsn.so and prints its path. Debian's qemu-user is built with plugin
# support but ships no plugin, so insn.c and the plugin API header come from the source package of the
# installed qemu version (the API header must match the running qemu). Does nothing when it is built.
set -euo pipefail
cd "$(dirname "$0")/../.."
plugin=build-arm/qemu-plugins/libinsn.so
if [ -f "$plugin" ]; then
  echo "$plugin"
  exit 0
fi
bash scripts/setup.sh arm
if ! qemu-aarch64 -h | grep -- '^-plugin' >/dev/null; then
  echo "build-insn-plugin: this qemu-aarch64 was built without TCG plugins: no way to count instructions" >&2
  exit 1
fi

version="$(dpkg-query -W -f='${source:Version}' qemu-user)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && apt-get source --download-only "qemu=$version" >/dev/null 2>&1) || {
  $([ "$(id -u)" -eq 0 ] || echo sudo) apt-get update -qq
  (cd "$scratch" && apt-get source --download-only "qemu=$version" >/dev/null) || {
    echo "build-insn-plugin: no source of qemu $version: apt needs deb-src entries" \
      "(scripts/fetch-sentencepiece.sh adds them)" >&2
    exit 1
  }
}
tar -xJf "$scratch"/qemu_*.orig.tar.xz -C "$scratch" --strip-components=1 --wildcards \
  '*/include/qemu/qemu-plugin.h' '*/tests/plugin/insn.c'
mkdir -p "$(dirname "$plugin")"
cc -O2 -shared -fPIC -I"$scratch/include/qemu" $(pkg-config --cflags glib-2.0) "$scratch/tests/plugin/insn.c" \
  -o "$plugin" $(pkg-config --libs glib-2.0)
echo "build-insn-plugin: qemu $version tests/plugin/insn.c -> $plugin" >&2
echo "$plugin"
