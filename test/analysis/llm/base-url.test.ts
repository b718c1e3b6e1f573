/** Which base URLs are accepted, and which providers count as local (clear text) — only a loopback Ollama. */
import { describe, expect, test } from "bun:test";
import { apiUrl, isLocalProvider, normaliseBaseUrl } from "../../../src/analysis/llm/base-url.ts";

describe("normaliseBaseUrl", () => {
  test("accepts http and https, drops the trailing slash, keeps a path", () => {
    expect(normaliseBaseUrl(" http://127.0.0.1:11434/ ")).toBe("http://127.0.0.1:11434");
    expect(normaliseBaseUrl("https://api.mistral.ai/v1/")).toBe("https://api.mistral.ai/v1");
    expect(normaliseBaseUrl("HTTPS://API.OpenAI.com")).toBe("https://api.openai.com");
  });

  test("refuses other schemes, credentials in the URL, queries and junk", () => {
    for (const bad of [
      "file:///etc/passwd",
      "ftp://example.org",
      "javascript:alert(1)",
      "http://user:pw@example.org",
      "https://example.org/?key=1",
      "https://example.org/#x",
      "example.org",
      "",
      "http://",
    ]) {
      expect({ bad, url: normaliseBaseUrl(bad) }).toEqual({ bad, url: undefined });
    }
  });
});

describe("isLocalProvider", () => {
  test("only Ollama on a loopback address is local", () => {
    for (const baseUrl of [
      "http://127.0.0.1:11434",
      "http://127.8.9.10:11434",
      "http://localhost:11434",
      "http://LOCALHOST.:11434",
      "http://[::1]:11434",
      "http://[::ffff:127.0.0.1]:11434",
      "http://2130706433:11434",
      "http://0x7f.1:11434",
    ]) {
      expect({ baseUrl, local: isLocalProvider({ kind: "ollama", baseUrl }) }).toEqual({ baseUrl, local: true });
    }
  });

  test("anything else is not: other kinds on loopback, Ollama elsewhere, look-alike names", () => {
    const cases: ["ollama" | "openai" | "anthropic", string][] = [
      ["openai", "http://127.0.0.1:1234/v1"],
      ["anthropic", "http://localhost:8080"],
      ["ollama", "http://192.168.1.10:11434"],
      ["ollama", "http://10.0.0.1:11434"],
      ["ollama", "http://localhost.example.com:11434"],
      ["ollama", "http://127.0.0.1.nip.io:11434"],
      ["ollama", "http://[::2]:11434"],
      ["ollama", "https://ollama.example.org"],
      ["ollama", "not a url"],
    ];
    for (const [kind, baseUrl] of cases) expect({ kind, baseUrl, local: isLocalProvider({ kind, baseUrl }) }).toEqual({ kind, baseUrl, local: false });
  });
});

test("apiUrl adds /v1 unless the base URL already ends in it", () => {
  expect(apiUrl("https://api.openai.com", "/v1/models")).toBe("https://api.openai.com/v1/models");
  expect(apiUrl("http://localhost:1234/v1", "/v1/chat/completions")).toBe("http://localhost:1234/v1/chat/completions");
});
