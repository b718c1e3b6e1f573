import { afterEach, describe, expect, mock, spyOn, test } from "bun:test";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "../../src/auth/recovery-codes.ts";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPED_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** Makes crypto.getRandomValues return these bytes, one array per call. */
function fixRandomBytes(...calls: number[][]) {
  let call = 0;
  return spyOn(crypto, "getRandomValues").mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    (array as unknown as Uint8Array).set(calls[call++]!);
    return array;
  });
}

afterEach(() => mock.restore());

describe("generateRecoveryCodes", () => {
  test("makes ten codes of four groups of four Crockford characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(GROUPED_CODE);
  });

  test("makes as many as asked", () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(generateRecoveryCodes(0)).toEqual([]);
  });

  test("writes 80 bits from crypto.getRandomValues in Crockford base32", () => {
    const random = fixRandomBytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], Array(10).fill(0xff), Array(10).fill(0), [77, 97, 105, 108, 32, 72, 101, 108, 112, 33]);
    // Expected values are RFC 4648 base32 of the same bytes with each symbol mapped to Crockford's alphabet.
    expect(generateRecoveryCodes(4)).toEqual(["000G-40R4-0M30-E209", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "0000-0000-0000-0000", "9NGP-JV10-91JP-RW11"]);
    expect(random).toHaveBeenCalledTimes(4);
    expect(random.mock.calls.map(([array]) => (array as Uint8Array).length)).toEqual([10, 10, 10, 10]);
  });

  test("does not repeat over many codes, and uses the whole alphabet", () => {
    const codes = generateRecoveryCodes(10_000);
    expect(new Set(codes).size).toBe(10_000);
    const seen = new Set(codes.join("").replaceAll("-", ""));
    expect([...seen].sort().join("")).toBe(CROCKFORD);
  });
});

describe("normalizeRecoveryCode", () => {
  test("gives the 16 characters without dashes for a generated code", () => {
    for (const code of generateRecoveryCodes()) {
      expect(normalizeRecoveryCode(code)).toBe(code.replaceAll("-", ""));
    }
  });

  test("ignores case, spaces and dashes", () => {
    const canonical = "7G4K2M9QXR3D0PZT";
    for (const typed of ["7G4K-2M9Q-XR3D-0PZT", "7g4k-2m9q-xr3d-0pzt", "7g4k 2m9q xr3d 0pzt", "  7G4K2M9QXR3D0PZT  ", "7G-4K-2M-9Q-XR-3D-0P-ZT", "7G4K\t2M9Q\nXR3D 0PZT", "7G4K–2M9Q—XR3D‐0PZT"]) {
      expect(normalizeRecoveryCode(typed)).toBe(canonical);
    }
  });

  test("reads O as zero and I or L as one, as Crockford base32 says", () => {
    expect(normalizeRecoveryCode("O0Oo-IiLl-1111-0000")).toBe("0000111111110000");
    expect(normalizeRecoveryCode("7G4K-2M9Q-XR3D-OPZT")).toBe("7G4K2M9QXR3D0PZT");
    expect(normalizeRecoveryCode("LIAB-CDEF-GHJK-MNPQ")).toBe("11ABCDEFGHJKMNPQ");
  });

  test("round-trips: normalizing the normal form changes nothing", () => {
    for (const code of generateRecoveryCodes(100)) {
      const normal = normalizeRecoveryCode(code)!;
      expect(normalizeRecoveryCode(normal)).toBe(normal);
      expect(normalizeRecoveryCode(normal.toLowerCase())).toBe(normal);
    }
  });

  test("is undefined for what cannot be a code", () => {
    const notCodes = [
      "",
      "----",
      "7G4K-2M9Q-XR3D-0PZ", // 15 characters
      "7G4K-2M9Q-XR3D-0PZTA", // 17 characters
      "7G4K-2M9Q-XR3D-0PZU", // U is not in the alphabet
      "7G4K-2M9Q-XR3D-0PZ*",
      "7G4K-2M9Q-XR3D-0PZÄ",
      "7G4K_2M9Q_XR3D_0PZT",
      "123456",
      `7G4K-2M9Q-XR3D-0PZT${" ".repeat(60)}`, // longer than any typed code
    ];
    for (const input of notCodes) expect(normalizeRecoveryCode(input)).toBeUndefined();
  });
});

describe("hashRecoveryCode", () => {
  test("is the hex SHA-256 of the normalized code", () => {
    // sha256("7G4K2M9QXR3D0PZT"), computed outside this code base.
    expect(hashRecoveryCode("7G4K-2M9Q-XR3D-0PZT")).toBe("74a5c4100580d8dee48c665f0582af1fbc9411b0bde96f5a69d0ada8a07906a9");
  });

  test("is the same for every way of typing the same code", () => {
    const hashes = ["7G4K-2M9Q-XR3D-0PZT", "7G4K2M9QXR3D0PZT", "7g4k 2m9q xr3d opzt", " 7g4k-2m9q-xr3d-0pzt "].map(hashRecoveryCode);
    expect(new Set(hashes).size).toBe(1);
  });

  test("differs between codes", () => {
    const codes = generateRecoveryCodes(1000);
    expect(new Set(codes.map(hashRecoveryCode)).size).toBe(1000);
    expect(hashRecoveryCode("0000-0000-0000-0000")).not.toBe(hashRecoveryCode("0000-0000-0000-0001"));
  });

  test("throws for input that is not a code", () => {
    expect(() => hashRecoveryCode("not a code")).toThrow(TypeError);
  });
});
