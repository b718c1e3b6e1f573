/**
 * "Dieses Gerät 30 Tage merken": a remembered browser skips the second
 * factor for its own user only, until it is forgotten, expires, or the
 * password changes. The database holds no usable token.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { signInWithPassword } from "../../src/auth/sign-in.ts";
import { forgetTrustedDevice, listTrustedDevices, trustDevice } from "../../src/auth/trusted-devices.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services } = await openTestApp();
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
    expect(await stageOf(signIn(anna.user.email, anna.password, `${token.slice(0, -1)}A`))).toBe("second_factor");
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
