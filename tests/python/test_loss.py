"""loss.py against PyTorch's own label-smoothed cross-entropy."""
import unittest

from tests.python import helpers  # noqa: F401  (puts models/train on the path)

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover
    torch = None

PAD = 0


@unittest.skipIf(torch is None, "needs torch")
class SmoothedCrossEntropyTest(unittest.TestCase):
    def value_and_gradient(self, loss, logits, target):
        logits = logits.clone().requires_grad_(True)
        value = loss(logits, target)
        (value * 0.01).backward()
        self.assertEqual(logits.grad.dtype, logits.dtype)
        return value.detach(), logits.grad.float()

    def check(self, dtype, smoothing, rows=150, vocab=301):  # 150 rows: three blocks, the last one partial
        from loss import smoothed_cross_entropy
        torch.manual_seed(1)
        logits = (torch.randn(2, rows // 2, vocab) * 4).to(dtype)
        target = torch.randint(1, vocab, (2, rows // 2))
        target[:, -7:] = PAD
        ours = self.value_and_gradient(lambda x, t: smoothed_cross_entropy(x, t, smoothing, PAD), logits, target)
        theirs = self.value_and_gradient(
            lambda x, t: F.cross_entropy(x.float().reshape(-1, vocab), t.reshape(-1), ignore_index=PAD,
                                         label_smoothing=smoothing, reduction="sum"), logits, target)
        self.assertTrue(torch.allclose(ours[0], theirs[0], rtol=1e-5), (ours[0], theirs[0]))
        tolerance = 1e-7 if dtype == torch.float32 else 1e-4  # a bf16 gradient keeps 8 bits
        self.assertTrue(torch.allclose(ours[1], theirs[1], atol=tolerance, rtol=1e-2))
        self.assertTrue(torch.equal(ours[1][..., -7:, :], torch.zeros_like(ours[1][..., -7:, :])))

    def test_fp32_with_label_smoothing(self):
        self.check(torch.float32, 0.1)

    def test_fp32_without_label_smoothing(self):
        self.check(torch.float32, 0.0)

    def test_bf16_logits_give_a_bf16_gradient(self):
        self.check(torch.bfloat16, 0.1)

    def test_all_padding_is_zero(self):
        from loss import smoothed_cross_entropy
        value = smoothed_cross_entropy(torch.randn(3, 10), torch.full((3,), PAD), 0.1, PAD)
        self.assertEqual(value.item(), 0.0)


if __name__ == "__main__":
    unittest.main()
