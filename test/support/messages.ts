/** Test messages: small RFC 5322 texts built in code. */

/**
 * A plain-text RFC 5322 message with CRLF line ends, UTF-8 body; a non-ASCII
 * subject is encoded as RFC 2047.
 */
export function makeMessage(m: { from: string; to: string | string[]; subject: string; body: string; messageId?: string; date?: Date; headers?: Record<string, string> }): string {
  const subject = /^[\x20-\x7e]*$/.test(m.subject) ? m.subject : `=?UTF-8?B?${Buffer.from(m.subject).toString("base64")}?=`;
  const headers: Record<string, string> = {
    From: m.from,
    To: [m.to].flat().join(", "),
    Subject: subject,
    Date: (m.date ?? new Date()).toUTCString().replace("GMT", "+0000"),
    "Message-ID": m.messageId ?? `<${crypto.randomUUID()}@mailhelper.test>`,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Transfer-Encoding": "8bit",
    ...m.headers,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  const body = m.body.replace(/\r?\n/g, "\r\n");
  return `${head}\r\n\r\n${body}${body.endsWith("\r\n") ? "" : "\r\n"}`;
}
