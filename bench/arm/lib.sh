# Sourced by the bench/arm scripts, from the repository root: the static aarch64 CLI and the model.
arm_cli=build-arm/mobilenmt

die() { echo "${0##*/}: $*" >&2; exit 2; }

# Configures build-arm/ when needed and brings build-arm/mobilenmt up to date (progress on stderr).
build_arm_cli() {
  bash scripts/lib/configure-arm.sh
  cmake --build build-arm -j"$(nproc)" --target mobilenmt >&2
}

# models/en-de.mnmt once it ships, else the random-weight test model (made here when missing).
default_model() {
  if [ -f models/en-de.mnmt ]; then
    echo models/en-de.mnmt
    return
  fi
  [ -f build-arm/test-model.mnmt ] ||
    /usr/bin/python3 models/train/make_test_model.py --out build-arm/test-model.mnmt >&2
  echo build-arm/test-model.mnmt
}
