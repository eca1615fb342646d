"""The .mnmt writer and reader (docs/model-format.md): round trip, layout, and every rejection."""
import os
import struct
import tempfile
import unittest
import zlib

import numpy as np

from tests.python import helpers
from mnmt_format import FormatError, parse_model, read_model, required_tensors, write_model

SPM_BYTES = b"\x0a\x03abc fake sentencepiece"


class FormatTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "m.mnmt")
        self.config = helpers.tiny_config()
        self.tensors = helpers.tiny_tensors(self.config)
        self.meta = {"direction": "en-de", "note": "naïve ✓"}

    def tearDown(self):
        self.dir.cleanup()

    def write(self, **kw):
        args = dict(config=self.config, metadata=self.meta, spm_bytes=SPM_BYTES, tensors=self.tensors)
        args.update(kw)
        write_model(self.path, **args)
        with open(self.path, "rb") as fh:
            return bytearray(fh.read())

    def assertRejected(self, buf, message):
        with self.assertRaises(FormatError) as cm:
            parse_model(bytes(buf))
        self.assertIn(message, str(cm.exception))

    @staticmethod
    def reseal(buf):
        buf[-4:] = struct.pack("<I", zlib.crc32(bytes(buf[:-4])))
        return buf

    def test_round_trip(self):
        buf = self.write()
        config, meta, spm_bytes, tensors = read_model(self.path)
        self.assertEqual(config, self.config)
        self.assertEqual(meta, self.meta)
        self.assertEqual(spm_bytes, SPM_BYTES)
        self.assertEqual(set(tensors), set(self.tensors))
        for name, a in self.tensors.items():
            self.assertEqual(tensors[name].dtype, a.dtype, name)
            np.testing.assert_array_equal(tensors[name], a, name)
        self.assertEqual(len(buf), struct.unpack("<Q", buf[8:16])[0])
        self.assertEqual(buf[:4], b"MNMT")
        self.assertEqual(struct.unpack("<I", buf[16:20])[0], 84)

    def test_layout_is_aligned_and_deterministic(self):
        first = self.write()
        self.assertEqual(first, self.write())
        # walk the directory: every tensor starts on a 64-byte boundary, in logical order
        pos = 20 + 84
        for _ in range(2):
            (n,) = struct.unpack_from("<I", first, pos)
            pos += 4 + n
        (count,) = struct.unpack_from("<I", first, pos)
        pos += 4
        names = []
        for _ in range(count):
            (length,) = struct.unpack_from("<H", first, pos)
            names.append(first[pos + 2:pos + 2 + length].decode())
            pos += 2 + length
            _, rank = struct.unpack_from("<BB", first, pos)
            pos += 2 + 4 * rank
            offset, _ = struct.unpack_from("<QQ", first, pos)
            pos += 16
            self.assertEqual(offset % 64, 0)
        self.assertEqual(names, list(required_tensors(self.config)))

    def test_post_ln_has_no_final_norms(self):
        config = helpers.tiny_config(norm_position="post", activation="gelu")
        names = required_tensors(config)
        self.assertNotIn("enc.ln.gamma", names)
        self.assertNotIn("dec.ln.beta", names)
        self.assertIn("enc.out.clip", names)
        write_model(self.path, config, {}, SPM_BYTES, helpers.tiny_tensors(config))
        self.assertEqual(read_model(self.path)[0]["activation"], 1)

    def test_bad_magic(self):
        buf = self.write()
        buf[0:4] = b"GGUF"
        self.assertRejected(buf, "not a MobileNMT model")
        self.assertRejected(b"MN", "not a MobileNMT model")

    def test_wrong_version(self):
        buf = self.write()
        buf[4:8] = struct.pack("<I", 2)
        self.assertRejected(self.reseal(buf), "format version 2; this engine reads 1")

    def test_truncated(self):
        buf = self.write()
        self.assertRejected(buf[:-100], f"truncated: expected {len(buf)} bytes, file has {len(buf) - 100}")
        self.assertRejected(buf[:10], "truncated")

    def test_flipped_byte(self):
        buf = self.write()
        for pos in (30, len(buf) // 2, len(buf) - 10):
            bad = bytearray(buf)
            bad[pos] ^= 0x40
            self.assertRejected(bad, "corrupted: checksum")

    def patch_name(self, buf, old, new):
        i = buf.index(struct.pack("<H", len(old)) + old.encode())
        buf[i + 2:i + 2 + len(old)] = new.encode()
        return self.reseal(buf)

    def test_missing_tensor(self):
        buf = self.patch_name(self.write(), "logits.bias", "logits.biax")
        self.assertRejected(buf, "missing tensor logits.bias")
        del self.tensors["enc.1.ffn.clip"]
        with self.assertRaisesRegex(FormatError, "missing tensor enc.1.ffn.clip"):
            self.write()

    def test_duplicate_tensor(self):
        buf = self.patch_name(self.write(), "enc.0.ln2.clip", "enc.0.ln1.clip")
        self.assertRejected(buf, "duplicate tensor enc.0.ln1.clip")

    def directory_entry(self, buf, name):
        i = buf.index(struct.pack("<H", len(name)) + name.encode()) + 2 + len(name)
        rank = buf[i + 1]
        return i, i + 2 + 4 * rank  # position of dtype, position of offset

    def test_bad_directory_entries(self):
        buf = self.write()
        dtype_pos, off_pos = self.directory_entry(buf, "positions")
        bad = bytearray(buf)
        bad[dtype_pos] = 7
        self.assertRejected(self.reseal(bad), "unknown dtype 7")
        bad = bytearray(buf)
        bad[dtype_pos + 1] = 5
        self.assertRejected(self.reseal(bad), "rank 5 outside 1..4")
        bad = bytearray(buf)
        (offset,) = struct.unpack_from("<Q", bad, off_pos)
        struct.pack_into("<Q", bad, off_pos, offset + 4)
        self.assertRejected(self.reseal(bad), "not a multiple of 64")
        struct.pack_into("<Q", bad, off_pos, len(buf) // 64 * 64 + 64)
        self.assertRejected(self.reseal(bad), "outside the data area")
        struct.pack_into("<Q", bad, off_pos, 0)
        self.assertRejected(self.reseal(bad), "outside the data area")
        # point logits.bias at embed.scale's data (same size): overlap
        _, other = self.directory_entry(buf, "embed.scale")
        bad = bytearray(buf)
        _, mine = self.directory_entry(bad, "logits.bias")
        bad[mine:mine + 8] = bad[other:other + 8]
        self.assertRejected(self.reseal(bad), "overlap")

    def test_config_out_of_range(self):
        buf = self.write()
        bad = bytearray(buf)
        struct.pack_into("<I", bad, 20 + 4 * 2, 3)  # n_heads 3 does not divide 16
        self.assertRejected(self.reseal(bad), "not a multiple of n_heads")
        bad = bytearray(buf)
        struct.pack_into("<I", bad, 20 + 4 * 12, 40)  # eos_id == V
        self.assertRejected(self.reseal(bad), "eos_id 40 >= vocab_size 40")
        for field, value in (("n_heads", 3), ("eos_id", 40), ("max_positions", 1), ("n_enc_layers", 65),
                             ("d_ffn", 8193), ("vocab_size", 0), ("activation", 2)):
            config = dict(self.config, **{field: value})
            with self.assertRaises(FormatError, msg=field):
                write_model(self.path, config, {}, SPM_BYTES, self.tensors)

    def test_bad_values(self):
        t = dict(self.tensors)
        w = t["enc.0.qkv.weight"].copy()
        w[0, 0] = -128
        buf = self.write()
        with self.assertRaisesRegex(FormatError, "-128"):
            self.write(tensors=dict(t, **{"enc.0.qkv.weight": w}))
        with self.assertRaisesRegex(FormatError, "non-positive scale or clip"):
            self.write(tensors=dict(t, **{"dec.0.self.q.clip": np.zeros(1, np.float32)}))
        with self.assertRaisesRegex(FormatError, "embed.scale: non-finite"):
            self.write(tensors=dict(t, **{"embed.scale": np.full(40, np.inf, np.float32)}))
        with self.assertRaisesRegex(FormatError, r"expected float32\[16\]"):
            self.write(tensors=dict(t, **{"enc.0.ln1.gamma": np.ones(15, np.float32)}))
        with self.assertRaisesRegex(FormatError, "expected int8"):
            self.write(tensors=dict(t, **{"enc.0.out.weight": t["enc.0.out.weight"].astype(np.float32)}))
        with self.assertRaisesRegex(FormatError, "unexpected tensor"):
            self.write(tensors=dict(t, extra=np.ones(1, np.float32)))
        # the reader checks values too: an int8 -128 and a zero clip patched into a sealed file
        bad = bytearray(buf)
        _, off_pos = self.directory_entry(bad, "enc.0.qkv.weight")
        (offset,) = struct.unpack_from("<Q", bad, off_pos)
        bad[offset] = 0x80
        self.assertRejected(self.reseal(bad), "-128")
        bad = bytearray(buf)
        _, off_pos = self.directory_entry(bad, "dec.out.clip")
        (offset,) = struct.unpack_from("<Q", bad, off_pos)
        struct.pack_into("<f", bad, offset, -1.0)
        self.assertRejected(self.reseal(bad), "non-positive scale or clip")


if __name__ == "__main__":
    unittest.main()
