"""The fused fake-quantization nodes of model.py against the plain autograd formula they replace."""
import unittest

from tests.python import helpers  # noqa: F401  (puts models/train on the path)

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None


def reference_fake_quant(x, scale):
    """clamp(round(x / scale)) * scale, straight-through rounding, differentiated by autograd."""
    u = x / scale
    rounded = u + (torch.round(u) - u).detach()
    return torch.clamp(rounded, -127.0, 127.0) * scale


@unittest.skipIf(torch is None, "needs torch")
class FakeQuantTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        # Values on both sides of the clip, and some exactly on rounding ties.
        self.x = torch.cat([torch.randn(500) * 4, torch.tensor([127.5, -127.5, 0.5, 1.5, 200.0]) * 0.05])

    def gradients(self, function, x, clip):
        x, clip = x.clone().requires_grad_(True), clip.clone().requires_grad_(True)
        out = function(x, clip / 127.0)
        (out * torch.linspace(-1, 1, out.numel()).reshape(out.shape)).sum().backward()
        return out.detach(), x.grad, clip.grad

    def test_activation_values_equal_and_gradients_match(self):
        from model import _FakeQuant
        clip = torch.tensor(6.35)
        out, grad_x, grad_clip = self.gradients(_FakeQuant.apply, self.x, clip)
        ref_out, ref_grad_x, ref_grad_clip = self.gradients(reference_fake_quant, self.x, clip)
        self.assertTrue(torch.equal(out, ref_out))
        self.assertTrue(torch.allclose(grad_x, ref_grad_x, atol=1e-6))
        self.assertTrue(torch.allclose(grad_clip, ref_grad_clip, rtol=1e-4, atol=1e-5))
        self.assertTrue((grad_x == 0).any() and (grad_x != 0).any(), "clamped and unclamped values expected")

    def test_weight_rows(self):
        from model import fake_quant_weight
        w = torch.randn(8, 16, requires_grad=True)
        fake_quant_weight(w).sum().backward()
        scale = w.detach().abs().amax(dim=1, keepdim=True) / 127.0
        self.assertTrue(torch.equal(fake_quant_weight(w).detach(), reference_fake_quant(w.detach(), scale)))
        self.assertTrue(torch.equal(w.grad, torch.ones_like(w)))  # max-abs rows are never clamped

    def test_probabilities_round_to_127ths_with_identity_gradient(self):
        from model import quantize_probabilities
        p = torch.softmax(torch.randn(4, 9), dim=-1).requires_grad_(True)
        q = quantize_probabilities(p)
        self.assertTrue(torch.equal(q * 127, torch.round(q * 127)))
        self.assertLessEqual((q - p).abs().max().item(), 0.5 / 127 + 1e-7)
        q.sum().backward()
        self.assertTrue(torch.equal(p.grad, torch.ones_like(p)))

    def test_bf16_activations_keep_their_dtype(self):
        from model import fake_quant
        x = (torch.randn(3, 5) * 3).bfloat16().requires_grad_(True)
        clip = torch.tensor(4.0, requires_grad=True)
        out = fake_quant(x, clip)
        out.float().sum().backward()
        self.assertEqual(out.dtype, torch.bfloat16)
        self.assertEqual(x.grad.dtype, torch.bfloat16)
        self.assertEqual(clip.grad.dtype, torch.float32)


if __name__ == "__main__":
    unittest.main()
