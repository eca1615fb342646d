"""Reader and writer of the .mnmt model file, version 1 (docs/model-format.md).

write_model(path, config, metadata, spm_bytes, tensors) and read_model(path) ->
(config, metadata, spm_bytes, tensors). `config` uses the field names of the config block;
`activation` and `norm_position` may be given as "relu"/"gelu" and "pre"/"post".
Both sides validate: the writer refuses an incomplete or invalid model, the reader checks what the
engine's loader checks and raises FormatError with the same messages.
"""
import json
import math
import re
import struct
import zlib
from collections import OrderedDict

import numpy as np

MAGIC = b"MNMT"
VERSION = 1
ALIGN = 64
CONFIG_FORMAT = "<13I3fI8s8s"
CONFIG_FIELDS = ("vocab_size", "d_model", "n_heads", "d_ffn", "n_enc_layers", "n_dec_layers", "activation",
                 "norm_position", "max_positions", "pad_id", "unk_id", "bos_id", "eos_id", "embed_scale",
                 "ln_eps", "length_ratio", "length_offset", "source_language", "target_language")
CONFIG_SIZE = struct.calcsize(CONFIG_FORMAT)  # 84
DTYPES = {0: np.dtype("<f4"), 1: np.dtype("i1")}
DTYPE_CODES = {np.dtype("float32"): 0, np.dtype("int8"): 1}
NAME_RE = re.compile(r"^[a-z0-9._]{1,255}$")
ACTIVATIONS = {"relu": 0, "gelu": 1}
NORM_POSITIONS = {"pre": 0, "post": 1}


class FormatError(ValueError):
    pass


def normalize_config(config):
    """A complete, typed copy of `config` (strings for the enums accepted)."""
    missing = [f for f in CONFIG_FIELDS if f not in config]
    if missing:
        raise FormatError(f"config lacks {', '.join(missing)}")
    unknown = sorted(set(config) - set(CONFIG_FIELDS))
    if unknown:
        raise FormatError(f"config has unknown fields {', '.join(unknown)}")
    c = dict(config)
    c["activation"] = ACTIVATIONS.get(c["activation"], c["activation"])
    c["norm_position"] = NORM_POSITIONS.get(c["norm_position"], c["norm_position"])
    for f in CONFIG_FIELDS:
        if f in ("embed_scale", "ln_eps", "length_ratio"):
            c[f] = float(np.float32(c[f]))
        elif f in ("source_language", "target_language"):
            if not isinstance(c[f], str) or not c[f].isascii() or len(c[f]) > 8 or "\0" in c[f]:
                raise FormatError(f"config {f} must be an ASCII string of at most 8 bytes")
        else:
            if int(c[f]) != c[f] or not 0 <= int(c[f]) < 2 ** 32:
                raise FormatError(f"config {f} = {c[f]!r} is not a u32")
            c[f] = int(c[f])
    check_config(c)
    return c


def check_config(c):
    for f in ("vocab_size", "d_model", "n_heads", "d_ffn", "n_enc_layers", "n_dec_layers", "max_positions"):
        if c[f] == 0:
            raise FormatError(f"config {f} is zero")
    if c["d_model"] % c["n_heads"]:
        raise FormatError(f"config d_model {c['d_model']} is not a multiple of n_heads {c['n_heads']}")
    for f in ("pad_id", "unk_id", "bos_id", "eos_id"):
        if c[f] >= c["vocab_size"]:
            raise FormatError(f"config {f} {c[f]} >= vocab_size {c['vocab_size']}")
    if c["max_positions"] < 2:
        raise FormatError(f"config max_positions {c['max_positions']} < 2")
    for f in ("n_enc_layers", "n_dec_layers"):
        if c[f] > 64:
            raise FormatError(f"config {f} {c[f]} > 64")
    for f in ("d_model", "d_ffn"):
        if c[f] > 8192:
            raise FormatError(f"config {f} {c[f]} > 8192")
    if c["vocab_size"] > 1000000:
        raise FormatError(f"config vocab_size {c['vocab_size']} > 1000000")
    if c["activation"] not in (0, 1):
        raise FormatError(f"config activation {c['activation']} is not 0 (relu) or 1 (gelu)")
    if c["norm_position"] not in (0, 1):
        raise FormatError(f"config norm_position {c['norm_position']} is not 0 (pre) or 1 (post)")
    for f in ("embed_scale", "ln_eps"):
        if not (math.isfinite(c[f]) and c[f] > 0):
            raise FormatError(f"config {f} {c[f]} is not finite and positive")
    if not (math.isfinite(c["length_ratio"]) and c["length_ratio"] >= 0):
        raise FormatError(f"config length_ratio {c['length_ratio']} is not finite and >= 0")


def required_tensors(c):
    """OrderedDict name -> (dtype, shape) of every tensor a model with config `c` has, in file order."""
    V, d, f, D = c["vocab_size"], c["d_model"], c["d_ffn"], c["n_dec_layers"]
    pre = c["norm_position"] == 0
    f32, i8 = np.dtype("float32"), np.dtype("int8")
    t = OrderedDict()

    def linear(name, n_out, n_in):
        t[name + ".weight"] = (i8, (n_out, n_in))
        t[name + ".scale"] = (f32, (n_out,))
        t[name + ".bias"] = (f32, (n_out,))

    def ln(name):
        t[name + ".gamma"] = (f32, (d,))
        t[name + ".beta"] = (f32, (d,))

    def clip(name):
        t[name + ".clip"] = (f32, (1,))

    t["embed.weight"] = (i8, (V, d))
    t["embed.scale"] = (f32, (V,))
    t["positions"] = (f32, (c["max_positions"], d))
    t["logits.bias"] = (f32, (V,))
    for i in range(c["n_enc_layers"]):
        p = f"enc.{i}."
        ln(p + "ln1"); clip(p + "ln1")
        linear(p + "qkv", 3 * d, d)
        for x in ("q", "k", "v", "ctx"):
            clip(p + "attn." + x)
        linear(p + "out", d, d)
        ln(p + "ln2"); clip(p + "ln2")
        linear(p + "ffn1", f, d); clip(p + "ffn"); linear(p + "ffn2", d, f)
    if pre:
        ln("enc.ln")
    clip("enc.out")
    linear("cross_kv", 2 * d * D, d)
    for j in range(D):
        p = f"dec.{j}."
        ln(p + "ln1"); clip(p + "ln1")
        linear(p + "qkv", 3 * d, d)
        for x in ("q", "k", "v", "ctx"):
            clip(p + "self." + x)
        linear(p + "self_out", d, d)
        ln(p + "ln2"); clip(p + "ln2")
        linear(p + "cross_q", d, d)
        for x in ("q", "k", "v", "ctx"):
            clip(p + "cross." + x)
        linear(p + "cross_out", d, d)
        ln(p + "ln3"); clip(p + "ln3")
        linear(p + "ffn1", f, d); clip(p + "ffn"); linear(p + "ffn2", d, f)
    if pre:
        ln("dec.ln")
    clip("dec.out")
    return t


def check_tensor_values(name, a):
    if a.dtype == np.int8 and (a == -128).any():
        raise FormatError(f"tensor {name}: int8 weight of -128")
    if name.endswith(".scale") or name.endswith(".clip"):
        if not (np.isfinite(a).all() and (a > 0).all()):
            raise FormatError(f"tensor {name}: non-finite or non-positive scale or clip")


def check_tensors(c, tensors, allow_extra):
    required = required_tensors(c)
    missing = [n for n in required if n not in tensors]
    if missing:
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise FormatError(f"missing tensor {', '.join(missing[:5])}{more}")
    extra = sorted(set(tensors) - set(required))
    if extra and not allow_extra:
        raise FormatError(f"unexpected tensor {', '.join(extra)}")
    for name, (dtype, shape) in required.items():
        a = tensors[name]
        if a.dtype != dtype or tuple(a.shape) != shape:
            raise FormatError(f"tensor {name}: {a.dtype}{list(a.shape)}, expected {dtype}{list(shape)}")
        check_tensor_values(name, a)


def write_model(path, config, metadata, spm_bytes, tensors):
    c = normalize_config(config)
    tensors = {k: np.asarray(v) for k, v in tensors.items()}
    for name, a in tensors.items():
        if not NAME_RE.match(name):
            raise FormatError(f"bad tensor name {name!r}")
        if a.dtype not in DTYPE_CODES:
            raise FormatError(f"tensor {name}: dtype {a.dtype} is neither float32 nor int8")
        if a.dtype == np.float32 and not np.isfinite(a).all():
            raise FormatError(f"tensor {name}: non-finite value")
    check_tensors(c, tensors, allow_extra=False)
    if not spm_bytes:
        raise FormatError("empty SentencePiece model")
    meta = json.dumps(metadata, sort_keys=True, ensure_ascii=False).encode("utf-8")

    values = [c[f].encode("ascii").ljust(8, b"\0") if f.endswith("_language") else c[f] for f in CONFIG_FIELDS]
    head = bytearray()
    head += struct.pack("<I", CONFIG_SIZE) + struct.pack(CONFIG_FORMAT, *values)
    head += struct.pack("<I", len(meta)) + meta
    head += struct.pack("<I", len(spm_bytes)) + bytes(spm_bytes)
    names = list(required_tensors(c))
    head += struct.pack("<I", len(names))
    dir_size = sum(2 + len(n) + 2 + 4 * tensors[n].ndim + 16 for n in names)
    offset = align(16 + len(head) + dir_size)
    blobs = []
    for n in names:
        a = tensors[n]
        data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        head += struct.pack("<H", len(n)) + n.encode("ascii") + struct.pack("<BB", DTYPE_CODES[a.dtype], a.ndim)
        head += struct.pack(f"<{a.ndim}I", *a.shape) + struct.pack("<QQ", offset, len(data))
        blobs.append((offset, data))
        offset = align(offset + len(data))
    end = blobs[-1][0] + len(blobs[-1][1])
    out = bytearray(end + 4)
    out[16:16 + len(head)] = head
    for off, data in blobs:
        out[off:off + len(data)] = data
    out[0:16] = MAGIC + struct.pack("<IQ", VERSION, len(out))
    out[end:] = struct.pack("<I", zlib.crc32(memoryview(out)[:end]))
    with open(path, "wb") as fh:
        fh.write(out)
    return len(out)


def align(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


class _Cursor:
    def __init__(self, buf, pos, end):
        self.buf, self.pos, self.end = buf, pos, end

    def take(self, n, what):
        if n > self.end - self.pos:
            raise FormatError(f"{what} runs past the end of the file")
        self.pos += n
        return self.buf[self.pos - n:self.pos]

    def unpack(self, fmt, what):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))


def read_model(path):
    with open(path, "rb") as fh:
        buf = fh.read()
    return parse_model(buf)


def parse_model(buf):
    buf = bytes(buf)
    if len(buf) < 4 or buf[:4] != MAGIC:
        raise FormatError("not a MobileNMT model")
    if len(buf) < 16:
        raise FormatError(f"truncated: expected at least 16 bytes, file has {len(buf)}")
    version, size = struct.unpack("<IQ", buf[4:16])
    if version != VERSION:
        raise FormatError(f"format version {version}; this engine reads {VERSION}")
    if size != len(buf):
        raise FormatError(f"truncated: expected {size} bytes, file has {len(buf)}")
    if size < 20 or zlib.crc32(buf[:size - 4]) != struct.unpack("<I", buf[size - 4:])[0]:
        raise FormatError("corrupted: checksum")
    cur = _Cursor(buf, 16, size - 4)
    (config_size,) = cur.unpack("<I", "config size")
    if config_size != CONFIG_SIZE:
        raise FormatError(f"config size {config_size}, expected {CONFIG_SIZE} for version 1")
    values = cur.unpack(CONFIG_FORMAT, "config block")
    c = dict(zip(CONFIG_FIELDS, values))
    for f in ("source_language", "target_language"):
        c[f] = c[f].rstrip(b"\0").decode("ascii", "replace")
    check_config(c)
    (n,) = cur.unpack("<I", "metadata length")
    try:
        metadata = json.loads(cur.take(n, "metadata").decode("utf-8")) if n else {}
    except (UnicodeDecodeError, ValueError) as e:
        raise FormatError(f"metadata is not UTF-8 JSON: {e}") from None
    (n,) = cur.unpack("<I", "SentencePiece model length")
    spm_bytes = cur.take(n, "SentencePiece model")
    (count,) = cur.unpack("<I", "tensor count")
    entries = []
    for _ in range(count):
        (length,) = cur.unpack("<H", "tensor directory")
        raw = cur.take(length, "tensor name")
        name = raw.decode("ascii", "replace")
        if not NAME_RE.match(name):
            raise FormatError(f"bad tensor name {name!r}")
        code, rank = cur.unpack("<BB", "tensor directory")
        if code not in DTYPES:
            raise FormatError(f"tensor {name}: unknown dtype {code}")
        if not 1 <= rank <= 4:
            raise FormatError(f"tensor {name}: rank {rank} outside 1..4")
        dims = cur.unpack(f"<{rank}I", "tensor directory")
        offset, nbytes = cur.unpack("<QQ", "tensor directory")
        entries.append((name, code, dims, offset, nbytes))
    data_start = cur.pos
    tensors, spans = {}, []
    for name, code, dims, offset, nbytes in entries:
        if name in tensors:
            raise FormatError(f"duplicate tensor {name}")
        if 0 in dims:
            raise FormatError(f"tensor {name}: zero dimension")
        dtype = DTYPES[code]
        if nbytes != math.prod(dims) * dtype.itemsize:
            raise FormatError(f"tensor {name}: size {nbytes} does not match its dims {list(dims)}")
        if offset % ALIGN:
            raise FormatError(f"tensor {name}: offset {offset} is not a multiple of {ALIGN}")
        if offset < data_start or offset > size - 4 or nbytes > size - 4 - offset:
            raise FormatError(f"tensor {name}: data outside the data area")
        spans.append((offset, offset + nbytes, name))
        a = np.frombuffer(buf, dtype=dtype, count=math.prod(dims), offset=offset).reshape(dims)
        tensors[name] = a.astype(dtype.newbyteorder("="))
    spans.sort()
    for (_, end_a, a), (start_b, _, b) in zip(spans, spans[1:]):
        if start_b < end_a:
            raise FormatError(f"tensors {a} and {b} overlap")
    check_tensors(c, tensors, allow_extra=True)
    return c, metadata, spm_bytes, tensors
