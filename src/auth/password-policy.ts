/**
 * Which passwords we accept, after NIST SP 800-63B: a minimum length and a
 * check against passwords attackers try first, and no composition rules
 * ("one digit, one symbol"), which push people to `Password1!` rather than
 * to anything stronger. Passphrases of any script are welcome.
 */
import type * as LanguageCommon from "@zxcvbn-ts/language-common";

/** 12 code points: long enough that a password not on any list holds out against offline guessing of its hash. */
export const PASSWORD_MIN_LENGTH = 12;
/** Room for long passphrases (128 characters and more) while bounding the work the password hash does per attempt. */
export const PASSWORD_MAX_LENGTH = 256;

/** A listed password with digits or punctuation appended counts as common only if the listed part is this long; shorter parts are ordinary syllables. */
const COMMON_CORE_MIN_LENGTH = 6;
/** How many digits ("2024") and how many punctuation marks ("!!") people typically append to a common password. */
const MAX_APPENDED_DIGITS = 4;
const MAX_APPENDED_SYMBOLS = 4;
/** Fewer distinct characters than this is a pattern, not a secret ("abababababab", "111122223333"). */
const MIN_DISTINCT_CHARACTERS = 5;
/** Shortest e-mail local part we look for; shorter ones ("ab") turn up in passphrases by chance. */
const MIN_EMAIL_LOCAL_PART_LENGTH = 4;
/**
 * Runs that people type as a "password": alphabet, digits, and the letter rows of
 * QWERTY, QWERTZ and AZERTY keyboards. Each wraps around, so "123456789012" and
 * "qwertyuiopas" are one run.
 */
const SEQUENCES = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopüasdfghjklöäyxcvbnm", "azertyuiopqsdfghjklmwxcvbn"].map((sequence) => [...sequence]);

export type PasswordCheck = { ok: true } | { ok: false; reason: "too_short" | "too_long" | "common" | "repetitive" | "contains_email" };

/**
 * @example
 *   checkPassword("Kaffeetasse Fahrrad Wolke 7");                          // { ok: true }
 *   checkPassword("password1234");                                         // { ok: false, reason: "common" }
 *   checkPassword("anna.schmidt-2024", { email: "anna.schmidt@example.org" }); // { ok: false, reason: "contains_email" }
 */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordCheck {
  // NFC composes at most four code points into one, so this much input is too long
  // whatever it normalizes to; it spares normalizing a pasted megabyte.
  if (password.length > PASSWORD_MAX_LENGTH * 8) return { ok: false, reason: "too_long" };
  const characters = [...password.normalize("NFC")];
  if (characters.length < PASSWORD_MIN_LENGTH) return { ok: false, reason: "too_short" };
  if (characters.length > PASSWORD_MAX_LENGTH) return { ok: false, reason: "too_long" };
  const lower = characters.map((character) => character.toLowerCase());
  if (containsEmailLocalPart(lower.join(""), context.email)) return { ok: false, reason: "contains_email" };
  if (new Set(lower).size < MIN_DISTINCT_CHARACTERS || isKeyboardOrAlphabetRun(lower)) return { ok: false, reason: "repetitive" };
  if (isCommon(lower)) return { ok: false, reason: "common" };
  return { ok: true };
}

function containsEmailLocalPart(lowerPassword: string, email: string | undefined): boolean {
  if (email === undefined) return false;
  const at = email.lastIndexOf("@");
  const localPart = (at === -1 ? email : email.slice(0, at)).normalize("NFC").toLowerCase();
  return [...localPart].length >= MIN_EMAIL_LOCAL_PART_LENGTH && lowerPassword.includes(localPart);
}

function isKeyboardOrAlphabetRun(characters: string[]): boolean {
  return SEQUENCES.some((sequence) => isRun(characters, sequence, 1) || isRun(characters, sequence, -1));
}

/** True if each character follows the previous one in `sequence`, going in `direction`. */
function isRun(characters: string[], sequence: string[], direction: 1 | -1): boolean {
  let previous = sequence.indexOf(characters[0]!);
  if (previous === -1) return false;
  for (const character of characters.slice(1)) {
    const index = sequence.indexOf(character);
    if (index !== (previous + direction + sequence.length) % sequence.length) return false;
    previous = index;
  }
  return true;
}

/** Listed as is, listed with a few digits or punctuation marks appended, or a listed password repeated. */
function isCommon(characters: string[]): boolean {
  if (isListedOrRepeated(characters.join(""))) return true;
  let digits = 0;
  let symbols = 0;
  for (let end = characters.length - 1; end >= COMMON_CORE_MIN_LENGTH; end--) {
    const character = characters[end]!;
    if (/\d/.test(character)) digits++;
    else if (/[\p{P}\p{S}]/u.test(character)) symbols++;
    else return false;
    if (digits > MAX_APPENDED_DIGITS || symbols > MAX_APPENDED_SYMBOLS) return false;
    if (isListedOrRepeated(characters.slice(0, end).join(""))) return true;
  }
  return false;
}

function isListedOrRepeated(text: string): boolean {
  const listed = commonPasswords();
  if (listed.has(text)) return true;
  for (let unitLength = 1; unitLength <= text.length / 2; unitLength++) {
    if (text.length % unitLength !== 0) continue;
    const unit = text.slice(0, unitLength);
    if (listed.has(unit) && unit.repeat(text.length / unitLength) === text) return true;
  }
  return false;
}

let commonPasswordSet: Set<string> | undefined;

/**
 * The ~49,000 most common passwords from zxcvbn-ts, lower case. Loaded on the
 * first check with a synchronous require rather than a top-level import, so
 * processes that never check a password (the worker) do not pay for it.
 */
function commonPasswords(): Set<string> {
  if (commonPasswordSet === undefined) {
    const { dictionary } = require("@zxcvbn-ts/language-common") as typeof LanguageCommon;
    commonPasswordSet = new Set(dictionary["passwords-common"].map((password) => password.toLowerCase()));
  }
  return commonPasswordSet;
}
