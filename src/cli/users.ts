/**
 * Headless administration:
 *
 *   create-admin --email a@example.org   (password on stdin; only while there are no users)
 *   invite [--email b@example.org] [--role user|admin] [--days 7]
 */
import { parseArgs } from "node:util";
import { audit } from "../auth/audit.ts";
import { createInvitation, invitationUrl } from "../auth/invitations.ts";
import { checkPassword } from "../auth/password-policy.ts";
import { isFirstUser } from "../auth/sign-up.ts";
import { createUser } from "../auth/users.ts";
import type { CommandContext } from "./context.ts";

export class UsageError extends Error {
  override name = "UsageError";
}

async function readPasswordFromStdin(): Promise<string> {
  const text = await new Response(Bun.stdin.stream()).text();
  return text.replace(/\r?\n$/, "");
}

export async function createAdminCommand({ db, keyring, log }: CommandContext, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
  if (!values.email) throw new UsageError("create-admin needs --email; the password is read from standard input");
  if (!(await isFirstUser(db.sql))) throw new UsageError("there are users already; create an invitation with the invite command instead");
  const password = await readPasswordFromStdin();
  const check = checkPassword(password, { email: values.email });
  if (!check.ok) throw new UsageError(`password refused: ${check.reason.replace("_", " ")}`);
  const { user } = await createUser(db.sql, keyring, { email: values.email, password, role: "admin", displayName: values.name });
  await audit(db.sql, log, "user.created", { subjectId: user.id, detail: { role: "admin", via: "cli" } });
  return `created administrator ${user.email}; sign in to set up the second factor`;
}

export async function inviteCommand({ db, config, log }: CommandContext, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string", default: "user" }, days: { type: "string", default: "7" } } });
  if (values.role !== "user" && values.role !== "admin") throw new UsageError("--role must be user or admin");
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 30) throw new UsageError("--days must be an integer from 1 to 30");
  const { invitation, token } = await createInvitation(db.sql, { createdBy: null, email: values.email, role: values.role, days });
  await audit(db.sql, log, "invitation.created", { detail: { invitationId: invitation.id, role: invitation.role, via: "cli" } });
  return `${invitationUrl(config.publicUrl, "signup", token)}\n(single use, valid until ${invitation.expiresAt.toISOString()})`;
}
