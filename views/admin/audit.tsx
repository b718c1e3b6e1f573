import type { AuditEvent } from "../../src/auth/audit.ts";
import { type MessageKey, translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";
import { DataTable } from "../data-table.tsx";

export interface AuditRow {
  at: Date;
  event: string;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

type Tr = ReturnType<typeof translator>;

/** Every event the app records, so a new one without a sentence fails the typecheck. */
const EVENT_KEYS: Record<AuditEvent, MessageKey> = {
  "user.created": "audit.event.userCreated",
  "user.disabled": "audit.event.userDisabled",
  "user.enabled": "audit.event.userEnabled",
  "user.deleted": "audit.event.userDeleted",
  "user.password_reset_by_admin": "audit.event.passwordResetByAdmin",
  "user.role_changed": "audit.event.roleChanged",
  "user.password_changed": "audit.event.passwordChanged",
  "user.key_mode_changed": "audit.event.keyModeChanged",
  "user.second_factor_enabled": "audit.event.secondFactorEnabled",
  "user.recovery_codes_regenerated": "audit.event.recoveryCodesRegenerated",
  "user.recovery_code_used": "audit.event.recoveryCodeUsed",
  "invitation.created": "audit.event.invitationCreated",
  "invitation.revoked": "audit.event.invitationRevoked",
  "master_key.rotated": "audit.event.masterKeyRotated",
  "outbound.allowed_targets_changed": "audit.event.allowedTargetsChanged",
  "api_token.created": "audit.event.apiTokenCreated",
  "api_token.revoked": "audit.event.apiTokenRevoked",
};

/** The event as a sentence; one recorded by an older or newer version than this one gets the general sentence. */
function eventSentence(tr: Tr, event: string): string {
  const key = EVENT_KEYS[event as AuditEvent];
  return key ? tr(key) : tr("audit.event.other");
}

const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(", ") : String(value));

/**
 * The details as words, one phrase per known field; ids (invitation ids)
 * and fields this version does not know are left out: the log line and the
 * database keep them.
 */
function detailPhrases(tr: Tr, detail: Record<string, unknown>): string[] {
  const phrases: string[] = [];
  for (const [name, value] of Object.entries(detail)) {
    if (value === null || value === undefined) continue;
    switch (name) {
      case "role":
        if (value === "admin" || value === "user") phrases.push(tr("audit.detail.role", { role: tr(`role.${value}`) }));
        break;
      case "mode":
        if (value === "background" || value === "strict") phrases.push(tr("audit.detail.mode", { mode: tr(`security.mode.${value}`) }));
        break;
      case "first":
        if (value === true) phrases.push(tr("audit.detail.first"));
        break;
      case "via":
        if (value === "cli") phrases.push(tr("audit.detail.viaCli"));
        break;
      case "email":
        phrases.push(tr("audit.detail.email", { email: String(value) }));
        break;
      case "encryptedDataWiped":
        if (value === true) phrases.push(tr("audit.detail.encryptedDataWiped"));
        break;
      case "otherSessionsEnded":
        phrases.push(tr("audit.detail.otherSessionsEnded", { count: String(value) }));
        break;
      case "codesLeft":
        phrases.push(tr("audit.detail.codesLeft", { count: String(value) }));
        break;
      case "added":
        if (list(value)) phrases.push(tr("audit.detail.added", { targets: list(value) }));
        break;
      case "removed":
        if (list(value)) phrases.push(tr("audit.detail.removed", { targets: list(value) }));
        break;
    }
  }
  return phrases;
}

export function AuditPage({ page, events }: { page: PageContext; events: AuditRow[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("admin.audit")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <DataTable
        columns={[tr("audit.when"), tr("audit.event"), tr("audit.actor"), tr("audit.subject")]}
        rows={events}
        row={(event) => {
          const phrases = detailPhrases(tr, event.detail);
          return (
            <tr data-event={event.event}>
              <td>{formatDateTime(event.at, page.lang, page.timeZone)}</td>
              <td>
                {eventSentence(tr, event.event)}
                {phrases.length > 0 && <small class="hint"> ({phrases.join("; ")})</small>}
              </td>
              <td>{event.actor ?? "–"}</td>
              <td>{event.subject ?? "–"}</td>
            </tr>
          );
        }}
      />
    </Layout>
  );
}
