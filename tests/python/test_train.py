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
    def lr(self, step, schedule, max_steps=1000):
        from train import lr_at
        return lr_at(step, SimpleNamespace(lr=1e-3, warmup=100, max_steps=max_steps, schedule=schedule))

    def test_fp32_warms_up_then_decays_as_inverse_square_root(self):
        self.assertAlmostEqual(self.lr(50, "rsqrt"), 5e-4)
        self.assertAlmostEqual(self.lr(100, "rsqrt"), 1e-3)
        self.assertAlmostEqual(self.lr(400, "rsqrt"), 5e-4)
        self.assertGreater(self.lr(10 ** 6, "rsqrt"), 0)  # no end: the run can be extended

    def test_qat_warms_up_then_cools_down_linearly_to_zero(self):
        self.assertAlmostEqual(self.lr(50, "linear"), 5e-4 * 0.95)
        self.assertAlmostEqual(self.lr(500, "linear"), 5e-4)
        self.assertEqual(self.lr(1000, "linear"), 0.0)
        steps = [self.lr(s, "linear") for s in range(100, 1001, 100)]
        self.assertEqual(steps, sorted(steps, reverse=True))

    def test_constant_warms_up_then_holds_without_end(self):
        self.assertAlmostEqual(self.lr(50, "constant"), 5e-4)
        self.assertAlmostEqual(self.lr(100, "constant"), 1e-3)
        self.assertAlmostEqual(self.lr(10 ** 6, "constant"), 1e-3)


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

        # fp32 continued from the QAT weights at a constant rate, then a QAT branch from it that keeps the
        # clips learned by the first QAT run instead of calibrating them.
        continued = os.path.join(self.dir.name, "fp32-continued")
        log = self.train(continued, "--init", os.path.join(qat, "best.pt"), "--schedule", "constant",
                         "--max-steps", "2")
        self.assertIn("qat=False", log)
        state = torch.load(os.path.join(continued, "last.pt"))
        carried = {k: v for k, v in state["model"].items() if k.endswith(".clip")}
        self.assertEqual(carried.keys(), {k for k in state["model"] if k.endswith(".clip")})
        learned = torch.load(os.path.join(qat, "best.pt"))["model"]
        for name, clip in carried.items():
            self.assertEqual(learned[name].item(), clip.item(), f"fp32 training changed {name}")
        branch = os.path.join(self.dir.name, "qat-branch")
        self.train(branch, "--qat", "--init", os.path.join(continued, "last.pt"), "--max-steps", "0",
                   "--calibration-batches", "2", "--ema-decay", "0", "--keep-clips")
        kept = torch.load(os.path.join(branch, "last.pt"))["model"]
        for name, clip in carried.items():
            self.assertEqual(kept[name].item(), clip.item(), f"{name} was recalibrated")


if __name__ == "__main__":
    unittest.main()
