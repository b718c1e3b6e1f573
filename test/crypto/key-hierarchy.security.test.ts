/**
 * The key hierarchy end to end, over HTTP and against the real database:
 * what a database dump and the logs reveal (nothing), what strict mode
 * leaves after sign-out (no data key, even with the master key file), and
 * that password changes and master-key rotations keep everything readable.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../../src/auth/data-key-access.ts";
import { currentTotpCode } from "../../src/auth/totp.ts";
import { decrypt, decryptText } from "../../src/crypto/aead.ts";
import { unwrapWithMaster, unwrapWithPassword } from "../../src/crypto/data-key.ts";
import { loadMasterKeyring } from "../../src/crypto/master-key.ts";
import { rotateMasterKey } from "../../src/crypto/rotate-master-key.ts";
import type { SecretKey } from "../../src/crypto/secret-key.ts";
import { log } from "../../src/log.ts";
import { captureLogs } from "../support/logs.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, cookieFor, sessionTokenFrom } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

interface Person {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
  token: string;
}

/** Every row of every table, bytea as hex: what `pg_dump --data-only` would reveal. */
async function databaseDump(): Promise<string> {
  const tables = await db.sql<{ name: string }[]>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { name } of tables)
    parts.push(
      name,
      JSON.stringify(await db.sql.unsafe(`select * from ${name}`), (_key, value) => (value?.type === "Buffer" ? Buffer.from(value.data).toString("hex") : value)),
    );
  return parts.join("\n");
}

/** Every bytea value in the database, for trial decryption. */
async function allBytea(): Promise<Buffer[]> {
  const columns = await db.sql<{ table: string; column: string }[]>`
    select format('%I.%I', table_schema, table_name) as table, column_name as column from information_schema.columns
    where table_schema in ('public', 'graphile_worker') and data_type = 'bytea'`;
  const values: Buffer[] = [];
  for (const { table, column } of columns) {
    for (const row of await db.sql.unsafe(`select ${column} as v from ${table} where ${column} is not null`)) values.push(Buffer.from(row.v));
  }
  return values;
}

function secretForms(key: SecretKey): string[] {
  const bytes = Buffer.from(key.bytes());
  return [bytes.toString("hex"), bytes.toString("base64"), bytes.toString("base64url")];
}

/** Signs up through the pages (first user, or with an invitation), sets up TOTP, returns the full session. */
async function signUp(email: string, password: string, invitation?: string): Promise<Person> {
  const response = await client(app).post("/signup", { email, password, ...(invitation ? { token: invitation } : {}) });
  expect(response.status).toBe(303);
  const partial = sessionTokenFrom(response, services)!;
  const setup = await (await client(app, { cookie: cookieFor(services, partial) }).get("/setup/second-factor")).text();
  const totpSecret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup)![1]!.replaceAll(" ", "");
  const confirmed = await client(app, { cookie: cookieFor(services, partial) }).post("/setup/second-factor", { code: currentTotpCode(totpSecret, Date.now()) });
  const [user] = await db.sql`select id from users where email = ${email}`;
  return { id: user!.id, email, password, totpSecret, token: sessionTokenFrom(confirmed, services)! };
}

/** Password and second factor over HTTP, with a code of a step not used yet. */
async function signIn(person: Person, step = 1): Promise<string> {
  const response = await client(app).post("/signin", { email: person.email, password: person.password });
  expect(response.status).toBe(303);
  const code = currentTotpCode(person.totpSecret, Date.now() + step * 30_000);
  const full = await client(app, { cookie: cookieFor(services, sessionTokenFrom(response, services)!) }).post("/signin/second-factor", { code });
  expect(full.status).toBe(303);
  return sessionTokenFrom(full, services)!;
}

async function passwordWrap(userId: string) {
  const [row] = await db.sql`select dek_password_wrapped as wrapped, dek_kdf_salt as salt, dek_kdf_params as params from users where id = ${userId}`;
  return { wrapped: row!.wrapped as Uint8Array, salt: row!.salt as Uint8Array, params: row!.params as string };
}

async function totpSecretStored(userId: string, dataKey: SecretKey): Promise<string> {
  const [row] = await db.sql`select totp_secret_encrypted as box from users where id = ${userId}`;
  return decryptText(dataKey, row!.box, { owner: userId, purpose: "totp-secret" });
}

describe("key hierarchy", () => {
  let anna: Person;
  let bernd: Person;
  let annaKey: SecretKey;
  let berndKey: SecretKey;
  const logs = captureLogs("debug");

  test("background and strict users signed up, changed passwords and modes over HTTP", async () => {
    anna = await signUp("anna@example.org", "Wolkenkratzer Apfelbaum 17");
    const invite = await client(app, { cookie: cookieFor(services, anna.token) }).post("/admin/invitations", { role: "user", days: "3" });
    const invitation = /\/signup\?token=([\w-]+)/.exec(await invite.text())![1]!;
    bernd = await signUp("bernd@example.org", "Regenschirm Fahrradklingel 9", invitation);

    const strict = await client(app, { cookie: cookieFor(services, bernd.token) }).post("/account/key-mode", { mode: "strict", password: bernd.password });
    expect(strict.status).toBe(200);
    bernd.token = sessionTokenFrom(strict, services)!;

    annaKey = await unwrapWithPassword(await passwordWrap(anna.id), anna.password, anna.id);
    berndKey = await unwrapWithPassword(await passwordWrap(bernd.id), bernd.password, bernd.id);
    expect(await totpSecretStored(anna.id, annaKey)).toBe(anna.totpSecret);
    expect(await totpSecretStored(bernd.id, berndKey)).toBe(bernd.totpSecret);
  });

  test("a password change re-wraps the data key: same key, everything still readable, old password useless", async () => {
    const changed = await client(app, { cookie: cookieFor(services, bernd.token) }).post("/account/password", { current: bernd.password, next: "Leuchtturm Kaffeebohne 2026" });
    expect(changed.status).toBe(200);
    const oldPassword = bernd.password;
    bernd.password = "Leuchtturm Kaffeebohne 2026";
    bernd.token = sessionTokenFrom(changed, services)!;
    const after = await unwrapWithPassword(await passwordWrap(bernd.id), bernd.password, bernd.id);
    expect(Buffer.from(after.bytes()).equals(Buffer.from(berndKey.bytes()))).toBe(true);
    await expect(unwrapWithPassword(await passwordWrap(bernd.id), oldPassword, bernd.id)).rejects.toThrow();
    expect(await totpSecretStored(bernd.id, after)).toBe(bernd.totpSecret);
    // Signing in again needs the encrypted TOTP secret: it works with the new password.
    bernd.token = await signIn(bernd, 1);
  });

  test("strict mode: the key is in the live session only; background work gets it from there", async () => {
    const [row] = await db.sql`select key_mode, dek_master_wrapped from users where id = ${bernd.id}`;
    expect(row).toEqual({ key_mode: "strict", dek_master_wrapped: null });
    const fromSession = await dataKeyForBackgroundWork(db.sql, services.keyring, services.config, bernd.id);
    expect(Buffer.from(fromSession.bytes()).equals(Buffer.from(berndKey.bytes()))).toBe(true);
  });

  test("a master-key rotation re-wraps every data key and keeps everything readable", async () => {
    const before = loadMasterKeyring({ keyFile: services.config.masterKeyFile }).currentId;
    const result = await rotateMasterKey(db.sql, { keyFile: services.config.masterKeyFile }, log);
    expect(result.currentId).not.toBe(before);
    expect(result.users).toBe(1); // anna (background); bernd is strict
    expect(result.sessions).toBeGreaterThanOrEqual(1); // bernd's live session
    expect(result.retired).toEqual([before]);
    expect(Object.keys(JSON.parse(readFileSync(services.config.masterKeyFile, "utf8")).keys)).toEqual([result.currentId]);

    const [anna_] = await db.sql`select dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${anna.id}`;
    expect(anna_!.keyId).toBe(result.currentId);
    const annaAfter = unwrapWithMaster({ wrapped: anna_!.wrapped, keyId: anna_!.keyId }, services.keyring, anna.id);
    expect(Buffer.from(annaAfter.bytes()).equals(Buffer.from(annaKey.bytes()))).toBe(true);
    expect(await totpSecretStored(anna.id, annaAfter)).toBe(anna.totpSecret);
    const berndAfter = await dataKeyForBackgroundWork(db.sql, services.keyring, services.config, bernd.id);
    expect(Buffer.from(berndAfter.bytes()).equals(Buffer.from(berndKey.bytes()))).toBe(true);
    // The running app (which loaded the old key file) keeps working: it re-reads the file.
    expect((await client(app, { cookie: cookieFor(services, bernd.token) }).json("/api/v1/me")).status).toBe(200);
    anna.token = await signIn(anna, 1);
  });

  test("after sign-out in strict mode, the database plus the master key file hold no data key of the user", async () => {
    // Bernd is signed in on two devices (the password change kept one, the sign-in made another): he signs out everywhere.
    expect(await db.sql`select 1 from sessions where user_id = ${bernd.id}`).toHaveLength(2);
    expect((await client(app, { cookie: cookieFor(services, bernd.token) }).post("/account/sessions/end-others")).status).toBe(200);
    expect((await client(app, { cookie: cookieFor(services, bernd.token) }).post("/signout")).status).toBe(303);
    expect(await db.sql`select 1 from sessions where user_id = ${bernd.id}`).toHaveLength(0);
    await expect(dataKeyForBackgroundWork(db.sql, services.keyring, services.config, bernd.id)).rejects.toBeInstanceOf(DataKeyUnavailableError);
    // Trial decryption of every stored binary value with every master key, as the user's data key.
    const keyring = loadMasterKeyring({ keyFile: services.config.masterKeyFile });
    const masterKeys = Object.keys(JSON.parse(readFileSync(services.config.masterKeyFile, "utf8")).keys).map((id) => keyring.get(id));
    for (const value of await allBytea()) {
      for (const key of masterKeys) expect(() => decrypt(key, value, { owner: bernd.id, purpose: "dek:master" })).toThrow();
    }
    expect(await databaseDump()).not.toContain(Buffer.from(berndKey.bytes()).toString("hex"));
  });

  test("the database dump and the logs contain no data key, TOTP secret or password, in either mode", async () => {
    logs.stop();
    const dump = await databaseDump();
    const logText = logs.text();
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secret of [...secretForms(annaKey), ...secretForms(berndKey), anna.totpSecret, bernd.totpSecret, anna.password, bernd.password, "Regenschirm Fahrradklingel 9"]) {
      expect(dump).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
    // And no session token either: the table holds their hashes.
    expect(dump).not.toContain(anna.token);
  });
});
