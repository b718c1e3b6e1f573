/**
 * The app's routes, enumerated from the app itself, and ids of real rows to
 * put in their path parameters: what the route-walking security tests share,
 * so a route added later is walked by all of them without anyone listing it.
 *
 * @example
 *   const ids = rowIdsOf(services, bob, admin);
 *   for (const route of appRoutes(app)) await app.request(await fillPath(route.path, ids));
 */
import type { Services } from "../../src/services.ts";
import { createInvitation } from "../../src/auth/invitations.ts";
import { encrypt } from "../../src/crypto/aead.ts";
import type { App } from "../../src/http/app.tsx";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { addVipSender } from "../../src/senders/vip.ts";
import { createTag } from "../../src/tags/store.ts";
import { createRule } from "../../src/rules/store.ts";
import type { RuleDefinition } from "../../src/rules/rule-schema.ts";
import { noteNameCandidates } from "../../src/tags/name-queue.ts";
import { createDraft } from "../../src/mail/compose/drafts.ts";
import { webhookBinding } from "../../src/webhooks/store.ts";
import type { TestUser } from "./users.ts";

export interface Route {
  method: string;
  path: string;
}

/** Every concrete method and path the app answers (middleware `ALL` and wildcard entries left out), each once. */
export function appRoutes(app: App): Route[] {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.method !== "ALL" && !route.path.includes("*"))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`))
    .map(({ method, path }) => ({ method, path }));
}

/** A small valid rule tree. */
const FLAG_INVOICES = { condition: { type: "text", field: "subject", match: "contains", value: "Rechnung" }, actions: [{ type: "flag" }] };

/**
 * A valid JSON body for API routes that take one: the schema is checked
 * before the handler, and the handler is what must answer 404. A new JSON
 * route with a body fails the checks of test/http/routes.security.test.ts (400/415)
 * until it is listed here.
 */
export const VALID_JSON_BODIES: Record<string, unknown> = {
  "POST /api/v1/messages/:messageId/actions": { action: "mark_read" },
  "PATCH /api/v1/accounts/:accountId/llm-visibility": { visibility: "headers" },
  "POST /api/v1/messages/:messageId/corrections": { urgency: 3 },
  "POST /api/v1/messages/:messageId/reprocess": {},
  "POST /api/v1/messages/:messageId/translation": {},
  "POST /api/v1/vip-senders": { value: "example.org" },
  "POST /api/v1/messages/:messageId/reply-proposals": { tone: "brief" },
  "POST /api/v1/tags": { name: "Rechnungen" },
  "POST /api/v1/imports/server-path": { path: "mail.mbox" },
  "PATCH /api/v1/tags/:tagId": { colour: "red" },
  "POST /api/v1/tags/:tagId/merge": { into: "00000000-0000-4000-8000-000000000000" },
  "POST /api/v1/messages/:messageId/tags": { name: "Rechnungen" },
  "POST /api/v1/messages/tags": { messageIds: ["00000000-0000-4000-8000-000000000000"], tagId: "00000000-0000-4000-8000-000000000000" },
  "POST /api/v1/tag-name-suggestions/:nameSuggestionId/approve": {},
  "POST /api/v1/tag-name-suggestions/:nameSuggestionId/merge": { into: "00000000-0000-4000-8000-000000000000" },
  "POST /api/v1/rules": { name: "Rechnungen", definition: FLAG_INVOICES },
  "PUT /api/v1/rules": { ruleIds: [] },
  "PATCH /api/v1/rules/:ruleId": { enabled: false },
  "POST /api/v1/rule-dry-runs": { definition: FLAG_INVOICES },
  "POST /api/v1/rule-runs": {},
  "POST /api/v1/rule-undos": { since: new Date(Date.now() - 3_600_000).toISOString() },
  "PUT /api/v1/accounts/:accountId/smtp": { host: "smtp.example.org", fromAddress: "anna@example.org", username: "anna", password: "secret" },
  "POST /api/v1/sends": { accountId: "00000000-0000-4000-8000-000000000000", to: ["bob@example.org"], subject: "Hallo", text: "Hallo" },
  "POST /api/v1/api-tokens": { name: "Skript", scopes: ["read"] },
  "POST /api/v1/exports": { passphrase: "Leuchtturm Fahrrad Wolke 42" },
  "PUT /api/v1/messages/:messageId/remote-content-sender": { trusted: true },
  "PATCH /api/v1/accounts/:accountId/folders/:folderId": { selected: true },
  "PUT /api/v1/accounts/:accountId/enabled": { enabled: true },
  "POST /api/v1/messages/bulk-actions": { action: "read", messageIds: ["00000000-0000-4000-8000-000000000000"] },
  "PUT /api/v1/admin/users/:userId/role": { role: "user" },
  "POST /api/v1/admin/invitations": { role: "user", days: 1 },
  "PUT /api/v1/admin/outbound-targets": { targets: ["10.0.0.0/8"] },
  "POST /api/v1/admin/jobs/bulk": { action: "cancel", jobIds: [] },
  "PUT /api/v1/rules/:ruleId/position": { direction: "up" },
  "POST /api/v1/rule-drafts": { sentence: "Rechnungen markieren" },
  "POST /api/v1/rule-matches/apply-all": { ruleId: "00000000-0000-4000-8000-000000000000" },
  "POST /api/v1/me/password": { current: "wrong", next: "Wolke Fahrrad Tasse Regen" },
  "PUT /api/v1/me/key-mode": { mode: "background", password: "wrong" },
  "DELETE /api/v1/account": { password: "wrong" },
  "PATCH /api/v1/me/settings": {},
  "POST /api/v1/rule-imports": { script: 'if header :contains "subject" "Rechnung" { addflag "\\\\Flagged"; }' },
  "POST /api/v1/webhooks": { name: "Hook", url: "http://127.0.0.1:9/hook", events: ["message.red"] },
  "PATCH /api/v1/webhooks/:webhookId": { enabled: false },
  "POST /api/v1/newsletters/always-archive": { sender: "0".repeat(64), on: true },
  "POST /api/v1/waiting/:messageId/remind": { until: "tomorrow" },
  "PUT /api/v1/waiting/settings": { days: 3 },
  "POST /api/v1/messages/:messageId/snooze": { until: "tomorrow" },
  "POST /api/v1/messages/:messageId/spam": { spam: true },
  "POST /api/v1/messages/:messageId/vip": { vip: true },
  "PATCH /api/v1/accounts/:accountId": { label: "Arbeit" },
  "POST /api/v1/drafts": { subject: "Entwurf", body: "Hallo" },
  "PUT /api/v1/accounts/:accountId/signature": { signature: "Anna" },
};

/** For each path parameter: how to make the id of a row. */
export type RowIds = Record<string, () => Promise<string>>;

/**
 * Ids of rows that belong to `owner` (for admin routes, any valid id, made by
 * `admin`). Each call makes a new row where that is cheap; the mailbox (one
 * account, its folders and one real message, stored as sync stores it) is
 * made once per owner, and again if a request deleted it.
 */
export function rowIdsOf(services: Services, owner: TestUser, admin: TestUser): RowIds {
  const { sql } = services;
  let mailbox: Promise<{ accountId: string; folderId: string; messageId: string }> | undefined;
  // No IMAP server needed: nothing here connects to one.
  const makeMailbox = async () => {
    const box = await createTestMailbox(services, owner, "Mailbox");
    const [messageId] = await storeMails(services, owner, box, [{ subject: "Rechnung", body: "Hallo" }]);
    return { accountId: box.account.id, folderId: box.folders.INBOX.id, messageId: messageId! };
  };
  const ownerMailbox = async () => {
    const current = await mailbox;
    if (current && (await sql`select 1 from messages where id = ${current.messageId}`).length > 0) return current;
    return await (mailbox = makeMailbox());
  };
  return {
    sessionId: async () => {
      const [row] = await sql`select encode(id, 'hex') as id from sessions where user_id = ${owner.user.id} limit 1`;
      return row!.id as string;
    },
    deviceId: async () => {
      const [row] = await sql`
        insert into trusted_devices (user_id, token_hash, expires_at) values (${owner.user.id}, decode(md5(random()::text), 'hex'), now() + interval '1 day') returning id`;
      return row!.id as string;
    },
    apiTokenId: async () => {
      const [row] = await sql`
        insert into api_tokens (user_id, name, scopes, prefix, secret_hash) values (${owner.user.id}, 'Skript', array['read'], 'mh_00000000', decode(md5(random()::text), 'hex')) returning id`;
      return row!.id as string;
    },
    userId: async () => owner.user.id,
    invitationId: async () => (await createInvitation(sql, { createdBy: admin.user.id, role: "user", days: 1 })).invitation.id,
    accountId: async () => (await ownerMailbox()).accountId,
    folderId: async () => (await ownerMailbox()).folderId,
    messageId: async () => (await ownerMailbox()).messageId,
    runId: async () => {
      const { messageId } = await ownerMailbox();
      const [row] = await sql`insert into analysis_runs (user_id, message_id, kind) values (${owner.user.id}, ${messageId}, 'reprocess') returning id`;
      return row!.id as string;
    },
    // A stored attachment of the owner's message, encrypted as sync stores it.
    attachmentId: async () => {
      const { messageId } = await ownerMailbox();
      const id = crypto.randomUUID();
      const meta = encrypt(owner.dataKey, JSON.stringify({ filename: "Rechnung.pdf", contentType: "application/pdf", contentId: null }), { owner: owner.user.id, purpose: `attachment-meta:${id}` });
      const content = encrypt(owner.dataKey, new TextEncoder().encode("%PDF-1.4"), { owner: owner.user.id, purpose: `attachment:${id}` });
      await sql`insert into attachments (id, message_id, user_id, meta_encrypted, size, inline, content_encrypted, part_index) values (${id}, ${messageId}, ${owner.user.id}, ${meta}, 8, false, ${content}, 9)`;
      return id;
    },
    threadId: async () => {
      const [row] = await sql`select thread_id from messages where id = ${(await ownerMailbox()).messageId}`;
      return row!.thread_id as string;
    },
    actionId: async () => {
      const { accountId, messageId } = await ownerMailbox();
      const [row] = await sql`insert into action_journal (user_id, account_id, message_id, action) values (${owner.user.id}, ${accountId}, ${messageId}, 'mark_read') returning id`;
      return row!.id as string;
    },
    tagId: async () => {
      const created = await createTag(sql, owner.dataKey, owner.user.id, `Tag ${crypto.randomUUID()}`);
      if (!created.ok) throw new Error(`no tag made: ${created.reason}`);
      return created.tag.id;
    },
    vipSenderId: async () => {
      const added = await addVipSender(sql, owner.dataKey, owner.user.id, `vip-${crypto.randomUUID()}.example.org`);
      if (added.outcome !== "added") throw new Error(`no VIP sender made: ${added.outcome}`);
      return added.sender.id;
    },
    // An LLM's name needs one message to enter the queue: a pending suggestion, as the pipeline makes it.
    nameSuggestionId: async () => {
      const { messageId } = await ownerMailbox();
      const name = `Vorschlag ${crypto.randomUUID()}`.slice(0, 40);
      await noteNameCandidates(sql, owner.dataKey, owner.user.id, messageId, [{ name, source: "llm" }]);
      const [row] = await sql`select id from tag_name_suggestions where user_id = ${owner.user.id} and state = 'pending' order by first_seen_at desc limit 1`;
      return row!.id as string;
    },
    draftId: async () => (await createDraft(sql, owner.dataKey, owner.user.id, { accountId: null, to: "", cc: "", bcc: "", subject: "Entwurf", body: "Hallo", mode: "new" })).id,
    ruleId: async () => {
      const created = await createRule(sql, owner.dataKey, owner.user.id, { name: "Rechnungen", definition: FLAG_INVOICES as RuleDefinition });
      if (!created.ok) throw new Error(`no rule made: ${created.reason}`);
      return created.rule.id;
    },
    // Done already, so nothing a walk does to it starts work.
    importId: async () => {
      const [row] = await sql`insert into mail_imports (user_id, source, label, path, state) values (${owner.user.id}, 'path', 'mail.mbox', '/nonexistent', 'done') returning id`;
      return row!.id as string;
    },
    ruleRunId: async () => {
      const [row] = await sql`insert into rule_runs (user_id, kind, state) values (${owner.user.id}, 'manual', 'running') returning id`;
      return row!.id as string;
    },
    // A suggestion, as a suggest-mode rule records it.
    ruleMatchId: async () => {
      const { messageId } = await ownerMailbox();
      const [run] = await sql`insert into rule_runs (user_id, kind, state) values (${owner.user.id}, 'manual', 'done') returning id`;
      const [row] = await sql`
        insert into rule_matches (user_id, run_id, message_id, mode, why, actions)
        values (${owner.user.id}, ${run!.id}, ${messageId}, 'suggest', ${sql.json([])}, ${sql.json([{ type: "flag" }])}) returning id`;
      return row!.id as string;
    },
    // An entry the server carried out, so an undo of the owner's own would act: another user's must still be 404.
    journalId: async () => {
      const { accountId, messageId } = await ownerMailbox();
      const [row] = await sql`
        insert into action_journal (user_id, account_id, message_id, action, params, before, state)
        values (${owner.user.id}, ${accountId}, ${messageId}, 'mark_read', ${sql.json({ action: "mark_read" })}, ${sql.json([{ folderId: (await ownerMailbox()).folderId, flags: [] }])}, 'done')
        returning id`;
      return row!.id as string;
    },
    // One per owner, made again if a request deleted it (the owner may have at most ten). Stored directly:
    // a walk that posts the admin's outbound list may have taken loopback out of what registration accepts.
    webhookId: async () => {
      const [existing] = await sql`select id from webhooks where user_id = ${owner.user.id} limit 1`;
      if (existing) return existing.id as string;
      const id = crypto.randomUUID();
      await sql`
        insert into webhooks (id, user_id, name, url_encrypted, events, secret_encrypted)
        values (${id}, ${owner.user.id}, 'Hook', ${encrypt(owner.dataKey, "http://127.0.0.1:9/hook", webhookBinding(owner.user.id, id, "url"))}, ${["message.red"]}::text[],
                ${encrypt(owner.dataKey, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", webhookBinding(owner.user.id, id, "secret"))})`;
      return id;
    },
    // A finished export (no file: the owner's download is 404 too, the other user's must be 404 whatever).
    exportId: async () => {
      const [row] = await sql`
        insert into user_exports (user_id, status, finished_at, expires_at) values (${owner.user.id}, 'ready', now(), now() + interval '1 day') returning id`;
      return row!.id as string;
    },
    // A queued job far in the future (no worker takes it), for the administrators' job routes.
    jobId: async () => {
      const [row] = await sql`select id::text as id from graphile_worker.add_job('test_route_walk'::text, '{}'::json, run_at => now() + interval '1 day')`;
      return row!.id as string;
    },
    // A send still in its undo window, so the owner's own DELETE would cancel it: another user's must be 404 and leave it queued.
    sendId: async () => {
      const { accountId } = await ownerMailbox();
      const [row] = await sql`
        insert into outgoing_messages (user_id, account_id, send_after, mime_encrypted, envelope_encrypted, mime_bytes, recipients_count, message_id_header)
        values (${owner.user.id}, ${accountId}, now() + interval '1 hour', '\\x00', '\\x00', 1, 1, '<x@example.org>') returning id`;
      return row!.id as string;
    },
  };
}

/** The route's path with every `:param` replaced by an id from `ids`; throws naming a parameter that has no maker. */
export async function fillPath(path: string, ids: RowIds): Promise<string> {
  let filled = path;
  for (const [, name] of path.matchAll(/:(\w+)/g)) {
    const make = ids[name!];
    if (!make) throw new Error(`no id maker for :${name} (route ${path}); add one to rowIdsOf in test/support/routes.ts`);
    filled = filled.replace(`:${name}`, await make());
  }
  return filled;
}
