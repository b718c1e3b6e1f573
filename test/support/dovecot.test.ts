import { describe, test, expect, beforeAll } from "bun:test";
import { ImapFlow } from "imapflow";
import { dovecot, imapFlowOptions, makeMessage, startDovecot, type Dovecot, type TestMailbox } from "./dovecot.ts";

let server: Dovecot;
beforeAll(async () => {
  server = await dovecot();
});

/** Runs `body` with a logged-in client and always logs out. */
async function withClient<T>(box: TestMailbox, body: (client: ImapFlow) => Promise<T>, security: "plain" | "starttls" | "tls" = "tls"): Promise<T> {
  const client = new ImapFlow(imapFlowOptions(box, security));
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.logout();
  }
}

/** Stored flags, sorted; \\Recent is per session and left out. */
const flagsOf = (m: { flags?: Set<string> } | false | undefined) => [...((m && m.flags) || [])].filter((f) => f !== "\\Recent").sort();

const message = (i: number) => makeMessage({ from: "Anna <anna@example.org>", to: "bob@example.org", subject: `Message ${i}`, body: `Body ${i}\n` });

describe("login", () => {
  test("over plain IMAP without TLS", async () => {
    await withClient(
      server.createMailbox(),
      async (client) => {
        expect(client.secureConnection).toBe(false);
        expect(client.usable).toBe(true);
      },
      "plain",
    );
  });

  test("over STARTTLS with the pinned certificate", async () => {
    await withClient(
      server.createMailbox(),
      async (client) => {
        expect(client.secureConnection).toBe(true);
        expect(client.usable).toBe(true);
      },
      "starttls",
    );
  });

  test("over implicit TLS with the pinned certificate", async () => {
    await withClient(
      server.createMailbox(),
      async (client) => {
        expect(client.secureConnection).toBe(true);
        expect(client.usable).toBe(true);
      },
      "tls",
    );
  });

  test("refuses a wrong password with an authentication error", async () => {
    const box = { ...server.createMailbox(), password: "wrong" };
    const client = new ImapFlow(imapFlowOptions(box));
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ authenticationFailed: true, serverResponseCode: "AUTHENTICATIONFAILED" });
    // No auth penalty: the next login with the right password goes straight in.
    await withClient(server.createMailbox(), async (ok) => expect(ok.usable).toBe(true));
  });
});

describe("server features", () => {
  test("offers the extensions the sync relies on", async () => {
    await withClient(server.createMailbox(), async (client) => {
      for (const cap of ["IDLE", "CONDSTORE", "QRESYNC", "UIDPLUS", "MOVE", "SPECIAL-USE"]) {
        expect(client.capabilities.has(cap)).toBe(true);
      }
    });
  });

  test("lists the special-use folders", async () => {
    await withClient(server.createMailbox(), async (client) => {
      const roles = Object.fromEntries((await client.list()).map((m) => [m.path, m.specialUse]));
      expect(roles).toEqual({
        INBOX: "\\Inbox",
        Sent: "\\Sent",
        Drafts: "\\Drafts",
        Trash: "\\Trash",
        Junk: "\\Junk",
        Archive: "\\Archive",
      });
    });
  });

  test("APPEND then FETCH returns the same source", async () => {
    const raw = makeMessage({ from: "a@example.org", to: ["b@example.org", "c@example.org"], subject: "Grüße aus Köln", body: "Hallo Welt\näöü ß\n" });
    await withClient(server.createMailbox(), async (client) => {
      const appended = await client.append("INBOX", raw, ["\\Seen"]);
      expect(appended).toMatchObject({ uid: 1 });
      await client.mailboxOpen("INBOX");
      const fetched = await client.fetchOne("1", { source: true, flags: true }, { uid: true });
      expect(fetched && fetched.source?.toString("utf8")).toBe(raw);
      expect(flagsOf(fetched)).toEqual(["\\Seen"]);
    });
  });
});

describe("seedMaildir", () => {
  // Every fourth message seen, every fifth flagged; three answered drafts in the other folder.
  const inboxFlags = (i: number) => `${i % 4 === 0 ? "S" : ""}${i % 5 === 0 ? "F" : ""}`;

  test("10,000 messages get UIDs 1..N in seeding order, with flags and INTERNALDATE", async () => {
    const box = server.createMailbox();
    const internalDate = new Date("2021-03-04T05:06:07Z");
    server.seedMaildir(
      box.user,
      "INBOX",
      Array.from({ length: 10_000 }, (_, i) => ({ raw: message(i), flags: inboxFlags(i), internalDate })),
    );
    server.seedMaildir(
      box.user,
      "Projects/Acme",
      Array.from({ length: 10 }, (_, i) => ({ raw: message(i), flags: i < 3 ? "RD" : "" })),
    );

    await withClient(box, async (client) => {
      const seen = Array.from({ length: 10_000 }, (_, i) => inboxFlags(i).includes("S")).filter(Boolean).length;
      expect(await client.status("INBOX", { messages: true, unseen: true, uidNext: true })).toMatchObject({ messages: 10_000, unseen: 10_000 - seen, uidNext: 10_001 });
      expect(await client.status("Projects/Acme", { messages: true })).toMatchObject({ messages: 10 });

      const inbox = await client.mailboxOpen("INBOX");
      expect(inbox.exists).toBe(10_000);
      const all = await client.fetchAll("1:*", { uid: true, flags: true });
      expect(all.map((m) => m.uid)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
      for (const m of all) {
        const letters = inboxFlags(m.uid - 1);
        expect(flagsOf(m)).toEqual([...(letters.includes("F") ? ["\\Flagged"] : []), ...(letters.includes("S") ? ["\\Seen"] : [])]);
      }
      const last = await client.fetchOne("10000", { envelope: true, internalDate: true }, { uid: true });
      expect(last && last.envelope?.subject).toBe("Message 9999");
      expect(last && new Date(last.internalDate!).getTime()).toBe(internalDate.getTime());

      await client.mailboxOpen("Projects/Acme");
      const other = await client.fetchAll("1:*", { uid: true, flags: true, envelope: true });
      expect(other.map((m) => [m.uid, m.envelope?.subject])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, `Message ${i}`]));
      expect(flagsOf(other[0])).toEqual(["\\Answered", "\\Draft"]);
    });
  });

  test("files added to an already indexed folder get the next UIDs", async () => {
    const box = server.createMailbox();
    server.seedMaildir(box.user, "INBOX", [message(0), message(1)]);
    await withClient(box, async (client) => {
      await client.mailboxOpen("INBOX");
      server.seedMaildir(box.user, "INBOX", [message(2), { raw: message(3), flags: "S" }]);
      await client.noop();
      const all = await client.fetchAll("1:*", { uid: true, envelope: true, flags: true });
      expect(all.map((m) => [m.uid, m.envelope?.subject])).toEqual([
        [1, "Message 0"],
        [2, "Message 1"],
        [3, "Message 2"],
        [4, "Message 3"],
      ]);
      expect(flagsOf(all[3])).toEqual(["\\Seen"]);

      // The same for a folder that is indexed but not selected.
      server.seedMaildir(box.user, "Archive", [message(4)]);
      expect(await client.status("Archive", { messages: true })).toMatchObject({ messages: 1 });
      server.seedMaildir(box.user, "Archive", [message(5)]);
      expect(await client.status("Archive", { messages: true, uidNext: true })).toMatchObject({ messages: 2, uidNext: 3 });
    });
  });

  test("two mailboxes are isolated", async () => {
    const a = server.createMailbox();
    const b = server.createMailbox();
    expect(a.user).not.toBe(b.user);
    server.seedMaildir(a.user, "INBOX", [message(1)]);
    await withClient(a, async (client) => client.append("Sent", message(2)));
    await withClient(b, async (client) => {
      expect(await client.status("INBOX", { messages: true })).toMatchObject({ messages: 0 });
      expect(await client.status("Sent", { messages: true })).toMatchObject({ messages: 0 });
    });
    await withClient(a, async (client) => {
      expect(await client.status("INBOX", { messages: true })).toMatchObject({ messages: 1 });
      expect(await client.status("Sent", { messages: true })).toMatchObject({ messages: 1 });
    });
  });
});

describe("restart", () => {
  // A separate instance, so the shared one keeps serving the other tests.
  test("keeps ports and mail", async () => {
    const own = await startDovecot();
    try {
      const box = own.createMailbox();
      const raw = message(1);
      await withClient(box, async (client) => client.append("INBOX", raw, ["\\Flagged"]));
      // A clean shutdown, then a crash: the mail survives both.
      for (const signal of ["SIGTERM", "SIGKILL"] as const) {
        await own.restart(signal);
        expect(own.running).toBe(true);
        await withClient(box, async (client) => {
          const mailbox = await client.mailboxOpen("INBOX");
          expect(mailbox.exists).toBe(1);
          const fetched = await client.fetchOne("1", { source: true, flags: true }, { uid: true });
          expect(fetched && fetched.source?.toString()).toBe(raw);
          expect(flagsOf(fetched)).toEqual(["\\Flagged"]);
        });
      }
      await own.stop("SIGKILL");
      expect(own.running).toBe(false);
    } finally {
      await own.stop("SIGKILL");
    }
  });
});
