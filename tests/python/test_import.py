"""import_mnmt.py: a .mnmt file back into a training checkpoint that exports to the same tensors and
that QAT continues from with its learned clips."""
import json
import os
import tempfile
import unittest

import numpy as np

from tests.python import helpers

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

TINY = {"vocab_size": 8000, "d_model": 32, "n_heads": 4, "d_ffn": 64, "n_enc_layers": 2, "n_dec_layers": 1,
        "max_positions": 64}


@unittest.skipIf(torch is None, "needs torch")
class ImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from model import Config, Transformer
        cls.dir = tempfile.TemporaryDirectory()
        torch.manual_seed(3)
        model = Transformer(Config(**TINY))
        for name, p in model.named_parameters():
            if name.endswith(".clip"):
                p.data.fill_(float(torch.rand(1)) * 4 + 0.5)
        cls.trained = os.path.join(cls.dir.name, "trained.pt")
        torch.save({"model": model.state_dict(), "config": model.cfg.to_dict(), "qat": True, "step": 7,
                    "best": 1.0, "src": "en", "tgt": "de"}, cls.trained)
        cls.shipped = os.path.join(cls.dir.name, "shipped.mnmt")
        helpers.run([os.path.join(helpers.TRAIN, "export.py"), cls.trained, "--out", cls.shipped])
        cls.imported = os.path.join(cls.dir.name, "imported.pt")
        helpers.run([os.path.join(helpers.TRAIN, "import_mnmt.py"), cls.shipped, "--out", cls.imported])

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def clips(self, checkpoint):
        state = torch.load(checkpoint)["model"]
        return {k: v.item() for k, v in state.items() if k.endswith(".clip")}

    def test_checkpoint_is_the_trained_model_up_to_weight_rounding(self):
        trained, imported = torch.load(self.trained), torch.load(self.imported)
        self.assertTrue(imported["qat"])
        self.assertEqual((imported["src"], imported["tgt"], imported["step"]), ("en", "de", 7))
        self.assertEqual(imported["config"], trained["config"])
        for key, value in trained["model"].items():
            if key.endswith("observed") or key.endswith("observations"):
                continue
            tolerance = value.abs().max().item() / 127 / 2 + 1e-6 if value.dim() == 2 else 2e-6
            self.assertLessEqual((imported["model"][key] - value).abs().max().item(), tolerance, key)

    def test_exporting_the_import_gives_the_same_tensors(self):
        from mnmt_format import read_model
        again = os.path.join(self.dir.name, "again.mnmt")
        helpers.run([os.path.join(helpers.TRAIN, "export.py"), self.imported, "--out", again])
        config_a, _, spm_a, tensors_a = read_model(self.shipped)
        config_b, _, spm_b, tensors_b = read_model(again)
        self.assertEqual((config_a, spm_a), (config_b, spm_b))
        self.assertEqual(sorted(tensors_a), sorted(tensors_b))
        for name in tensors_a:
            np.testing.assert_array_equal(tensors_a[name], tensors_b[name], err_msg=name)

    def test_qat_from_the_import_keeps_its_clips(self):
        data = os.path.join(self.dir.name, "data")
        os.makedirs(data, exist_ok=True)
        for split in ("train", "dev"):
            for lang in ("en", "de"):
                with open(os.path.join(data, f"{split}.{lang}"), "w", encoding="utf-8") as fh:
                    fh.write(helpers.sentences())
        ckpt = os.path.join(self.dir.name, "qat")
        log = helpers.run([os.path.join(helpers.TRAIN, "train.py"), "--data", data, "--spm", helpers.SPM,
                           "--ckpt", ckpt, "--qat", "--init", self.imported, "--lr", "0", "--max-steps", "1",
                           "--max-tokens", "300", "--threads", "1", "--ema-decay", "0",
                           "--config", json.dumps(TINY)], timeout=300)
        self.assertIn("qat=True", log)
        self.assertEqual(self.clips(os.path.join(ckpt, "last.pt")), self.clips(self.imported))


if __name__ == "__main__":
    unittest.main()
