// Encodes value descriptions with @msgpack/msgpack's encode, for the codec conformance tests.
// Reads a JSON array of value descriptions on stdin (format: tests/TypedTasks.Tests/MessagePack/Conformance/MpValue.cs)
// and prints the hex of encode(value) for each, one per line, in order. JavaScript has one number type, so per value:
// integers outside the safe range become BigInt (then useBigInt64 is on), and a value holding float32 numbers is
// encoded with forceFloat32. Maps become plain objects (string keys in insertion order). The C# side sends only values
// whose encoding the library can reproduce exactly and documents the rest.
import { encode, ExtData, encodeTimeSpecToTimestamp, EXT_TIMESTAMP } from "@msgpack/msgpack";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromHex(hex) {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function build(node, flags) {
  switch (node[0]) {
    case "n": return null;
    case "b": return node[1];
    case "i": {
      const big = BigInt(node[1]);
      if (big > MAX_SAFE || big < -MAX_SAFE) {
        flags.bigInt = true;
        return big;
      }
      return Number(big);
    }
    case "f64": {
      flags.f64 = true;
      return new DataView(fromHex(node[1]).buffer).getFloat64(0);
    }
    case "f32": {
      flags.f32 = true;
      return new DataView(fromHex(node[1]).buffer).getFloat32(0);
    }
    case "s": return new TextDecoder("utf-8", { fatal: true }).decode(fromHex(node[1]));
    case "x": return fromHex(node[1]);
    case "a": return node[1].map((item) => build(item, flags));
    case "m": {
      const result = {};
      for (const [key, value] of node[1]) {
        if (key[0] !== "s") throw new Error("map keys must be strings here");
        const name = build(key, flags);
        if (Object.prototype.hasOwnProperty.call(result, name)) throw new Error(`duplicate map key ${name}`);
        result[name] = build(value, flags);
      }
      return result;
    }
    case "e": return new ExtData(node[1], fromHex(node[2]));
    case "t": return new ExtData(EXT_TIMESTAMP, encodeTimeSpecToTimestamp({ sec: Number(node[1]), nsec: node[2] }));
    default: throw new Error(`unknown tag ${node[0]}`);
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const out = [];
for (const node of JSON.parse(Buffer.concat(chunks).toString("utf-8"))) {
  const flags = {};
  const value = build(node, flags);
  if (flags.f32 && flags.f64) throw new Error("a value mixes float32 and float64");
  const bytes = encode(value, { useBigInt64: !!flags.bigInt, forceFloat32: !!flags.f32 });
  out.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex"));
}
process.stdout.write(out.join("\n") + "\n");
