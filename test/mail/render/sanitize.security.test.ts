/**
 * Remote content the reader allowed still passes the outbound policy: a
 * mail cannot make the reader's browser load from the reader's machine or
 * network (found by review: a table background reached 127.0.0.1).
 */
import { describe, expect, test } from "bun:test";
import { sanitizeMailHtml } from "../../../src/mail/render/sanitize.ts";

const allowed = (html: string) => sanitizeMailHtml(html, { allowRemote: true, inlineImages: new Map() });

describe("allowed remote content and the outbound policy", () => {
  test("table and cell backgrounds on loopback or private addresses are dropped and counted", () => {
    const result = allowed(`<table background="http://127.0.0.1:8080/bg.png"><tr><td background="//192.168.1.1/x.png">a</td><th background="https://[::1]/y.png">b</th></tr></table>`);
    expect(result.html).toBe("<table><tr><td>a</td><th>b</th></tr></table>");
    expect(result.blockedRemote).toBe(3);
  });

  test("images on this machine, its network or the metadata service become placeholders", () => {
    const result = allowed(
      `<img src="https://2130706433/a.png" alt="a"><img src="http://localhost:631/" alt="b"><img src="https://169.254.169.254/latest" alt="c"><img src="https://cdn.example.com/ok.png" alt="d">`,
    );
    expect(result.html).not.toMatch(/2130706433|127\.0\.0\.1|localhost|169\.254/);
    expect(result.html).toContain(`src="https://cdn.example.com/ok.png"`);
    expect(result.blockedRemote).toBe(3);
  });
});
