"""numerics.py against known values and, bit for bit, against the C++ kernels (engine/src/kernels)."""
import os
import shutil
import subprocess
import tempfile
import unittest

import numpy as np

from tests.python import helpers
import numerics as nm

F = np.float32
KERNELS = os.path.join(helpers.ROOT, "engine", "src", "kernels")
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vecops_harness.cc")


def bits(x):
    return np.ascontiguousarray(x, F).view(np.uint32)


def csum_loop(x):
    """Scalar transcription of numerics §3, one element at a time."""
    p = [F(0)] * 16
    for i, v in enumerate(x):
        p[i % 16] = F(p[i % 16] + v)
    for w in (8, 4, 2, 1):
        for i in range(w):
            p[i] = F(p[i] + p[i + w])
    return p[0]


class KnownValues(unittest.TestCase):
    def test_element_functions(self):
        self.assertEqual(nm.exp_m(np.array([0.0], F))[0], 1.0)
        self.assertEqual(nm.exp_m(np.array([-87.5, -1000], F)).tolist(), [0.0, 0.0])
        self.assertEqual(nm.log_m(np.array([1.0], F))[0], 0.0)
        self.assertEqual(nm.tanh_m(np.array([9.0, -20.0, 0.0], F)).tolist(), [1.0, -1.0, 0.0])
        x = np.linspace(-20, 0, 2001, dtype=F)
        np.testing.assert_allclose(nm.exp_m(x), np.exp(x.astype(np.float64)), rtol=3e-7, atol=1e-37)
        x = np.geomspace(1e-30, 1e30, 2001).astype(F)
        np.testing.assert_allclose(nm.log_m(x), np.log(x.astype(np.float64)), rtol=3e-7, atol=2e-7)
        x = np.linspace(-10, 10, 2001, dtype=F)
        np.testing.assert_allclose(nm.tanh_m(x), np.tanh(x.astype(np.float64)), atol=3e-7)
        g = 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x.astype(np.float64) ** 3)))
        np.testing.assert_allclose(nm.gelu_m(x), g, atol=2e-6)
        for fn in (nm.exp_m, nm.log_m, nm.tanh_m, nm.gelu_m, nm.csum, nm.relu):
            self.assertEqual(fn(np.ones((2, 3), F)).dtype, F)

    def test_csum_order(self):
        rng = np.random.default_rng(1)
        for n in (1, 5, 16, 17, 64, 100, 1000):
            x = (rng.standard_normal((3, n)) * 10.0 ** rng.integers(-3, 4, (3, n))).astype(F)
            got = nm.csum(x)
            for r in range(3):
                self.assertEqual(bits(got[r]), bits(csum_loop(x[r])), (n, r))
        self.assertEqual(bits(nm.csum(np.array([-0.0, -0.0], F))), bits(F(0.0)))

    def test_quantize_rounds_half_even_and_clamps(self):
        x = np.array([0.5, 1.5, 2.5, -0.5, -2.5, 126.5, 300, -300, 0.49999997], F)
        self.assertEqual(nm.quantize(x, F(1)).tolist(), [0, 2, 2, 0, -2, 126, 127, -127, 0])
        inv, step = nm.clip_constants(np.array([2.5], F))
        self.assertEqual((inv, step), (F(127) / F(2.5), F(2.5) / F(127)))

    def test_quantize_weight(self):
        w = np.array([[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]], F)
        q, s = nm.quantize_weight(w)
        self.assertEqual(q.tolist(), [[64, -127, 32], [0, 0, 0]])
        self.assertEqual(s[0], F(1.0) / F(127))
        self.assertGreater(s[1], 0)

    def test_attention_uniform(self):
        q = np.ones((1, 1, 8), np.int8)
        k = np.zeros((1, 3, 8), np.int8)
        v = np.tile(np.arange(8, dtype=np.int8), (1, 3, 1))
        ctx = nm.attention(q, k, v, 2, F(0.1), F(0.1), F(1.0))
        # p = 1/3 each -> rne(42.33) = 42 -> c = 126 * v -> ctx = 126 * v / 127
        np.testing.assert_array_equal(ctx[0, 0], np.arange(8, dtype=F) * F(126) * (F(1) / F(127)))

    def test_length_limit(self):
        self.assertEqual(nm.length_limit(1.5, 10, 7, 128), 20)
        self.assertEqual(nm.length_limit(1.5, 10, 200, 128), 127)
        self.assertEqual(nm.length_limit(0.0, 0, 5, 128), 0)


@unittest.skipUnless(shutil.which("g++") and os.path.exists(os.path.join(KERNELS, "vecops.cc")), "needs g++")
class AgainstCpp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.exe = os.path.join(cls.dir.name, "harness")
        sources = [os.path.join(KERNELS, f) for f in ("vecops.cc", "epilogue.cc", "gemm_scalar.cc")]
        subprocess.run(["g++", "-std=c++17", "-O2", "-ffp-contract=off", "-fno-fast-math", "-I", KERNELS,
                        HARNESS, *sources, "-o", cls.exe], check=True, capture_output=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def run_harness(self, mode, dims, *arrays):
        head = np.array(list(dims) + [0] * (4 - len(dims)), np.int32).tobytes()
        data = head + b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)
        return subprocess.run([self.exe, mode], input=data, capture_output=True, check=True).stdout

    def test_element_functions(self):
        rng = np.random.default_rng(2)
        x = np.concatenate([rng.normal(0, 1, 3000), rng.normal(0, 10, 3000), rng.uniform(-100, 100, 2000),
                            rng.uniform(-1e-3, 1e-3, 500), rng.uniform(-20, 0, 2000),
                            [0, -0.0, -87, -87.5, -86.9, 88, 89, 9, -9, 8.99, 1e-30, 1e-38]]).astype(F)
        out = np.frombuffer(self.run_harness("elem", [len(x)], x), F).reshape(4, -1)
        pos = x > 1e-37
        with np.errstate(over="ignore"):
            ours = [nm.exp_m(x), nm.log_m(np.where(pos, x, F(1))), nm.tanh_m(x), nm.gelu_m(x)]
        for name, theirs, mine, mask in zip(("exp_m", "log_m", "tanh_m", "gelu_m"), out, ours,
                                            (True, pos, True, True)):
            diff = (bits(theirs) != bits(mine)) & mask
            self.assertFalse(diff.any(), f"{name} differs at {x[diff][:5]}")

    def test_rows(self):
        rng = np.random.default_rng(3)
        for rows, n in ((5, 64), (7, 37), (3, 8000), (4, 1), (6, 17), (2, 256)):
            x = (rng.normal(0, 3, (rows, n)) + rng.normal(0, 5, (rows, 1))).astype(F)
            g = rng.normal(1, 0.2, n).astype(F)
            b = rng.normal(0, 0.2, n).astype(F)
            raw = self.run_harness("rows", [rows, n], x, g, b, np.array([1e-5], F))
            sums = np.frombuffer(raw, F, rows)
            o = rows * 4
            ln = np.frombuffer(raw, F, rows * n, o).reshape(rows, n)
            q7 = np.frombuffer(raw, np.int8, rows * n, o + rows * n * 4).reshape(rows, n)
            lsm = np.frombuffer(raw, F, rows * n, o + rows * n * 5).reshape(rows, n)
            np.testing.assert_array_equal(bits(sums), bits(nm.csum(x)))
            np.testing.assert_array_equal(bits(ln), bits(nm.layer_norm(x, g, b, 1e-5)))
            np.testing.assert_array_equal(q7, nm.softmax_to_q7(x))
            np.testing.assert_array_equal(bits(lsm), bits(nm.log_softmax(x)))

    def test_gemm_epilogue(self):
        rng = np.random.default_rng(4)
        for act, name in enumerate((None, "relu", "gelu")):
            m, n, k = 9, 70, 300
            a = rng.integers(-127, 128, (m, k)).astype(np.int8)
            b = rng.integers(-127, 128, (n, k)).astype(np.int8)
            mul = (rng.uniform(0.5, 2, n) * 1e-5).astype(F)
            bias = rng.normal(0, 1, n).astype(F)
            base = rng.normal(0, 1, (m, n)).astype(F)
            inv = F(127) / F(3)
            raw = self.run_harness("gemm", [m, n, k, act], a, b, mul, bias, base, np.array([inv], F))
            f = np.frombuffer(raw, F, m * n).reshape(m, n)
            acc = np.frombuffer(raw, F, m * n, m * n * 4).reshape(m, n)
            q = np.frombuffer(raw, np.int8, m * n, m * n * 8).reshape(m, n)
            t = nm.epilogue(nm.int_matmul(a, b), mul, bias, name)
            np.testing.assert_array_equal(bits(f), bits(t))
            np.testing.assert_array_equal(bits(acc), bits(base + t))
            np.testing.assert_array_equal(q, nm.quantize(t, inv))


if __name__ == "__main__":
    unittest.main()
