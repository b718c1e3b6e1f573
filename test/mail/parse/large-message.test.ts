/**
 * A message over MAX_FULL_PARSE_BYTES (here ~30 MB, a scanned contract):
 * headers, text and HTML as usual, its attachments' metadata (name, type,
 * size and the checksum of the decoded content) without their contents,
 * the same metadata as a full parse finds; stored so through storeBatch;
 * and the worker that parsed it is replaced so its memory goes back.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { decryptText } from "../../../src/crypto/aead.ts";
import { MAX_FULL_PARSE_BYTES, MAX_MESSAGE_BYTES } from "../../../src/limits.ts";
import { closeParsePool, parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { ParsePool } from "../../../src/mail/parse/parse-pool.ts";
import { identityKeys } from "../../../src/mail/message-identity.ts";
import { storeBatch } from "../../../src/mail/sync/store.ts";
import { openTestApp } from "../../support/test-app.ts";
import { createTestUser } from "../../support/users.ts";
import { createTestMailbox } from "../../search/fixtures.ts";
import { largeMessage, plainMessage } from "./messages.ts";
import { expectWellFormed } from "./shape.ts";

const { db, services } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});

const raw = new TextEncoder().encode(largeMessage(29e6, 7));
const metadata = (attachments: { filename: string | null; contentType: string; size: number; checksum: string; inline: boolean }[]) =>
  attachments.map(({ filename, contentType, size, checksum, inline }) => ({ filename, contentType, size, checksum, inline }));

describe("a message over MAX_FULL_PARSE_BYTES", () => {
  test("keeps headers, text and attachment metadata, and is stored so", async () => {
    expect(raw.byteLength).toBeGreaterThan(MAX_FULL_PARSE_BYTES);
    const parsed = await parseMessage(raw);
    expectWellFormed(parsed, raw);
    expect(parsed.problems).toEqual(["attachments_not_kept"]);
    expect(parsed.subject).toBe("Vertrag 7 (Scan)");
    expect(parsed.from).toEqual([{ name: "Sender 7", address: "sender7@example.org" }]);
    expect(parsed.text).toContain("anbei der unterschriebene Vertrag 7.");
    expect(parsed.html).toContain("<p>anbei der unterschriebene Vertrag 7.</p>");
    expect(parsed.attachments.map((attachment) => attachment.content)).toEqual([null, null]);
    // The same metadata as the full parse (which holds every attachment) finds.
    const full = await parseMessage(raw, { maxFullParseBytes: MAX_MESSAGE_BYTES });
    expect(full.problems).toEqual([]);
    expect(metadata(parsed.attachments)).toEqual(metadata(full.attachments));
    const png = full.attachments.find((attachment) => attachment.filename === "stempel.png")!;
    expect(parsed.attachments[1]!.checksum).toBe(createHash("sha256").update(png.content!).digest("hex"));
    expect(parsed.attachments[0]).toMatchObject({ filename: "vertrag.pdf", contentType: "application/pdf", inline: false });
    expect(parsed.attachments[0]!.size).toBeGreaterThan(20_000_000);

    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const target = { userId: owner.user.id, accountId: box.account.id, folderId: box.folders.INBOX.id, uidvalidity: 1n, dataKey: owner.dataKey, identity: identityKeys(owner.dataKey) };
    expect(await storeBatch(services.sql, target, [{ uid: 1, flags: [], modseq: null, internalDate: new Date(), size: raw.byteLength, parsed }])).toEqual({ newMessages: 1, newCopies: 1 });
    const [message] = await db.sql<{ id: string; size: number; hasAttachments: boolean; problems: string[]; text: Uint8Array; headers: Uint8Array }[]>`
      select id, size, has_attachments as "hasAttachments", parse_problems as problems, text_encrypted as text, headers_encrypted as headers
      from messages where user_id = ${owner.user.id}`;
    const bind = (purpose: string) => ({ owner: owner.user.id, purpose: `${purpose}:${message!.id}` });
    expect(message).toMatchObject({ size: raw.byteLength, hasAttachments: true, problems: ["attachments_not_kept"] });
    expect(decryptText(owner.dataKey, message!.text, bind("message-text"))).toContain("anbei der unterschriebene Vertrag 7.");
    expect(JSON.parse(decryptText(owner.dataKey, message!.headers, bind("message-headers"))).subject).toBe("Vertrag 7 (Scan)");
    const attachments = await db.sql<{ id: string; size: number; meta: Uint8Array; content: Uint8Array | null }[]>`
      select id, size, meta_encrypted as meta, content_encrypted as content from attachments where message_id = ${message!.id} order by part_index`;
    expect(
      attachments.map((row) => ({ size: row.size, content: row.content, ...JSON.parse(decryptText(owner.dataKey, row.meta, { owner: owner.user.id, purpose: `attachment-meta:${row.id}` })) })),
    ).toEqual(
      parsed.attachments.map((attachment) => ({
        size: attachment.size,
        content: null,
        filename: attachment.filename,
        contentType: attachment.contentType,
        contentId: attachment.contentId,
        checksum: attachment.checksum,
      })),
    );
  });

  test("its worker is replaced afterwards, and the pool parses on", async () => {
    const pool = new ParsePool(1);
    try {
      const plain = (index: number) => new TextEncoder().encode(plainMessage(index));
      await pool.parse(plain(1), 10_000);
      expect(pool.workersRecycled).toBe(0);
      const [huge, after] = await Promise.all([pool.parse(raw, 10_000), pool.parse(plain(2), 10_000)]);
      expect(huge.problems).toEqual(["attachments_not_kept"]);
      expect(after.problems).toEqual([]);
      expect(pool.workersRecycled).toBe(1);
      expect(pool.workersStopped).toBe(0);
      expect((await pool.parse(plain(3), 10_000)).subject).toBe("Re: Projekt 3");
      expect(pool.workerCount).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
