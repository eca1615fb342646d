"""export.py on tiny randomly initialised model.py checkpoints (fp32 and QAT)."""
import contextlib
import io
import json
import os
import tempfile
import unittest
from unittest import mock

import numpy as np

from tests.python import helpers

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None


@unittest.skipIf(torch is None, "needs torch")
class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from model import Config, Transformer
        import sentencepiece as spm
        import export
        cls.export = export
        cls.dir = tempfile.TemporaryDirectory()
        d = cls.dir.name
        cls.data = os.path.join(d, "data")
        os.makedirs(cls.data)
        cls.lines = helpers.sentences().splitlines()
        for lang in ("en", "de"):  # the fixture doubles as a (nonsense) parallel corpus
            with open(os.path.join(cls.data, f"train.{lang}"), "w", encoding="utf-8") as fh:
                fh.write(helpers.sentences())
        torch.manual_seed(0)
        cfg = Config(d_model=32, n_heads=4, d_ffn=64, n_enc_layers=2, n_dec_layers=2, max_positions=64,
                     activation="gelu")
        cls.model = Transformer(cfg).eval()
        cls.fp32 = os.path.join(d, "fp32.pt")
        torch.save({"model": cls.model.state_dict(), "config": cfg.to_dict(), "qat": False,
                    "src": "en", "tgt": "de", "step": 10, "best": 9.5}, cls.fp32)
        # QAT checkpoint: clips from a quick calibration, fake quantization on.
        sp = spm.SentencePieceProcessor(model_file=helpers.SPM)
        cls.sources = [sp.encode(line) + [cfg.eos_id] for line in cls.lines[:6]]
        with torch.no_grad():
            cls.model.set_calibrating(True)
            for s in cls.sources:
                cls.model(torch.tensor([s]), torch.tensor([[cfg.bos_id] + s[:4]]))
            cls.model.set_calibrating(False)
            for m in cls.model.modules():
                if hasattr(m, "observed"):
                    m.clip.data.fill_(float(m.observed))
        cls.model.set_quantized(True)
        cls.qat = os.path.join(d, "qat.pt")
        torch.save({"model": cls.model.state_dict(), "config": cfg.to_dict(), "qat": True,
                    "src": "en", "tgt": "de"}, cls.qat)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def run_export(self, *args):
        out = io.StringIO()
        with mock.patch("sys.argv", ["export.py", *args]), contextlib.redirect_stdout(out):
            self.export.main()
        return out.getvalue()

    def test_qat_export_matches_torch(self):
        import reference as R
        path = os.path.join(self.dir.name, "qat.mnmt")
        printed = self.run_export(self.qat, "--out", path)
        self.assertIn("enc.0.qkv.weight", printed)
        self.assertIn("bytes", printed)
        m = R.load(path)
        self.assertEqual(m.c["activation"], 1)
        self.assertAlmostEqual(float(m.t["enc.1.attn.v.clip"][0]),
                               float(self.model.encoder[1].attn.v_quant.clip) + 1e-4, places=6)
        prefix = [m.c["bos_id"], 100, 200]
        for src in self.sources[:3]:
            with torch.no_grad():
                memory, keep = self.model.encode(torch.tensor([src]))
                expected = self.model.decode(torch.tensor([prefix]), memory, keep)[0].numpy()
            ops = m.exact
            cross = R.encode(ops, m, src)
            caches = [[] for _ in range(m.c["n_dec_layers"])]
            for t, tok in enumerate(prefix):
                got = R.decoder_step(ops, m, cross, caches, [tok], t)[0]
                # the fake-quantized torch model and the integer engine agree up to float rounding
                np.testing.assert_allclose(got, expected[t], atol=0.02 * expected[t].std())
                self.assertGreater(np.corrcoef(got, expected[t])[0, 1], 0.9999)

    def test_fp32_export_calibrates_and_decodes(self):
        import reference as R
        path = os.path.join(self.dir.name, "fp32.mnmt")
        printed = self.run_export(self.fp32, "--out", path, "--data", self.data, "--calib-batches", "3",
                                  "--calib-max-tokens", "200")
        self.assertIn("post-training: 3 batches", printed)
        m = R.load(path)
        meta = R.read_model(path)[1]
        self.assertEqual(meta["direction"], "en-de")
        self.assertEqual(meta["checkpoint"]["step"], 10)
        self.assertEqual(meta["parameters"], sum(p.numel() for p in self.model.parameters()))
        clip = float(m.t["dec.1.cross.ctx.clip"][0])
        self.assertTrue(0.001 <= clip < 8.0)  # observed, not the untrained default of 8
        for src in self.sources[:3]:
            out = R.greedy(m, src)
            self.assertLessEqual(len(out), m.src_len_limit(len(src)))

    def test_fp32_keep_clips_exports_its_own_clips(self):
        from mnmt_format import read_model
        import reference as R
        trained = os.path.join(self.dir.name, "fp32-from-qat.pt")
        torch.save({**torch.load(self.qat), "qat": False}, trained)
        path = os.path.join(self.dir.name, "kept.mnmt")
        self.run_export(trained, "--out", path, "--keep-clips")
        m = R.load(path)
        self.assertEqual(float(m.t["dec.1.cross.ctx.clip"][0]),
                         np.float32(float(self.model.decoder[1].cross_attn.ctx_quant.clip) + 1e-4))
        self.assertIn("clips kept", read_model(path)[1]["quantization"])

    def test_fp32_needs_data(self):
        with self.assertRaisesRegex(SystemExit, "needs --data"):
            self.run_export(self.fp32, "--out", os.path.join(self.dir.name, "x.mnmt"))

    def test_size_limit(self):
        path = os.path.join(self.dir.name, "big.mnmt")
        with mock.patch.object(self.export, "MAX_BYTES", 1000):
            with self.assertRaisesRegex(SystemExit, "--allow-large"):
                self.run_export(self.qat, "--out", path)
            self.assertFalse(os.path.exists(path) or os.path.exists(path + ".tmp"))
            self.run_export(self.qat, "--out", path, "--allow-large")
        self.assertTrue(os.path.exists(path))

    def test_cli_with_metadata(self):
        from mnmt_format import read_model
        meta_file = os.path.join(self.dir.name, "meta.json")
        with open(meta_file, "w") as fh:
            json.dump({"name": "test", "license": "none"}, fh)
        path = os.path.join(self.dir.name, "cli.mnmt")
        helpers.run(["models/train/export.py", "--checkpoint", self.qat, "--out", path, "--metadata", meta_file])
        config, meta, spm_bytes, _ = read_model(path)
        self.assertEqual((meta["name"], meta["license"], meta["quantization"]),
                         ("test", "none", "quantization-aware training"))
        with open(helpers.SPM, "rb") as fh:
            self.assertEqual(spm_bytes, fh.read())
        self.assertEqual((config["source_language"], config["target_language"]), ("en", "de"))


if __name__ == "__main__":
    unittest.main()
