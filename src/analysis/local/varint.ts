/** Unsigned LEB128 numbers, as the stored models (./online-linear.ts, ./tag-model.ts) write counts and key deltas. */

export function writeVarint(out: number[], value: number): void {
  let rest = value >>> 0;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
}

/** `what` names the model in the error ("user model: truncated"). */
export function readVarint(bytes: Uint8Array, reader: { offset: number }, what: string): number {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (reader.offset >= bytes.byteLength) throw new Error(`${what}: truncated`);
    const byte = bytes[reader.offset++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
  }
  throw new Error(`${what}: bad number`);
}
