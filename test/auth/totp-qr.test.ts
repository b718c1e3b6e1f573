import { describe, expect, test } from "bun:test";
import jsQR from "jsqr";
import QRCode from "qrcode";
import { totpQrSvg } from "../../src/auth/totp-qr.ts";
import { generateTotpSecret, totpUri } from "../../src/auth/totp.ts";

const PIXELS_PER_MODULE = 4;

/**
 * Reads the modules back out of the SVG: the dark <path> is horizontal strokes
 * along each module row (`M x y` absolute, `m dx dy` relative, `h n` draw n).
 */
function svgToModules(svg: string): { size: number; dark: boolean[][] } {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const path = /<path stroke="#000000" d="([^"]*)"/.exec(svg)![1]!;
  let x = 0;
  let y = 0;
  for (const [, command, args] of path.matchAll(/([MmHhVv])([^MmHhVvZz]*)/g)) {
    const [a = 0, b = 0] = args!
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (command === "M") [x, y] = [a, b];
    else if (command === "m") [x, y] = [x + a, y + b];
    else if (command === "h") {
      for (let column = x; column < x + a; column++) dark[Math.floor(y)]![column] = true;
      x += a;
    } else throw new Error(`unexpected path command ${command}`);
  }
  return { size, dark };
}

/** Decodes the SVG the way a phone camera would: rasterize, then find and read the code. */
function decodeSvg(svg: string): string | undefined {
  const { size, dark } = svgToModules(svg);
  const width = size * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const value = dark[Math.floor(py / PIXELS_PER_MODULE)]![Math.floor(px / PIXELS_PER_MODULE)] ? 0 : 255;
      pixels.set([value, value, value, 255], (py * width + px) * 4);
    }
  }
  return jsQR(pixels, width, width)?.data;
}

describe("totpQrSvg", () => {
  const uri = totpUri({ secret: generateTotpSecret(), account: "anna@example.org" });

  test("is one <svg> element of paths, square, with a white background", async () => {
    const svg = await totpQrSvg(uri);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).toMatch(/viewBox="0 0 (\d+) \1"/);
    const tags = [...svg.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)].map((match) => match[1]);
    expect(new Set(tags)).toEqual(new Set(["svg", "path"]));
    expect(svg).toContain('<path fill="#ffffff"');
  });

  test("contains no script, event handler or reference to anything outside", async () => {
    const svg = await totpQrSvg(uri);
    expect(svg.toLowerCase()).not.toContain("<script");
    expect(svg).not.toMatch(/href\s*=/i);
    expect(svg).not.toMatch(/\son\w+\s*=/i);
    expect(svg).not.toMatch(/url\(|<image|<use|<foreignobject|<style|javascript:|data:/i);
    // The namespace is an identifier, not something a browser fetches; it is the only URL.
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  test("does not show the secret as text", async () => {
    const secret = generateTotpSecret();
    const svg = await totpQrSvg(totpUri({ secret, account: "anna@example.org" }));
    expect(svg).not.toContain(secret);
    expect(svg).not.toContain("otpauth");
  });

  test("decodes to the otpauth URI", async () => {
    expect(decodeSvg(await totpQrSvg(uri))).toBe(uri);
  });

  test("decodes for long accounts and other issuers too", async () => {
    const long = totpUri({ secret: generateTotpSecret(), account: `${"sehr.langer.name".repeat(4)}@beispiel-unternehmen.example`, issuer: "Mail Helper (Büro)" });
    expect(decodeSvg(await totpQrSvg(long))).toBe(long);
  });

  test("draws exactly the error-correction level M symbol of the URI", async () => {
    const { size, dark } = svgToModules(await totpQrSvg(uri));
    const expected = QRCode.create(uri, { errorCorrectionLevel: "M" }).modules;
    const margin = (size - expected.size) / 2;
    expect(margin).toBe(4);
    const drawn = dark.slice(margin, margin + expected.size).flatMap((row) => row.slice(margin, margin + expected.size));
    expect(drawn).toEqual(Array.from(expected.data, Boolean));
    // Level L would be a different symbol (other format bits at least), so this pins M.
    expect(Array.from(QRCode.create(uri, { errorCorrectionLevel: "L" }).modules.data, Boolean)).not.toEqual(drawn);
  });
});
