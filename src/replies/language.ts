/**
 * The language a reply is written in: the incoming mail's, as its analysis
 * found it, else as detected from the writer's own text; German or English
 * (the languages the templates speak), German when neither is clear.
 */
import { detectLanguage } from "../analysis/local/language.ts";
import type { AnalysisInput } from "../analysis/types.ts";
import type { Sql } from "../db/connection.ts";
import type { ReplyLanguage } from "./address-form.ts";
import { ownText } from "./own-text.ts";

export async function replyLanguageFor(sql: Sql, userId: string, messageId: string, input: Pick<AnalysisInput, "subject" | "text" | "headers">): Promise<ReplyLanguage> {
  const [row] = await sql<{ language: string | null }[]>`select language from analyses where message_id = ${messageId} and user_id = ${userId}`;
  if (row?.language === "de" || row?.language === "en") return row.language;
  return replyLanguageOf(input);
}

/**
 * @example
 *   replyLanguageOf({ subject: "Meeting", text: "Hi Max, could we meet on Friday?", headers: {} }) // "en"
 */
export function replyLanguageOf(input: Pick<AnalysisInput, "subject" | "text" | "headers">): ReplyLanguage {
  return detectLanguage(input.subject, ownText(input.text), input.headers["content-language"]) === "en" ? "en" : "de";
}
