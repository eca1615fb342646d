#!/bin/sh
# Seed corpus for fuzz_model_loader: the small test model, a few prefixes of it, and a file whose
# sections all run past its end.
# usage: make_seed_corpus.sh MODEL CORPUS_DIR
set -eu
model=$1 corpus=$2
rm -rf "$corpus"
mkdir -p "$corpus"
cp "$model" "$corpus/model.mnmt"
for n in 16 20 104 200 4096; do head -c "$n" "$model" > "$corpus/prefix-$n.mnmt"; done
printf 'MNMT\001\000\000\000' > "$corpus/header-only.mnmt"
