/**
 * One spelling of an email address for comparing and keying: a user's
 * sign-in address and invitation, the addresses that count as the user's
 * own, and a sender's address for its patterns.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
