import { describe, expect, test } from "bun:test";
import { Secret, URI } from "otpauth";
import { currentTotpCode, generateTotpSecret, totpStep, totpUri, verifyTotp } from "../../src/auth/totp.ts";

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = Secret.fromLatin1("12345678901234567890").base32;
/**
 * RFC 6238 appendix B, SHA-1 column: time in seconds and the 8-digit code.
 * Truncating to 6 digits takes the code modulo 10^6, i.e. its last six digits.
 */
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const STEP_MS = 30_000;
/** Ten seconds into a step, so ±1 step stays clear of any boundary. */
const NOW = Date.UTC(2026, 0, 15, 12, 0, 10);
/** Fixed, so every run checks the same codes and "wrong" codes stay wrong. */
const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

function codeAtStepOffset(offset: number): string {
  return currentTotpCode(secret, NOW + offset * STEP_MS);
}

describe("generateTotpSecret", () => {
  test("is 160 random bits in unpadded base32", () => {
    const generated = generateTotpSecret();
    expect(generated).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(generated).bytes.length).toBe(20);
  });

  test("differs every time", () => {
    const secrets = new Set(Array.from({ length: 100 }, generateTotpSecret));
    expect(secrets.size).toBe(100);
  });
});

describe("totpUri", () => {
  test("names issuer and account and carries secret, SHA-1, 6 digits, 30 s", () => {
    const uri = totpUri({ secret: RFC_SECRET, account: "anna@example.org" });
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/Mail Helper:anna@example.org");
    expect(Object.fromEntries(url.searchParams)).toEqual({ issuer: "Mail Helper", secret: RFC_SECRET, algorithm: "SHA1", digits: "6", period: "30" });
  });

  test("takes another issuer", () => {
    const url = new URL(totpUri({ secret: RFC_SECRET, account: "ben@example.org", issuer: "Mail Helper (Test)" }));
    expect(decodeURIComponent(url.pathname)).toBe("/Mail Helper (Test):ben@example.org");
    expect(url.searchParams.get("issuer")).toBe("Mail Helper (Test)");
  });

  test("an authenticator reading the URI produces the codes we verify", () => {
    const app = URI.parse(totpUri({ secret, account: "anna@example.org" }));
    const code = app.generate({ timestamp: NOW });
    expect(code).toBe(currentTotpCode(secret, NOW));
    expect(verifyTotp({ secret, code, lastUsedStep: null, now: NOW })).toEqual({ ok: true, step: totpStep(NOW) });
  });
});

describe("totpStep", () => {
  test("counts 30 s steps since the epoch", () => {
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(1_111_111_109_000)).toBe(37_037_036);
  });
});

describe("RFC 6238 test vectors (SHA-1, 6 digits)", () => {
  for (const [seconds, eightDigits] of RFC_VECTORS) {
    const expected = eightDigits.slice(-6);
    test(`T = ${seconds} s gives ${expected}`, () => {
      expect(currentTotpCode(RFC_SECRET, seconds * 1000)).toBe(expected);
      expect(verifyTotp({ secret: RFC_SECRET, code: expected, lastUsedStep: null, now: seconds * 1000 })).toEqual({ ok: true, step: Math.floor(seconds / 30) });
    });
  }
});

describe("verifyTotp", () => {
  const step = totpStep(NOW);

  test("accepts the current code and returns its step", () => {
    expect(verifyTotp({ secret, code: codeAtStepOffset(0), lastUsedStep: null, now: NOW })).toEqual({ ok: true, step });
  });

  test("uses the clock when no time is given", () => {
    const now = Date.now();
    const result = verifyTotp({ secret, code: currentTotpCode(secret, now), lastUsedStep: null });
    expect(result.ok).toBe(true);
  });

  test("ignores spaces in the code", () => {
    const code = codeAtStepOffset(0);
    for (const typed of [`${code.slice(0, 3)} ${code.slice(3)}`, ` ${code} `, code.split("").join(" "), `${code.slice(0, 3)}\u00a0${code.slice(3)}`]) {
      expect(verifyTotp({ secret, code: typed, lastUsedStep: null, now: NOW })).toEqual({ ok: true, step });
    }
  });

  test("accepts one step of drift either way, with the step the code belongs to", () => {
    expect(verifyTotp({ secret, code: codeAtStepOffset(-1), lastUsedStep: null, now: NOW })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp({ secret, code: codeAtStepOffset(1), lastUsedStep: null, now: NOW })).toEqual({ ok: true, step: step + 1 });
  });

  test("refuses two steps of drift either way", () => {
    for (const offset of [-2, 2, -3, 3]) {
      expect(verifyTotp({ secret, code: codeAtStepOffset(offset), lastUsedStep: null, now: NOW })).toEqual({ ok: false, reason: "invalid" });
    }
  });

  test("refuses the same code a second time", () => {
    const code = codeAtStepOffset(0);
    const first = verifyTotp({ secret, code, lastUsedStep: null, now: NOW });
    expect(first).toEqual({ ok: true, step });
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp({ secret, code, lastUsedStep, now: NOW })).toEqual({ ok: false, reason: "reused" });
    expect(verifyTotp({ secret, code, lastUsedStep, now: NOW + 20_000 })).toEqual({ ok: false, reason: "reused" });
  });

  test("refuses an older step once a newer one was used", () => {
    expect(verifyTotp({ secret, code: codeAtStepOffset(-1), lastUsedStep: step, now: NOW })).toEqual({ ok: false, reason: "reused" });
    // A code from the next step (clock ahead) was used; the current one is now older.
    expect(verifyTotp({ secret, code: codeAtStepOffset(0), lastUsedStep: step + 1, now: NOW })).toEqual({ ok: false, reason: "reused" });
  });

  test("accepts the next step after the last used one", () => {
    expect(verifyTotp({ secret, code: codeAtStepOffset(1), lastUsedStep: step, now: NOW })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp({ secret, code: codeAtStepOffset(0), lastUsedStep: step - 1, now: NOW })).toEqual({ ok: true, step });
  });

  test("refuses a well-formed code that is wrong", () => {
    const valid = new Set([-1, 0, 1].map(codeAtStepOffset));
    let wrong = Number(codeAtStepOffset(0));
    while (valid.has(String(wrong).padStart(6, "0"))) wrong = (wrong + 1) % 1_000_000;
    expect(verifyTotp({ secret, code: String(wrong).padStart(6, "0"), lastUsedStep: null, now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  test("refuses a code made with another secret", () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: codeAtStepOffset(0), lastUsedStep: null, now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  test("refuses anything that is not six digits as invalid", () => {
    const code = codeAtStepOffset(0);
    const malformed = [
      "",
      "      ",
      code.slice(0, 5),
      `${code}0`,
      `0${code}`,
      `${code.slice(0, 5)}a`,
      `-${code.slice(1)}`,
      `${code.slice(0, 3)}-${code.slice(3)}`,
      "１２３４５６",
      "12345.",
      "+12345",
      "1e5000",
      `${code}\n${code}`,
    ];
    for (const typed of malformed) {
      expect(verifyTotp({ secret, code: typed, lastUsedStep: null, now: NOW })).toEqual({ ok: false, reason: "invalid" });
    }
  });
});
