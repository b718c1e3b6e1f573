/**
 * The administration API (users, invitations, audit log) against the real
 * database: administrators only (404 for everyone else, nothing changed),
 * the same refusals and audit entries as the /admin pages, keyset pages.
 */
import { deleteErasedUserRows } from "../../src/auth/delete-user.ts";
import { afterAll, describe, expect, test } from "bun:test";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { AuditEventList } from "../../src/http/routes/api/v1/admin-audit-schemas.ts";
import type { CreatedInvitation, InvitationJson, InvitationList } from "../../src/http/routes/api/v1/admin-invitations-schemas.ts";
import type { AdminUserJson, AdminUserList, PasswordResetLink } from "../../src/http/routes/api/v1/admin-users-schemas.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  const send = (method: string) => (path: string, body?: unknown) =>
    json(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { get: (path: string) => json(path), post: send("POST"), put: send("PUT"), delete: send("DELETE") };
};

const auditOf = (event: string, subjectId?: string) =>
  db.sql<{ actorId: string | null; subjectId: string | null; detail: Record<string, unknown> }[]>`
    select actor_id as "actorId", subject_id as "subjectId", detail from audit_events where event = ${event} and (${subjectId ?? null}::uuid is null or subject_id = ${subjectId ?? null}::uuid) order by id`;

const admin = await createTestUser(services, { role: "admin" });

describe("who may use it", () => {
  test("anyone but an administrator gets 404 on every admin API route, and nothing changes", async () => {
    const alice = await createTestUser(services);
    const bob = await createTestUser(services);
    const as = api(alice);
    const answers = [
      await as.get("/api/v1/admin/users"),
      await as.get(`/api/v1/admin/users/${bob.user.id}`),
      await as.post(`/api/v1/admin/users/${bob.user.id}/disable`),
      await as.put(`/api/v1/admin/users/${alice.user.id}/role`, { role: "admin" }),
      await as.post(`/api/v1/admin/users/${bob.user.id}/password-reset`),
      await as.delete(`/api/v1/admin/users/${bob.user.id}`),
      await as.get("/api/v1/admin/invitations"),
      await as.post("/api/v1/admin/invitations", { role: "admin", days: 30 }),
      await as.get("/api/v1/admin/audit-events"),
      // Validation does not run first: a malformed body is 404 all the same.
      await as.put(`/api/v1/admin/users/${alice.user.id}/role`, { role: "root" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as ErrorEnvelope).error.code).toBe("NOT_FOUND");
    }
    const [row] = await db.sql`select role, status from users where id = ${alice.user.id}`;
    expect(row).toEqual({ role: "user", status: "active" });
    expect((await db.sql`select status from users where id = ${bob.user.id}`)[0]!.status).toBe("active");
    expect(await db.sql`select 1 from invitations where created_by = ${alice.user.id}`).toHaveLength(0);
  });

  test("signed out: 401", async () => {
    const response = await app.request("/api/v1/admin/users", { headers: { Accept: "application/json" } });
    expect(response.status).toBe(401);
  });
});

describe("users", () => {
  test("list: every user, oldest first, without secrets; a malformed cursor is 400", async () => {
    for (let n = 0; n < 3; n++) await createTestUser(services);
    const everyone = (await db.sql<{ id: string }[]>`select id from users order by created_at, id`).map((row) => row.id);
    const first = (await (await api(admin).get("/api/v1/admin/users")).json()) as AdminUserList;
    expect(first.users.map((user) => user.id)).toEqual(everyone.slice(0, 50));
    expect(first.previous).toBeNull();
    const me = first.users.find((user) => user.id === admin.user.id)!;
    expect(me).toMatchObject({ email: admin.user.email, role: "admin", status: "active", keyMode: "background", secondFactor: true });
    expect(Object.keys(me)).not.toContain("passwordHash");
    const bad = await api(admin).get("/api/v1/admin/users?after=bm90LWEtY3Vyc29y");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorEnvelope).error.code).toBe("BAD_REQUEST");
  });

  test("read one; an unknown or malformed id is 404", async () => {
    const bob = await createTestUser(services);
    const read = await api(admin).get(`/api/v1/admin/users/${bob.user.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as AdminUserJson).email).toBe(bob.user.email);
    expect((await api(admin).get(`/api/v1/admin/users/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api(admin).get("/api/v1/admin/users/not-an-id")).status).toBe(404);
  });

  test("disable signs the user out and is audited; enable lets them back; never oneself (409)", async () => {
    const bob = await createTestUser(services);
    const disabled = await api(admin).post(`/api/v1/admin/users/${bob.user.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as AdminUserJson).status).toBe("disabled");
    expect(await db.sql`select 1 from sessions where user_id = ${bob.user.id}`).toHaveLength(0);
    expect((await api(bob).get("/api/v1/me")).status).toBe(401);
    expect((await auditOf("user.disabled", bob.user.id))[0]!.actorId).toBe(admin.user.id);

    const enabled = await api(admin).post(`/api/v1/admin/users/${bob.user.id}/enable`);
    expect(((await enabled.json()) as AdminUserJson).status).toBe("active");
    expect(await auditOf("user.enabled", bob.user.id)).toHaveLength(1);

    const self = await api(admin).post(`/api/v1/admin/users/${admin.user.id}/disable`);
    expect(self.status).toBe(409);
    expect((await db.sql`select status from users where id = ${admin.user.id}`)[0]!.status).toBe("active");
  });

  test("role: made administrator and back, audited; never one's own; a bad role is 400", async () => {
    const carol = await createTestUser(services);
    const promoted = await api(admin).put(`/api/v1/admin/users/${carol.user.id}/role`, { role: "admin" });
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as AdminUserJson).role).toBe("admin");
    // Now an administrator, carol may use the admin API.
    expect((await api(carol).get("/api/v1/admin/users")).status).toBe(200);
    expect((await api(admin).put(`/api/v1/admin/users/${carol.user.id}/role`, { role: "user" })).status).toBe(200);
    expect((await api(carol).get("/api/v1/admin/users")).status).toBe(404);
    expect((await auditOf("user.role_changed", carol.user.id)).map((entry) => entry.detail.role)).toEqual(["admin", "user"]);

    expect((await api(admin).put(`/api/v1/admin/users/${admin.user.id}/role`, { role: "user" })).status).toBe(409);
    expect((await api(admin).put(`/api/v1/admin/users/${carol.user.id}/role`, { role: "root" })).status).toBe(400);
    expect((await db.sql`select role from users where id = ${admin.user.id}`)[0]!.role).toBe("admin");
  });

  test("password reset: a single-use link shown once, the user's encrypted data wiped, audited", async () => {
    const dave = await createTestUser(services);
    const reset = await api(admin).post(`/api/v1/admin/users/${dave.user.id}/password-reset`);
    expect(reset.status).toBe(201);
    expect(reset.headers.get("cache-control")).toBe("no-store");
    const link = (await reset.json()) as PasswordResetLink;
    expect(link.url).toMatch(/\/reset-password\?token=[\w-]{43}$/);
    const [stored] = await db.sql`select count(*)::int as n from invitations where user_id = ${dave.user.id} and kind = 'password_reset' and used_at is null and revoked_at is null`;
    expect(stored!.n).toBe(1);
    // Only the token's hash is kept.
    const token = new URL(link.url).searchParams.get("token")!;
    expect((await db.sql`select 1 from invitations where encode(token_hash, 'escape') like ${`%${token}%`}`).length).toBe(0);
    expect((await db.sql`select totp_enabled_at from users where id = ${dave.user.id}`)[0]!.totp_enabled_at).toBeNull();
    expect((await auditOf("user.password_reset_by_admin", dave.user.id))[0]!.detail).toEqual({ encryptedDataWiped: true });
    expect((await api(admin).post(`/api/v1/admin/users/${admin.user.id}/password-reset`)).status).toBe(409);
  });

  test("delete: 204, the key erased at once and the rows by the job, audited without the address; unknown id 404", async () => {
    const erin = await createTestUser(services);
    expect((await api(admin).delete(`/api/v1/admin/users/${erin.user.id}`)).status).toBe(204);
    expect((await db.sql`select dek_password_wrapped, dek_master_wrapped from users where id = ${erin.user.id}`)[0]).toEqual({ dek_password_wrapped: null, dek_master_wrapped: null });
    await deleteErasedUserRows(db.sql, erin.user.id, services.log);
    expect(await db.sql`select 1 from users where id = ${erin.user.id}`).toHaveLength(0);
    const events = await db.sql`select detail from audit_events where event = 'user.deleted' and detail->>'userId' = ${erin.user.id}`;
    expect(events.map((event) => event.detail)).toEqual([{ userId: erin.user.id, bySelf: false }]);
    expect((await api(admin).delete(`/api/v1/admin/users/${erin.user.id}`)).status).toBe(404);
  });
});

describe("invitations", () => {
  test("create (link once, audited), list newest first, revoke (audited); revoking again is 404", async () => {
    const created = await api(admin).post("/api/v1/admin/invitations", { email: "neu@example.org", role: "user", days: 2 });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { invitation, url } = (await created.json()) as CreatedInvitation;
    expect(url).toMatch(/\/signup\?token=[\w-]{43}$/);
    expect(invitation).toMatchObject({ email: "neu@example.org", role: "user", state: "open", usedAt: null, revokedAt: null });
    expect(new Date(invitation.expiresAt).getTime() - new Date(invitation.createdAt).getTime()).toBe(2 * 24 * 3600 * 1000);
    expect((await auditOf("invitation.created")).some((entry) => entry.detail.invitationId === invitation.id)).toBe(true);

    const list = (await (await api(admin).get("/api/v1/admin/invitations")).json()) as InvitationList;
    expect(list.invitations[0]!.id).toBe(invitation.id);
    expect(JSON.stringify(list)).not.toContain(new URL(url).searchParams.get("token")!);

    const revoked = await api(admin).post(`/api/v1/admin/invitations/${invitation.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as InvitationJson).state).toBe("revoked");
    expect((await auditOf("invitation.revoked")).some((entry) => entry.detail.invitationId === invitation.id)).toBe(true);
    expect((await api(admin).post(`/api/v1/admin/invitations/${invitation.id}/revoke`)).status).toBe(404);
    expect((await api(admin).post("/api/v1/admin/invitations/not-an-id/revoke")).status).toBe(404);
  });

  test("bad input is 400 and creates nothing", async () => {
    const before = (await db.sql`select count(*)::int as n from invitations`)[0]!.n;
    for (const body of [{ days: 0 }, { days: 31 }, { role: "root" }, { email: "kein-mail" }, { days: 1.5 }]) {
      const response = await api(admin).post("/api/v1/admin/invitations", body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect((await db.sql`select count(*)::int as n from invitations`)[0]!.n).toBe(before);
  });

  test("keyset pages: next and previous walk the same rows", async () => {
    for (let n = 0; n < 55; n++) await api(admin).post("/api/v1/admin/invitations", { days: 1 });
    const first = (await (await api(admin).get("/api/v1/admin/invitations")).json()) as InvitationList;
    expect(first.invitations).toHaveLength(50);
    expect(first.next).not.toBeNull();
    const second = (await (await api(admin).get(`/api/v1/admin/invitations?after=${first.next}`)).json()) as InvitationList;
    const ids = (await db.sql<{ id: string }[]>`select id from invitations where kind = 'signup' order by created_at desc, id desc`).map((row) => row.id);
    expect([...first.invitations, ...second.invitations].map((entry) => entry.id)).toEqual(ids.slice(0, first.invitations.length + second.invitations.length));
    expect(second.previous).not.toBeNull();
    const back = (await (await api(admin).get(`/api/v1/admin/invitations?before=${second.previous}`)).json()) as InvitationList;
    expect(back.invitations.map((entry) => entry.id)).toEqual(first.invitations.map((entry) => entry.id));
    expect(back.previous).toBeNull();
  });
});

describe("audit log", () => {
  test("newest first, filtered by event and by user, in pages", async () => {
    const frank = await createTestUser(services);
    await api(admin).post(`/api/v1/admin/users/${frank.user.id}/disable`);
    await api(admin).post(`/api/v1/admin/users/${frank.user.id}/enable`);
    const byUser = (await (await api(admin).get(`/api/v1/admin/audit-events?userId=${frank.user.id}`)).json()) as AuditEventList;
    expect(byUser.events.map((entry) => entry.event)).toEqual(["user.enabled", "user.disabled"]);
    expect(byUser.events[0]).toMatchObject({ actorId: admin.user.id, actor: admin.user.email, subjectId: frank.user.id, subject: frank.user.email });

    const disabled = (await (await api(admin).get("/api/v1/admin/audit-events?event=user.disabled")).json()) as AuditEventList;
    expect(disabled.events.length).toBeGreaterThan(0);
    expect(disabled.events.every((entry) => entry.event === "user.disabled")).toBe(true);

    // Over 50 events by now (the invitations above): the next page continues where the first stopped.
    const first = (await (await api(admin).get("/api/v1/admin/audit-events")).json()) as AuditEventList;
    const second = (await (await api(admin).get(`/api/v1/admin/audit-events?after=${first.next}`)).json()) as AuditEventList;
    const ids = [...first.events, ...second.events].map((entry) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);

    expect((await api(admin).get("/api/v1/admin/audit-events?event=user.hacked")).status).toBe(400);
    expect((await api(admin).get("/api/v1/admin/audit-events?after=%%%")).status).toBe(400);
  });
});
