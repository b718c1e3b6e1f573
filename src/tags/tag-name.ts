/**
 * A tag's name as the user typed it, made comparable: one spelling per tag
 * whatever the letter case or spacing ("Uni", " uni " are one tag), kept
 * queryable only as a keyed hash (the name itself is encrypted).
 */
import * as v from "valibot";
import { decryptText, encrypt } from "../crypto/aead.ts";
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { tagBinding } from "../analysis/tags.ts";
import { TAG_NAME_MAX_CHARS } from "./limits.ts";

/** Colours a tag may have: names the stylesheet knows (views/static/app.css `.tag-c-…`), never CSS from the user. */
export const TAG_COLOURS = ["grey", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"] as const;
export type TagColour = (typeof TAG_COLOURS)[number];

/** Trimmed, inner white space one space, NFC; control and invisible format characters removed. */
export function cleanTagName(name: string): string {
  return name
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

export const TagNameSchema = v.pipe(v.string(), v.transform(cleanTagName), v.minLength(1, "a tag needs a name"), v.maxLength(TAG_NAME_MAX_CHARS, `at most ${TAG_NAME_MAX_CHARS} characters`));

/** The keyed lookup of a cleaned name, the same for every letter case. */
export function tagNameHash(dataKey: SecretKey, cleanedName: string): Buffer {
  return hmac(deriveKey(dataKey, "tag-name"), cleanedName.toLocaleLowerCase("de-DE"));
}

export function encryptTagName(dataKey: SecretKey, userId: string, tagId: string, name: string): Buffer {
  return Buffer.from(encrypt(dataKey, name, tagBinding(userId, tagId)));
}

/** A name that does not open (a damaged row) is still shown, by the start of its id. */
export function decryptTagName(dataKey: SecretKey, userId: string, tagId: string, encrypted: Uint8Array): string {
  try {
    return decryptText(dataKey, encrypted, tagBinding(userId, tagId));
  } catch {
    return tagId.slice(0, 8);
  }
}
