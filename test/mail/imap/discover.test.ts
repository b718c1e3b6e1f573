import { describe, expect, test } from "bun:test";
import type { MailAccountConnection } from "../../../src/mail/accounts/store.ts";
import { imapOptions } from "../../../src/mail/imap/client.ts";
import { testImapConnection } from "../../../src/mail/imap/discover.ts";
import { dovecot } from "../../support/dovecot.ts";
import { LOOPBACK_ALLOWED } from "../../support/outbound.ts";
import { freePort } from "../../support/ports.ts";

const server = await dovecot();
const test127 = (connection: MailAccountConnection) => testImapConnection(connection, LOOPBACK_ALLOWED);
/** Where the policy would send a connection to the test server (127.0.0.1, no name to check the certificate against). */
const LOCAL_TARGET = { host: "127.0.0.1", address: "127.0.0.1", family: 4 as const, port: 993, servername: undefined };

function connectionFor(box: ReturnType<typeof server.createMailbox>, overrides: Partial<MailAccountConnection> = {}): MailAccountConnection {
  return { id: "test", host: box.host, port: box.tlsPort, security: "tls", tlsCa: box.ca, username: box.user, password: box.password, ...overrides };
}

describe("connection test", () => {
  test.each([
    ["implicit TLS", "tls" as const, true],
    ["STARTTLS", "starttls" as const, false],
    ["no encryption", "none" as const, false],
  ])("succeeds over %s and lists the special-use folders", async (_name, security, implicit) => {
    const box = server.createMailbox();
    const result = await test127(connectionFor(box, { security, port: implicit ? box.tlsPort : box.port }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.missing).toEqual([]);
    const roles = Object.fromEntries(result.folders.map((folder) => [folder.specialUse, folder.path]));
    expect(roles).toMatchObject({ inbox: "INBOX", sent: "Sent", drafts: "Drafts", trash: "Trash", junk: "Junk", archive: "Archive" });
  });

  test("a host name is connected to at its checked address, and TLS checks the certificate against the name", async () => {
    const box = server.createMailbox();
    // The test certificate names DNS:localhost and IP:127.0.0.1; the connection goes to the address, SNI and the check use the name.
    expect(await test127(connectionFor(box, { host: "localhost" }))).toMatchObject({ ok: true });
    expect(await test127(connectionFor(box, { host: "localhost", security: "starttls", port: box.port }))).toMatchObject({ ok: true });
  });

  test("a wrong password is reported as such", async () => {
    const box = server.createMailbox();
    expect(await test127(connectionFor(box, { password: "wrong" }))).toMatchObject({ ok: false, reason: "auth" });
  });

  test("a self-signed certificate without a pinned one is a TLS failure", async () => {
    const box = server.createMailbox();
    expect(await test127(connectionFor(box, { tlsCa: null }))).toMatchObject({ ok: false, reason: "tls" });
  });

  test("the security setting is honoured exactly: STARTTLS required, or never attempted", () => {
    const box = server.createMailbox();
    expect(imapOptions(connectionFor(box, { security: "tls" }), LOCAL_TARGET)).toMatchObject({ secure: true });
    expect(imapOptions(connectionFor(box, { security: "starttls" }), LOCAL_TARGET)).toMatchObject({ secure: false, doSTARTTLS: true });
    expect(imapOptions(connectionFor(box, { security: "none" }), LOCAL_TARGET)).toMatchObject({ secure: false, doSTARTTLS: false });
    expect(imapOptions(connectionFor(box, { tlsCa: null }), LOCAL_TARGET).tls).toBeUndefined();
  });

  test("nobody listening is unreachable", async () => {
    const box = server.createMailbox();
    expect(await test127(connectionFor(box, { port: await freePort(), security: "none" }))).toMatchObject({ ok: false, reason: "unreachable" });
  });
});
