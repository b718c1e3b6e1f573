/**
 * A raw symmetric key held in memory. Wrapping the bytes in a class keeps
 * them out of accidental output: JSON.stringify, console.log, string
 * templates and our logger all see "[secret key]", never the bytes.
 */
const inspect = Symbol.for("nodejs.util.inspect.custom");

export class SecretKey {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== 32) throw new Error(`a key must be 32 bytes, got ${bytes.length}`);
    this.#bytes = Uint8Array.from(bytes);
  }

  static random(): SecretKey {
    return new SecretKey(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** The raw bytes, for the crypto primitives in this folder only. */
  bytes(): Uint8Array {
    return this.#bytes;
  }

  toJSON(): string {
    return "[secret key]";
  }

  toString(): string {
    return "[secret key]";
  }

  [inspect](): string {
    return "[secret key]";
  }
}
