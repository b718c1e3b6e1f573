/**
 * The app's routes, enumerated from the app itself, and ids of real rows to
 * put in their path parameters: what the route-walking security tests share,
 * so a route added later is walked by all of them without anyone listing it.
 *
 * @example
 *   const ids = rowIdsOf(db, bob, admin);
 *   for (const route of appRoutes(app)) await app.request(await fillPath(route.path, ids));
 */
import { createInvitation } from "../../src/auth/invitations.ts";
import type { App } from "../../src/http/app.tsx";
import { createMailAccount } from "../../src/mail/accounts.ts";
import { listFolders, saveDiscoveredFolders } from "../../src/mail/folders.ts";
import type { TestDatabase } from "./postgres.ts";
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
};

/** For each path parameter: how to make the id of a row. */
export type RowIds = Record<string, () => Promise<string>>;

/**
 * Ids of rows that belong to `owner` (for admin routes, any valid id, made by
 * `admin`). Each call makes a new row where that is cheap; the mail account
 * with its folder and message is made once per owner.
 */
export function rowIdsOf(db: TestDatabase, owner: TestUser, admin: TestUser): RowIds {
  let mailbox: Promise<{ accountId: string; folderId: string; messageId: string }> | undefined;
  // No IMAP server needed: the walks never get as far as connecting.
  const ownerMailAccount = () =>
    (mailbox ??= (async () => {
      const account = await createMailAccount(db.sql, owner.dataKey, owner.user.id, { label: "Mailbox", host: "imap.example.org", port: 993, security: "tls", username: "owner", password: "an imap password" });
      await saveDiscoveredFolders(db.sql, owner.user.id, account.id, [{ path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" }]);
      const folderId = (await listFolders(db.sql, owner.user.id, account.id))[0]!.id;
      const [message] = await db.sql`
        insert into messages (user_id, account_id, message_id_hash, content_hash, thread_id, size, headers_encrypted)
        values (${owner.user.id}, ${account.id}, '\\x01', '\\x02', gen_random_uuid(), 1, '\\x03') returning id`;
      await db.sql`insert into message_copies (message_id, folder_id, uidvalidity, uid) values (${message!.id}, ${folderId}, 1, 1)`;
      return { accountId: account.id, folderId, messageId: message!.id as string };
    })());
  return {
    sessionId: async () => {
      const [row] = await db.sql`select encode(id, 'hex') as id from sessions where user_id = ${owner.user.id} limit 1`;
      return row!.id as string;
    },
    userId: async () => owner.user.id,
    invitationId: async () => (await createInvitation(db.sql, { createdBy: admin.user.id, role: "user", days: 1 })).invitation.id,
    accountId: async () => (await ownerMailAccount()).accountId,
    folderId: async () => (await ownerMailAccount()).folderId,
    messageId: async () => (await ownerMailAccount()).messageId,
    runId: async () => {
      const { messageId } = await ownerMailAccount();
      const [row] = await db.sql`insert into analysis_runs (user_id, message_id, kind) values (${owner.user.id}, ${messageId}, 'reprocess') returning id`;
      return row!.id as string;
    },
    threadId: async () => {
      const [row] = await db.sql`select thread_id from messages where id = ${(await ownerMailAccount()).messageId}`;
      return row!.thread_id as string;
    },
    actionId: async () => {
      const { accountId, messageId } = await ownerMailAccount();
      const [row] = await db.sql`insert into action_journal (user_id, account_id, message_id, action) values (${owner.user.id}, ${accountId}, ${messageId}, 'mark_read') returning id`;
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
