"""Encodes value descriptions with python msgpack's packb, for the codec conformance tests.

Reads a JSON array of value descriptions on stdin (the format is described in
tests/TypedTasks.Tests/MessagePack/Conformance/MpValue.cs) and prints the hex of msgpack.packb(value) for each, one per
line, in order. A value holding float32 numbers is packed with use_single_float=True (the tests never mix float32 and
float64 in one value).
"""
import json
import struct
import sys

import msgpack


def build(node, flags):
    tag = node[0]
    if tag == "n":
        return None
    if tag == "b":
        return node[1]
    if tag == "i":
        return int(node[1])
    if tag == "f64":
        flags["f64"] = True
        return struct.unpack(">d", bytes.fromhex(node[1]))[0]
    if tag == "f32":
        flags["f32"] = True
        return struct.unpack(">f", bytes.fromhex(node[1]))[0]
    if tag == "s":
        return bytes.fromhex(node[1]).decode("utf-8")
    if tag == "x":
        return bytes.fromhex(node[1])
    if tag == "a":
        return [build(item, flags) for item in node[1]]
    if tag == "m":
        result = {}
        for key, value in node[1]:
            k = build(key, flags)
            if k in result:
                raise ValueError("duplicate map key %r" % (k,))
            result[k] = build(value, flags)
        return result
    if tag == "e":
        # ExtType's constructor refuses the codes the specification reserves (< 0), the packer writes them all.
        return tuple.__new__(msgpack.ExtType, (node[1], bytes.fromhex(node[2])))
    if tag == "t":
        return msgpack.Timestamp(int(node[1]), node[2])
    raise ValueError("unknown tag %r" % (tag,))


def main():
    out = []
    for node in json.load(sys.stdin):
        flags = {}
        value = build(node, flags)
        if flags.get("f32") and flags.get("f64"):
            raise ValueError("a value mixes float32 and float64")
        out.append(msgpack.packb(value, use_single_float=bool(flags.get("f32"))).hex())
    sys.stdout.write("\n".join(out) + "\n")


main()
