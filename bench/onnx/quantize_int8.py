#!/usr/bin/python3
"""Dynamic int8 quantization of export_onnx.py's graphs, the way onnxruntime's quantize_dynamic does it
(Debian has no onnxruntime Python package, so the rewrite is done here with onnx alone).

  quantize_int8.py --fp32 DIR --out DIR

Every weight GEMM becomes DynamicQuantizeLinear (activations to uint8, per tensor, at run time) ->
MatMulInteger (int8 weights, per output channel, symmetric) -> Cast -> Mul(activation scale x weight
scale): the pattern onnxruntime fuses into DynamicQuantizeMatMul. The tied embedding is stored once,
in int8 with one scale per row: looked up and rescaled for the inputs, transposed for the logits.
Attention products (activation x activation), LayerNorm, softmax and the position table stay fp32.
Writes encoder.onnx, decoder.onnx, weights.bin and config.json like export_onnx.py, and check.json
with the fp32 logits of export_onnx.py's check (bench/onnx/check.mjs compares them with its tolerance).
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_onnx import WEIGHTS, externalize  # noqa: E402

QMAX = 127.0
# int8 logits differ from fp32 ones; check.mjs accepts this much (the fp32 export is held to 1e-3).
INT8_TOLERANCE = 0.5


def quantize_columns(b):
    """b [K, N] -> int8 [K, N] and one float32 scale per column (symmetric, max-abs)."""
    scale = np.maximum(np.abs(b).max(axis=0), 1e-12) / QMAX
    return np.clip(np.round(b / scale), -QMAX, QMAX).astype(np.int8), scale.astype(np.float32)


class Rewriter:
    def __init__(self, graph):
        self.graph = graph
        self.init = {t.name: t for t in graph.initializer}
        self.producer = {out: node for node in graph.node for out in node.output}
        self.new_nodes = {}  # id(original node) -> replacement nodes
        self.count = 0

    def add_initializer(self, name, array):
        if name not in self.init:
            tensor = numpy_helper.from_array(array, name)
            self.graph.initializer.append(tensor)
            self.init[name] = tensor
        return name

    def integer_matmul(self, prefix, a, b_int8, b_scale, output):
        """output = a @ dequantized(b), with a quantized per tensor at run time."""
        n = lambda s: f"{prefix}/{s}"  # noqa: E731
        zero = self.add_initializer("int8_zero", np.array(0, np.int8))
        return [
            helper.make_node("DynamicQuantizeLinear", [a], [n("a_q"), n("a_scale"), n("a_zp")]),
            helper.make_node("MatMulInteger", [n("a_q"), b_int8, n("a_zp"), zero], [n("y_int32")]),
            helper.make_node("Cast", [n("y_int32")], [n("y")], to=TensorProto.FLOAT),
            helper.make_node("Mul", [n("a_scale"), b_scale], [n("scale")]),
            helper.make_node("Mul", [n("y"), n("scale")], [output]),
        ]

    def weight_matmuls(self):
        """MatMul(x, Transpose(W)) with W an initializer -> integer GEMM on W^T quantized per column."""
        for node in self.graph.node:
            if node.op_type != "MatMul":
                continue
            transpose = self.producer.get(node.input[1])
            if not transpose or transpose.op_type != "Transpose" or transpose.input[0] not in self.init:
                continue
            name = transpose.input[0]
            q, scale = quantize_columns(numpy_helper.to_array(self.init[name]).T)
            b = self.add_initializer(f"{name}.int8", q)
            s = self.add_initializer(f"{name}.int8_scale", scale)
            self.new_nodes[id(node)] = self.integer_matmul(node.name or node.output[0], node.input[0], b, s, node.output[0])
            self.count += 1

    def tied_embedding(self, embed_name):
        """Gather(E, ids) and Gemm(h, E, bias, transB=1) on one int8 copy of E with per-row scales."""
        e = numpy_helper.to_array(self.init[embed_name])
        q_t, scale = quantize_columns(e.T)  # a column of E^T is a row of E
        table = self.add_initializer(f"{embed_name}.int8", np.ascontiguousarray(q_t.T))
        scales = self.add_initializer(f"{embed_name}.int8_scale", scale)
        for node in self.graph.node:
            if node.op_type == "Gather" and node.input[0] == embed_name:
                p = node.name or node.output[0]
                axes = self.add_initializer("axis_last", np.array([-1], np.int64))
                self.new_nodes[id(node)] = [
                    helper.make_node("Gather", [table, node.input[1]], [f"{p}/rows_int8"]),
                    helper.make_node("Cast", [f"{p}/rows_int8"], [f"{p}/rows"], to=TensorProto.FLOAT),
                    helper.make_node("Gather", [scales, node.input[1]], [f"{p}/row_scales"]),
                    helper.make_node("Unsqueeze", [f"{p}/row_scales", axes], [f"{p}/row_scales_column"]),
                    helper.make_node("Mul", [f"{p}/rows", f"{p}/row_scales_column"], [node.output[0]]),
                ]
                self.count += 1
            elif node.op_type == "Gemm" and node.input[1] == embed_name:
                attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
                if attributes != {"transB": 1} and attributes != {"alpha": 1.0, "beta": 1.0, "transB": 1}:
                    raise SystemExit(f"quantize_int8: the logits Gemm is not h @ E^T + b: {attributes}")
                p = node.name or node.output[0]
                transposed = [helper.make_node("Transpose", [table], [f"{p}/table_t"], perm=[1, 0])]
                product = self.integer_matmul(p, node.input[0], f"{p}/table_t", scales, f"{p}/product")
                bias = [helper.make_node("Add", [f"{p}/product", node.input[2]], [node.output[0]])]
                self.new_nodes[id(node)] = transposed + product + bias
                self.count += 1

    def finish(self):
        """Puts the replacements in place, then drops the fp32 weights and their transposes."""
        nodes = [n for node in self.graph.node for n in self.new_nodes.get(id(node), [node])]
        outputs = {o.name for o in self.graph.output}
        used = {name for node in nodes for name in node.input} | outputs
        nodes = [n for n in nodes if n.op_type != "Transpose" or set(n.output) & used]
        used = {name for node in nodes for name in node.input} | outputs
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        kept = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(kept)
        return self.count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fp32", required=True, help="export_onnx.py's output folder")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    graphs, counts = [], []
    for name in ("encoder.onnx", "decoder.onnx"):
        graph = onnx.load(os.path.join(args.fp32, name))
        embed = next(t.name for t in graph.graph.initializer if len(t.dims) == 2 and t.name.endswith("embed"))
        rewriter = Rewriter(graph.graph)
        rewriter.tied_embedding(embed)
        rewriter.weight_matmuls()
        counts.append(rewriter.finish())
        onnx.checker.check_model(graph)
        graphs.append(graph)
    size = externalize(graphs, os.path.join(args.out, WEIGHTS))
    for name, graph in zip(("encoder.onnx", "decoder.onnx"), graphs):
        onnx.save(graph, os.path.join(args.out, name))
    with open(os.path.join(args.fp32, "config.json")) as fh:
        config = json.load(fh)
    with open(os.path.join(args.out, "config.json"), "w") as fh:
        json.dump({**config, "precision": "int8 dynamic"}, fh, indent=1)
    with open(os.path.join(args.fp32, "check.json")) as fh:
        check = json.load(fh)
    with open(os.path.join(args.out, "check.json"), "w") as fh:
        json.dump({**check, "tolerance": INT8_TOLERANCE}, fh)
    print(f"quantize_int8: {args.out}: {counts[0]} + {counts[1]} GEMMs in int8, {WEIGHTS} {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
