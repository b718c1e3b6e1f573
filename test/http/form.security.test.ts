/** Where a form sends the browser afterwards (`?next=`, `back=`): this site only, never a 5xx. */
import { afterAll, describe, expect, test } from "bun:test";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { safeLocalPath } from "../../src/http/form.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom } from "../support/users.ts";

const PUBLIC_URL = "https://mail.example.org";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const user = await createTestUser(services);

describe("safeLocalPath", () => {
  test.each([
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/\u0000/evil.example"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["/\\/evil.example"],
    ["\\\\evil.example"],
    ["https://evil.example/"],
    ["https://mail.example.org/messages"],
    ["javascript:alert(1)"],
    ["messages"],
    [""],
    [42],
    [undefined],
  ])("refuses %p", (path) => {
    expect(safeLocalPath(path, PUBLIC_URL)).toBe("/");
    expect(safeLocalPath(path, PUBLIC_URL, "/messages")).toBe("/messages");
  });

  test.each([
    ["/messages?q=rechnung&sort=date", "/messages?q=rechnung&sort=date"],
    ["/accounts/1#folders", "/accounts/1#folders"],
    ["/a/../threads", "/threads"],
    // Sent as a header: whatever is not ASCII comes back percent-encoded.
    ["/messages?q=Grüße", "/messages?q=Gr%C3%BC%C3%9Fe"],
  ])("keeps %p on this site as %p", (path, expected) => {
    expect(safeLocalPath(path, PUBLIC_URL)).toBe(expected);
  });
});

describe("sign-in with ?next=", () => {
  /** Both steps with the given raw `next` query value; returns the final answer. */
  async function signIn(next: string, at: number) {
    const password = await client(app).post(`/signin?next=${next}`, { email: user.user.email, password: user.password });
    expect(password.status).toBe(303);
    const token = sessionTokenFrom(password, services)!;
    const second = password.headers.get("location")!;
    expect(second).toStartWith("/signin/second-factor");
    return client(app, { cookie: cookieFor(services, token) }).post(`${second.split("?")[0]}?next=${next}`, { code: currentTotpCode(user.totpSecret, at) });
  }

  test("a tab that would turn /\\t/evil.example into //evil.example ends on the start page", async () => {
    const response = await signIn("%2F%09%2Fevil.example", Date.now() - 30_000);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  test("a newline answers a redirect to the start page, not a 500 after the code was used", async () => {
    const response = await signIn("%2F%0A%2Fevil.example", Date.now());
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect((await client(app, { cookie: cookieFor(services, sessionTokenFrom(response, services)!) }).json("/api/v1/me")).status).toBe(200);
  });

  test("a path on this site is kept through both steps", async () => {
    const response = await signIn(encodeURIComponent("/messages?sort=date"), Date.now() + 30_000);
    expect(response.headers.get("location")).toBe("/messages?sort=date");
  });
});
