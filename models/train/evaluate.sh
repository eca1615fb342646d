#!/usr/bin/env bash
# BLEU of the C++ engine running a .mnmt file on the held-out test sets, greedy and beam 4.
# Usage: evaluate.sh MODEL.mnmt en-de|de-en [max-lines]   (prints a markdown table)
# ALPHA=A sets the beam length penalty (default: the engine's).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
model="$1"; direction="$2"; limit="${3:-0}"
src="${direction%-*}"; tgt="${direction#*-}"
data="${DATA:-$repo/../shared/data}"
cli="$repo/build/mobilenmt"
declare -A iso=([en]=eng [de]=deu)

test_file() {  # test_file SET LANG -> path (or a process substitution for gzip)
  case "$1" in
    tatoeba) echo "$data/tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.${iso[$2]}" ;;
    newstest2014) echo "$data/wmt-news-de-en/newstest2014.$2" ;;
    flores) echo "$data/flores101-devtest/${iso[$2]}.devtest" ;;
    multi30k) echo "$data/multi30k/test_2016_flickr.$2.gz" ;;
  esac
}
read_text() { if [[ "$1" == *.gz ]]; then zcat "$1"; else cat "$1"; fi; }
head_lines() { if [ "$limit" -gt 0 ]; then sed -n "1,${limit}p"; else cat; fi; }  # reads it all: no SIGPIPE

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "| test set | lines | greedy BLEU | beam 4 BLEU |"
echo "|---|---|---|---|"
for set in tatoeba newstest2014 flores multi30k; do
  read_text "$(test_file $set "$src")" | head_lines > "$tmp/src"
  read_text "$(test_file $set "$tgt")" | head_lines > "$tmp/ref"
  row="| $set | $(wc -l < "$tmp/src")"
  for beam in 1 4; do
    "$cli" translate -m "$model" --beam "$beam" ${ALPHA:+--alpha "$ALPHA"} < "$tmp/src" > "$tmp/hyp"
    score="$("$cli" bleu --ref "$tmp/ref" < "$tmp/hyp" | head -n 1)"
    row="$row | ${score#BLEU = }"
  done
  echo "$row |"
done
