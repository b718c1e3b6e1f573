/**
 * A client's flow written against the types generated from the served
 * OpenAPI document (openapi-typescript) with openapi-fetch: make a personal
 * API token, then with the token alone link a mailbox,
 * sync it, list, read one message, correct its analysis and read that back.
 * test/http/routes/docs/generated-client.test.ts copies it next to the
 * generated `schema.ts`, typechecks it (a type error fails the test) and runs
 * it with bun against a running server; it prints one JSON line of what it
 * saw and exits non-zero at the first step that went wrong.
 *
 * Not part of the project's own typecheck (tsconfig.json excludes this
 * folder): `./schema.ts` exists only in the generated copy.
 */
import createClient from "openapi-fetch";
import type { paths } from "./schema.ts";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`step failed: ${what}`);
}

// A token is made with the browser's session (a token cannot make tokens); everything after that uses the token alone.
const session = createClient<paths>({ baseUrl: env("BASE_URL"), headers: { Cookie: env("SESSION_COOKIE") } });
const token = await session.POST("/api/v1/api-tokens", { body: { name: "Generated client", scopes: ["read", "change"] } });
check(token.data, `create a token: ${token.response.status} ${JSON.stringify(token.error)}`);

const api = createClient<paths>({ baseUrl: env("BASE_URL"), headers: { Authorization: `Bearer ${token.data.secret}` } });

const before = await api.GET("/api/v1/accounts");
check(before.data, `list accounts: ${before.response.status}`);

const linked = await api.POST("/api/v1/accounts", {
  body: {
    label: "Flow",
    host: env("IMAP_HOST"),
    port: Number(env("IMAP_PORT")),
    security: "tls",
    username: env("IMAP_USER"),
    password: env("IMAP_PASSWORD"),
    tlsCa: env("IMAP_CA"),
  },
});
check(linked.data, `link account: ${linked.response.status} ${JSON.stringify(linked.error)}`);
const accountId = linked.data.id;

const started = await api.POST("/api/v1/accounts/{accountId}/sync", { params: { path: { accountId } } });
check(started.response.status === 202, `start sync: ${started.response.status}`);

let stored = 0;
for (let attempt = 0; attempt < 600; attempt++) {
  const status = await api.GET("/api/v1/accounts/{accountId}/sync", { params: { path: { accountId } } });
  check(status.data, `sync status: ${status.response.status}`);
  stored = status.data.storedMessages;
  if (!status.data.active && stored > 0) break;
  await Bun.sleep(100);
}
check(stored > 0, "sync stored no message");

const list = await api.GET("/api/v1/messages", { params: { query: { account: accountId, sort: "date" } } });
check(list.data, `list messages: ${list.response.status}`);
const first = list.data.messages[0];
check(first, "the list is empty");

const message = await api.GET("/api/v1/messages/{messageId}", { params: { path: { messageId: first.id } } });
check(message.data, `get message: ${message.response.status}`);

let analysed = false;
for (let attempt = 0; attempt < 600 && !analysed; attempt++) {
  analysed = (await api.GET("/api/v1/messages/{messageId}/analysis", { params: { path: { messageId: first.id } } })).response.status === 200;
  if (!analysed) await Bun.sleep(100);
}
check(analysed, "the message was not analysed");

const corrected = await api.POST("/api/v1/messages/{messageId}/corrections", { params: { path: { messageId: first.id } }, body: { urgency: 3, importance: 3 } });
check(corrected.data, `correct: ${corrected.response.status} ${JSON.stringify(corrected.error)}`);

const readBack = await api.GET("/api/v1/messages/{messageId}/analysis", { params: { path: { messageId: first.id } } });
check(readBack.data, `read the analysis back: ${readBack.response.status}`);

console.log(
  JSON.stringify({
    tokenScopes: token.data.token.scopes,
    accountsBefore: before.data.accounts.length,
    accountId,
    stored,
    listed: list.data.messages.map((entry) => entry.subject),
    subject: message.data.subject,
    from: message.data.from[0]?.address ?? null,
    urgency: readBack.data.urgency.value,
    importance: readBack.data.importance.value,
    trafficLight: readBack.data.trafficLight,
  }),
);
