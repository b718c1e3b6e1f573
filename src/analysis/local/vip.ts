/**
 * A sender the user named a VIP (src/senders/vip.ts): their mail is not
 * spam, not suspected phishing, and of high importance, whatever the text
 * model, the server's spam verdict or the sender's pattern said.
 *
 * The entry matches the From address, which anyone can write. So it is not
 * believed when the receiving server found the From address forged
 * (`auth.failed`: a spoofed VIP must not switch phishing detection off),
 * and a phishing suspicion is only cleared when the server verified the
 * From domain (`auth.aligned`): without any verdict, a forgery and the real
 * sender look the same. The user can still correct a message by hand.
 */
import type { Judgement, Level } from "../types.ts";
import type { Authentication } from "./authentication.ts";
import { reason } from "./reasons.ts";

/** VIP mail is at least this important ("high" on the urgency × importance matrix). */
export const VIP_IMPORTANCE: Level = 3;

export function vipBelieved(auth: Authentication, phishing: boolean): boolean {
  return !auth.failed && (!phishing || auth.aligned);
}

export const vipNotSpam = (): Judgement<boolean> => ({ value: false, confidence: 1, reason: reason("vip_sender") });

export function vipImportance(current: Judgement<Level>): Judgement<Level> {
  return current.value >= VIP_IMPORTANCE ? current : { value: VIP_IMPORTANCE, confidence: 1, reason: reason("vip_sender") };
}
