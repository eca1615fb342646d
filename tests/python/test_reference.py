"""make_test_model.py and reference.py: deterministic files, non-degenerate decoding, the CLI."""
import json
import os
import tempfile
import unittest

import numpy as np

from tests.python import helpers
import reference as R
from mnmt_format import required_tensors

MAKE = "models/train/make_test_model.py"
REF = "models/train/reference.py"


class TestModelAndReference(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.dir.name, "test.mnmt")
        helpers.run([MAKE, "--out", cls.path])
        cls.model = R.load(cls.path)
        import sentencepiece as spm
        cls.sp = spm.SentencePieceProcessor(model_proto=cls.model.spm_bytes)
        cls.lines = helpers.sentences().splitlines()
        cls.sources = [R.source_ids(cls.model, cls.sp, line) for line in cls.lines]

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_file_is_deterministic(self):
        again = os.path.join(self.dir.name, "again.mnmt")
        helpers.run([MAKE, "--out", again])
        with open(self.path, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())
        c = self.model.c
        self.assertEqual((c["vocab_size"], c["d_model"], c["n_heads"], c["d_ffn"], c["n_enc_layers"],
                          c["n_dec_layers"], c["max_positions"], c["activation"], c["norm_position"]),
                         (8000, 64, 4, 128, 2, 2, 128, 0, 0))

    def test_greedy_cli_is_deterministic_and_not_degenerate(self):
        out = helpers.run([REF, self.path], stdin=helpers.sentences()).splitlines()
        self.assertEqual(len(out), len(self.lines))
        ids = [[int(x) for x in line.split()] for line in out]
        for src, tokens in zip(self.sources[:4], ids):  # the API gives what the CLI printed
            self.assertEqual(R.greedy(self.model, src), tokens)
        limits = [self.model.src_len_limit(len(s)) for s in self.sources]
        self.assertTrue(all(len(t) <= n for t, n in zip(ids, limits)))
        self.assertTrue(all(self.model.c["eos_id"] not in t for t in ids))
        self.assertGreaterEqual(len({tuple(t) for t in ids}), 25, "outputs should depend on the source")
        self.assertGreaterEqual(sum(len(t) > 0 for t in ids), 25, "mostly not empty (immediate eos)")
        self.assertLessEqual(sum(len(set(t)) == 1 for t in ids if len(t) >= 3), 3, "one token repeated")
        self.assertGreaterEqual(sum(len(t) < n for t, n in zip(ids, limits)), 3, "some end with eos")
        self.assertGreaterEqual(sum(len(t) == n for t, n in zip(ids, limits)), 3, "some reach max_len")
        self.assertGreater(np.mean([len(set(t)) / len(t) for t in ids if t]), 0.3)

    def test_beam_search(self):
        sources = self.sources[:6]
        greedy = [R.greedy(self.model, s) for s in sources]
        self.assertEqual([R.beam_search(self.model, s, 1) for s in sources], greedy)
        beam = [R.beam_search(self.model, s, 4) for s in sources]
        self.assertEqual(beam, [R.beam_search(self.model, s, 4) for s in sources])
        self.assertNotEqual(beam, greedy)
        for s, b in zip(sources, beam):
            self.assertLessEqual(len(b), self.model.src_len_limit(len(s)))
        cli = helpers.run([REF, self.path, "--beam", "4"], stdin="\n".join(self.lines[:2]) + "\n").splitlines()
        self.assertEqual([[int(x) for x in line.split()] for line in cli], beam[:2])

    def test_top_k_ties(self):
        x = np.array([1, 3, 3, 2, 3, 0], np.float32)
        self.assertEqual(R.top_k(x, 2).tolist(), [1, 2])
        self.assertEqual(R.top_k(x, 4).tolist(), [1, 2, 4, 3])
        self.assertEqual(R.top_k(x, 10).tolist(), [1, 2, 4, 3, 0, 5])

    def test_logits_cli(self):
        out = helpers.run([REF, self.path, "--logits"], stdin="Hello.\nGood night!\n\n").splitlines()
        self.assertEqual(len(out), 3)
        self.assertEqual(out[2], "")
        for line, src in zip(out, (self.sources[0], self.sources[-1])):
            printed = np.array([float(x) for x in line.split()], np.float32)
            expected = R.first_logits(self.model, src)
            self.assertEqual(printed.shape, (8000,))
            np.testing.assert_array_equal(printed.view(np.uint32), expected.view(np.uint32))

    def test_calibrate_cli(self):
        observed = json.loads(helpers.run([REF, self.path, "--calibrate"], stdin="Hello.\nWhy didn't you call me?\n"))
        clips = {n for n in required_tensors(self.model.c) if n.endswith(".clip")}
        self.assertEqual(set(observed), clips)
        self.assertTrue(all(v > 0 for v in observed.values()))

    def test_post_ln_gelu_variant(self):
        path = os.path.join(self.dir.name, "post.mnmt")
        helpers.run([MAKE, "--out", path, "--post-ln", "--gelu", "--seed", "3", "--d", "32", "--heads", "2",
                     "--ffn", "48", "--enc-layers", "1", "--dec-layers", "3"])
        m = R.load(path)
        self.assertEqual((m.c["norm_position"], m.c["activation"], m.c["n_dec_layers"]), (1, 1, 3))
        self.assertNotIn("enc.ln.gamma", m.t)
        outs = [R.greedy(m, R.source_ids(m, self.sp, line)) for line in self.lines[:8]]
        self.assertGreaterEqual(len({tuple(o) for o in outs}), 6)
        self.assertTrue(any(len(set(o)) > 2 for o in outs))


if __name__ == "__main__":
    unittest.main()
