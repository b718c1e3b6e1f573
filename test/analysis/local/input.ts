/** A hand-made AnalysisInput: a plain message to the user, overridable field by field. */
import type { AnalysisInput } from "../../../src/analysis/types.ts";

export const OWN = "anna@example.org";

export function message(overrides: Partial<AnalysisInput> = {}): AnalysisInput {
  const from = overrides.from ?? [{ name: "Bernd Kollege", address: "bernd@firma.example" }];
  const domain = from[0]?.address.split("@")[1] ?? "example.net";
  return {
    subject: "Projekt",
    from,
    to: [{ name: "Anna", address: OWN }],
    cc: [],
    replyTo: [],
    headers: {},
    rawHeaders: [
      `From: ${from[0]?.name ?? ""} <${from[0]?.address ?? ""}>`,
      `To: Anna <${OWN}>`,
      `Message-ID: <1234@${domain}>`,
      `Received: from mail.${domain} (mail.${domain} [192.0.2.${domain.length}]) by mx.example.org`,
      "Content-Type: text/plain; charset=utf-8",
    ].join("\r\n"),
    text: "",
    date: "2025-03-14T09:30:00.000Z",
    hasAttachments: false,
    isCalendar: false,
    ownAddresses: [OWN],
    repliesToOwnMail: false,
    userTags: [],
    ...overrides,
  };
}
