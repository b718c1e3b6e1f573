/**
 * "Dieses Gerät 30 Tage merken": a remembered browser skips the second
 * factor for its own user only, until it is forgotten, expires, or the
 * password changes. The database holds no usable token.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { signInWithPassword } from "../../src/auth/sign-in.ts";
import { forgetTrustedDevice, listTrustedDevices, trustDevice } from "../../src/auth/trusted-devices.ts";
import { openTestApp } from "../support/test-app.ts";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { client, cookieFor, createTestUser, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const context = { userAgent: "Firefox on Linux", clientAddress: "192.0.2.10" };
const signIn = (email: string, password: string, trustedDeviceToken?: string) => signInWithPassword(services, { email, password, context, trustedDeviceToken });
const stageOf = async (result: ReturnType<typeof signIn>) => {
  const outcome = await result;
  return outcome.ok ? outcome.stage : outcome.reason;
};

describe("trusted devices", () => {
  test("skip the second factor for their user only, still asking for the password", async () => {
    const anna = await createTestUser(services);
    const bert = await createTestUser(services);
    const token = await trustDevice(db.sql, anna.user.id, context.userAgent);
    expect(await stageOf(signIn(anna.user.email, anna.password, token))).toBe("full");
    expect(await stageOf(signIn(anna.user.email, "wrong password here", token))).toBe("invalid");
    expect(await stageOf(signIn(bert.user.email, bert.password, token))).toBe("second_factor");
    // Another first character (the last one of base64url may hold only padding bits, and may already be the one put in).
    expect(await stageOf(signIn(anna.user.email, anna.password, `${token.startsWith("A") ? "B" : "A"}${token.slice(1)}`))).toBe("second_factor");
    expect(await stageOf(signIn(anna.user.email, anna.password))).toBe("second_factor");
    const [stored] = await db.sql`select encode(token_hash, 'hex') as hash from trusted_devices where user_id = ${anna.user.id}`;
    expect(stored!.hash).not.toContain(Buffer.from(token).toString("hex"));
  });

  test("are listed, forgotten one by one (another user's id changes nothing), and end when they expire", async () => {
    const anna = await createTestUser(services);
    const bert = await createTestUser(services);
    const token = await trustDevice(db.sql, anna.user.id, context.userAgent);
    const [device] = await listTrustedDevices(db.sql, anna.user.id);
    expect(device).toMatchObject({ userAgent: "Firefox on Linux" });
    expect(device!.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
    expect(await forgetTrustedDevice(db.sql, bert.user.id, device!.id)).toBe(false);
    expect(await stageOf(signIn(anna.user.email, anna.password, token))).toBe("full");
    await db.sql`update trusted_devices set expires_at = now() - interval '1 second' where id = ${device!.id}`;
    expect(await stageOf(signIn(anna.user.email, anna.password, token))).toBe("second_factor");
    expect(await listTrustedDevices(db.sql, anna.user.id)).toEqual([]);

    const again = await trustDevice(db.sql, anna.user.id, context.userAgent);
    const [second] = await listTrustedDevices(db.sql, anna.user.id);
    expect(await forgetTrustedDevice(db.sql, anna.user.id, second!.id)).toBe(true);
    expect(await stageOf(signIn(anna.user.email, anna.password, again))).toBe("second_factor");
  });
});

describe("over HTTP", () => {
  const cookieValue = (response: Response, name: string) =>
    response.headers
      .getSetCookie()
      .map((cookie) => new RegExp(`^${name}=([^;]*)`).exec(cookie)?.[1])
      .find(Boolean);

  test('"remember this device" at the code step: the next sign-in there needs only the password, until the device is forgotten', async () => {
    const user = await createTestUser(services);
    const password = await client(app).post("/signin", { email: user.user.email, password: user.password });
    const half = cookieFor(services, sessionTokenFrom(password, services)!);
    const code = await client(app, { cookie: half }).post("/signin/second-factor", { code: currentTotpCode(user.totpSecret, Date.now() - 30_000), trust: "on" });
    const trusted = cookieValue(code, "mh_trusted");
    expect(trusted).toMatch(/^[\w-]{43}$/);
    expect(code.headers.getSetCookie().find((cookie) => cookie.startsWith("mh_trusted="))).toMatch(/HttpOnly.*|Max-Age=2592000/);

    const again = await client(app, { cookie: `mh_trusted=${trusted}` }).post("/signin", { email: user.user.email, password: user.password });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/");
    const full = cookieFor(services, sessionTokenFrom(again, services)!);
    const sessions = await (await client(app, { cookie: full }).get("/account/sessions")).text();
    expect(sessions).toContain("Gemerkte Geräte");
    const [device] = await listTrustedDevices(db.sql, user.user.id);

    // Another user cannot forget it; its owner can, and then the code is asked again.
    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).post(`/account/trusted-devices/${device!.id}/forget`)).status).toBe(404);
    expect((await client(app, { cookie: full }).post(`/account/trusted-devices/${device!.id}/forget`)).status).toBe(303);
    const afterForget = await client(app, { cookie: `mh_trusted=${trusted}` }).post("/signin", { email: user.user.email, password: user.password });
    expect(afterForget.headers.get("location")).toStartWith("/signin/second-factor");
  });

  test("without the box ticked nothing is remembered", async () => {
    const user = await createTestUser(services);
    const password = await client(app).post("/signin", { email: user.user.email, password: user.password });
    const code = await client(app, { cookie: cookieFor(services, sessionTokenFrom(password, services)!) }).post("/signin/second-factor", {
      code: currentTotpCode(user.totpSecret, Date.now() - 30_000),
    });
    expect(cookieValue(code, "mh_trusted")).toBeUndefined();
    expect(await listTrustedDevices(db.sql, user.user.id)).toEqual([]);
  });
});
