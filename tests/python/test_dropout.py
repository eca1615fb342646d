"""dropout.py: the right drop rate in every lane, the right scale, and the same mask in backward."""
import unittest

from tests.python import helpers  # noqa: F401  (puts models/train on the path)

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None


@unittest.skipIf(torch is None, "needs torch")
class DropoutTest(unittest.TestCase):
    def test_each_lane_drops_at_the_rate_asked(self):
        from dropout import keep_mask
        torch.manual_seed(3)
        for p in (0.1, 0.3):
            keep = keep_mask((1000, 1000), p, torch.device("cpu")).view(-1, 4).float()
            for lane in range(4):  # 250,000 draws each: standard error below 0.001
                self.assertAlmostEqual(1 - keep[:, lane].mean().item(), p, delta=0.004, msg=f"p {p} lane {lane}")

    def test_odd_sizes_and_masks_differ_between_calls(self):
        from dropout import keep_mask
        a, b = keep_mask((7, 3, 5), 0.5, torch.device("cpu")), keep_mask((7, 3, 5), 0.5, torch.device("cpu"))
        self.assertEqual(a.shape, (7, 3, 5))
        self.assertFalse(torch.equal(a, b))

    def test_scale_keeps_the_mean_and_backward_uses_the_forward_mask(self):
        from dropout import Dropout
        torch.manual_seed(4)
        for dtype in (torch.float32, torch.bfloat16):
            layer = Dropout(0.1).train()
            x = torch.ones(500, 401, dtype=dtype, requires_grad=True)
            y = layer(x)
            self.assertEqual(y.dtype, dtype)
            kept = y != 0
            self.assertTrue(torch.allclose(y[kept].float(), torch.full_like(y[kept].float(), 1 / 0.9), rtol=1e-2))
            self.assertAlmostEqual(y.float().mean().item(), 1.0, delta=0.01)
            y.backward(torch.full_like(y, 2.0))
            self.assertTrue(torch.equal(x.grad != 0, kept))
            self.assertTrue(torch.equal(x.grad, 2 * y.detach()))

    def test_identity_in_eval_mode_and_at_zero_rate(self):
        from dropout import Dropout
        x = torch.randn(4, 5)
        self.assertIs(Dropout(0.1).eval()(x), x)
        self.assertIs(Dropout(0.0).train()(x), x)


if __name__ == "__main__":
    unittest.main()
