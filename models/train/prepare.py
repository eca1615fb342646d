#!/usr/bin/python3
"""Build the cleaned, deduplicated, shuffled en-de training corpus and the dev set.

Reads only from the shared data folder (never copies it into the repository) and writes
  OUT/train.en OUT/train.de    training pairs, one sentence per line, line-aligned
  OUT/dev.en   OUT/dev.de      newstest2013 (first 1000) + 1000 held-out Tatoeba pairs
  OUT/stats.json               how many pairs each source gave and each filter removed
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import unicodedata

HELD_OUT = [  # (english file, german file) relative to the data root: never trained on
    ("wmt-news-de-en/newstest2013.en", "wmt-news-de-en/newstest2013.de"),
    *[(f"wmt-news-de-en/newstest{y}.en", f"wmt-news-de-en/newstest{y}.de") for y in range(2014, 2019)],
    *[(f"wmt-news-de-en/newstest{y}.{d}.en", f"wmt-news-de-en/newstest{y}.{d}.de")
      for y in (2019, 2020) for d in ("en-de", "de-en")],
    ("wmt-news-de-en/newstest2021.en-de.en", "wmt-news-de-en/newstest2021.en-de.de.refA"),
    ("wmt-news-de-en/newstest2021.de-en.en.refA", "wmt-news-de-en/newstest2021.de-en.de"),
    ("wmt-news-de-en/generaltest2022.en-de.en", "wmt-news-de-en/generaltest2022.en-de.de.refA"),
    ("wmt-news-de-en/generaltest2022.de-en.en.refA", "wmt-news-de-en/generaltest2022.de-en.de"),
    ("flores101-devtest/eng.devtest", "flores101-devtest/deu.devtest"),
    ("tatoeba-test-deu-eng/tatoeba-test-v2020-07-28.eng", "tatoeba-test-deu-eng/tatoeba-test-v2020-07-28.deu"),
    ("tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.eng", "tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.deu"),
    *[(f"multi30k/{s}.en.gz", f"multi30k/{s}.de.gz")
      for s in ("val", "test_2016_flickr", "test_2017_flickr", "test_2017_mscoco", "test_2018_flickr")],
]

MAX_CHARS = 400
MAX_RATIO = 2.5
DICT_MAX_PAIRS = 60000


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def normalize(text):
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return " ".join(text.split())


def read_pairs(root, en_file, de_file):
    en = read_lines(os.path.join(root, en_file))
    de = read_lines(os.path.join(root, de_file))
    assert len(en) == len(de), (en_file, de_file)
    return list(zip(en, de))


def read_tsv(path):
    pairs = []
    for line in read_lines(path):
        cols = line.split("\t")
        if len(cols) >= 2:
            pairs.append((cols[0], cols[1]))
    return pairs


DICT_NOISE = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/]*/")


def read_dictionary(path):
    """Ding-format dictionary (Debian trans-de-en): 'German senses :: English senses', senses split
    by ' | ' and aligned, synonyms by '; '. Keeps the first synonym of each aligned sense."""
    pairs = []
    if not os.path.exists(path):
        return pairs
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or " :: " not in line:
                continue
            de_side, en_side = line.rstrip("\n").split(" :: ", 1)
            de_senses, en_senses = de_side.split(" | "), en_side.split(" | ")
            if len(de_senses) != len(en_senses):
                continue
            for de, en in zip(de_senses, en_senses):
                de = normalize(DICT_NOISE.sub("", de.split(";")[0]))
                en = normalize(DICT_NOISE.sub("", en.split(";")[0]))
                if de and en and len(de.split()) <= 4 and len(en.split()) <= 4:
                    pairs.append((en, de))
    return pairs


def keep_pair(en, de, stats):
    if not en or not de:
        stats["empty"] += 1
        return False
    if len(en) > MAX_CHARS or len(de) > MAX_CHARS:
        stats["too_long"] += 1
        return False
    longer, shorter = max(len(en), len(de)), min(len(en), len(de))
    if longer > 12 and longer > MAX_RATIO * shorter:
        stats["ratio"] += 1
        return False
    if en == de and len(en.split()) > 2:
        stats["untranslated"] += 1
        return False
    if sum(c.isalpha() for c in en) < 0.3 * len(en):
        stats["not_text"] += 1
        return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--dictionary", default="/usr/share/trans/de-en")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = os.path.abspath(args.data)
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)

    held_en, held_de = set(), set()
    for en_file, de_file in HELD_OUT:
        for en, de in read_pairs(root, en_file, de_file):
            held_en.add(normalize(en))
            held_de.add(normalize(de))

    # Tatoeba dev split grouped by English sentence, so no English sentence is on both sides.
    tatoeba = read_tsv(os.path.join(root, "tatoeba-anki-deu-eng/deu-eng.no-tatoeba-test.tsv.gz"))
    english = sorted({normalize(en) for en, _ in tatoeba})
    dev_english = set(rng.sample(english, 1000))
    tatoeba_dev, tatoeba_train, seen = [], [], set()
    for en, de in tatoeba:
        if normalize(en) in dev_english:
            if normalize(en) not in seen:
                seen.add(normalize(en))
                tatoeba_dev.append((normalize(en), normalize(de)))
        else:
            tatoeba_train.append((en, de))

    sources = collections.OrderedDict()
    sources["tatoeba"] = tatoeba_train
    for name in ("libreoffice-help", "gnome-help", "debian-reference"):
        sources[name] = read_tsv(os.path.join(root, f"debian-docs-de-en/{name}.en-de.tsv.gz"))
    sources["multi30k"] = read_pairs(root, "multi30k/train.en.gz", "multi30k/train.de.gz")
    sources["newstest2008-2012"] = [p for y in range(2008, 2013)
                                    for p in read_pairs(root, f"wmt-news-de-en/newstest{y}.en",
                                                        f"wmt-news-de-en/newstest{y}.de")]
    dictionary = read_dictionary(args.dictionary)
    rng.shuffle(dictionary)
    sources["trans-de-en dictionary"] = dictionary[:DICT_MAX_PAIRS]

    stats = collections.Counter()
    per_source = {}
    seen_pairs, train = set(), []
    for name, pairs in sources.items():
        kept = 0
        for en, de in pairs:
            en, de = normalize(en), normalize(de)
            if not keep_pair(en, de, stats):
                continue
            if en in held_en or de in held_de or en in dev_english:
                stats["held_out_overlap"] += 1
                continue
            if (en, de) in seen_pairs:
                stats["duplicate"] += 1
                continue
            seen_pairs.add((en, de))
            train.append((en, de))
            kept += 1
        per_source[name] = {"read": len(pairs), "kept": kept}
    rng.shuffle(train)

    news_dev = read_pairs(root, "wmt-news-de-en/newstest2013.en", "wmt-news-de-en/newstest2013.de")[:1000]
    dev = [(normalize(en), normalize(de)) for en, de in news_dev] + tatoeba_dev
    for split, pairs in (("train", train), ("dev", dev)):
        for side, lang in ((0, "en"), (1, "de")):
            with open(os.path.join(args.out, f"{split}.{lang}"), "w", encoding="utf-8") as f:
                f.writelines(p[side] + "\n" for p in pairs)
    summary = {"train_pairs": len(train), "dev_pairs": len(dev), "sources": per_source,
               "removed": dict(stats)}
    with open(os.path.join(args.out, "stats.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
