import { describe, test, expect } from "bun:test";
import nodemailer from "nodemailer";
import { startSmtpReceiver, type SmtpReceiver } from "./smtp.ts";

/** Runs `body` with a fresh receiver and always stops it. */
async function withReceiver(options: Parameters<typeof startSmtpReceiver>[0], body: (smtp: SmtpReceiver) => Promise<void>) {
  const smtp = await startSmtpReceiver(options);
  try {
    await body(smtp);
  } finally {
    await smtp.stop();
  }
}

const transport = (smtp: SmtpReceiver, auth?: { user: string; pass: string }) => nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, auth });

describe("SMTP receiver", () => {
  test("records sender, recipients and raw message without auth", async () => {
    await withReceiver({}, async (smtp) => {
      await transport(smtp).sendMail({
        from: "anna@example.org",
        to: ["bob@example.org", "carl@example.org"],
        cc: "dora@example.org",
        subject: "Grüße",
        text: "Hallo Bob,\n.\nein Punkt steht allein.\n",
      });
      const [mail] = await smtp.waitForMessages(1);
      expect(mail).toMatchObject({ from: "anna@example.org", to: ["bob@example.org", "carl@example.org", "dora@example.org"] });
      expect(mail!.auth).toBeUndefined();
      expect(mail!.raw).toContain("From: anna@example.org\r\n");
      expect(mail!.raw).toContain("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n");
      // The lone dot came through dot-unstuffed.
      expect(mail!.raw).toContain("\r\n\r\nHallo Bob,\r\n.\r\nein Punkt steht allein.\r\n");
    });
  });

  test("records the user name of an authenticated sender", async () => {
    await withReceiver({}, async (smtp) => {
      await transport(smtp, { user: "anna", pass: "any password" }).sendMail({ from: "anna@example.org", to: "bob@example.org", subject: "s", text: "t" });
      const [mail] = await smtp.waitForMessages(1);
      expect(mail).toMatchObject({ from: "anna@example.org", to: ["bob@example.org"], auth: { username: "anna" } });
    });
  });

  test("with requireAuth, refuses a sender that did not log in", async () => {
    await withReceiver({ requireAuth: true }, async (smtp) => {
      const refused = await transport(smtp)
        .sendMail({ from: "anna@example.org", to: "bob@example.org", text: "t" })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(refused).toMatchObject({ responseCode: 530 });
      await transport(smtp, { user: "anna", pass: "pw" }).sendMail({ from: "anna@example.org", to: "bob@example.org", text: "t" });
      expect(await smtp.waitForMessages(1)).toHaveLength(1);
    });
  });

  test("waitForMessages fails with the count it got", async () => {
    await withReceiver({}, async (smtp) => {
      await expect(smtp.waitForMessages(1, 50)).rejects.toThrow("expected 1 message(s) within 50 ms, got 0");
    });
  });
});
