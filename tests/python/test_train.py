"""train.py: its learning-rate schedules, and a tiny fp32 run that resumes and then a QAT fine-tune."""
import json
import os
import tempfile
import unittest
from types import SimpleNamespace

from tests.python import helpers

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

TINY = {"d_model": 32, "n_heads": 4, "d_ffn": 64, "n_enc_layers": 2, "n_dec_layers": 1, "max_positions": 64}


@unittest.skipIf(torch is None, "needs torch")
class LearningRateTest(unittest.TestCase):
    def lr(self, step, qat, max_steps=1000):
        from train import lr_at
        return lr_at(step, SimpleNamespace(lr=1e-3, warmup=100, max_steps=max_steps, qat=qat))

    def test_fp32_warms_up_then_decays_as_inverse_square_root(self):
        self.assertAlmostEqual(self.lr(50, False), 5e-4)
        self.assertAlmostEqual(self.lr(100, False), 1e-3)
        self.assertAlmostEqual(self.lr(400, False), 5e-4)
        self.assertGreater(self.lr(10 ** 6, False), 0)  # no end: the run can be extended

    def test_qat_warms_up_then_cools_down_linearly_to_zero(self):
        self.assertAlmostEqual(self.lr(50, True), 5e-4 * 0.95)
        self.assertAlmostEqual(self.lr(500, True), 5e-4)
        self.assertEqual(self.lr(1000, True), 0.0)
        steps = [self.lr(s, True) for s in range(100, 1001, 100)]
        self.assertEqual(steps, sorted(steps, reverse=True))


@unittest.skipIf(torch is None, "needs torch")
class TrainingRunTest(unittest.TestCase):
    """Runs the real script on the fixture sentences (a nonsense parallel corpus) with a tiny model."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.dir.name, "data")
        os.makedirs(cls.data)
        text = helpers.sentences()
        for split in ("train", "dev"):
            for lang in ("en", "de"):
                with open(os.path.join(cls.data, f"{split}.{lang}"), "w", encoding="utf-8") as fh:
                    fh.write(text)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def train(self, ckpt, *extra):
        return helpers.run([os.path.join(helpers.TRAIN, "train.py"), "--data", self.data, "--spm", helpers.SPM,
                            "--ckpt", ckpt, "--config", json.dumps(TINY), "--max-tokens", "300",
                            "--threads", "1", "--eval-steps", "2", "--warmup", "2", *extra], timeout=300)

    def test_fp32_resumes_where_it_stopped_and_qat_starts_from_its_best(self):
        fp32 = os.path.join(self.dir.name, "fp32")
        self.train(fp32, "--max-steps", "3")
        self.assertEqual(torch.load(os.path.join(fp32, "last.pt"))["step"], 3)
        log = self.train(fp32, "--max-steps", "5")
        self.assertIn("step=3 ", log)
        last = torch.load(os.path.join(fp32, "last.pt"))
        self.assertEqual(last["step"], 5)
        best = torch.load(os.path.join(fp32, "best.pt"))
        self.assertFalse(best["qat"])
        self.assertEqual(best["config"]["d_model"], 32)

        qat = os.path.join(self.dir.name, "qat")
        log = self.train(qat, "--qat", "--init", os.path.join(fp32, "best.pt"), "--max-steps", "2",
                         "--calibration-batches", "2", "--ema-decay", "0")
        self.assertIn("qat=True", log)
        state = torch.load(os.path.join(qat, "best.pt"))
        self.assertTrue(state["qat"])
        clips = [v.item() for k, v in state["model"].items() if k.endswith(".clip")]
        self.assertTrue(clips)
        self.assertTrue(all(c != 8.0 for c in clips), "activation clips were not calibrated")


if __name__ == "__main__":
    unittest.main()
