/**
 * The fixed split of the SpamAssassin corpus the spam model is measured on:
 * every file sorted by the md5 in its name, even positions train, odd
 * positions test (2,074 ham + 949 spam train, 2,076 ham + 947 spam test).
 * The shipped prior is trained on the train half only.
 */
import { spamAssassinMessages, type SpamAssassinMessage } from "../test/support/spamassassin.ts";

export interface CorpusSplit {
  train: SpamAssassinMessage[];
  test: SpamAssassinMessage[];
}

export async function spamAssassinSplit(): Promise<CorpusSplit> {
  const md5 = (message: SpamAssassinMessage) => message.id.slice(message.id.lastIndexOf(".") + 1);
  const sorted = [...(await spamAssassinMessages())].sort((a, b) => (md5(a) < md5(b) ? -1 : md5(a) > md5(b) ? 1 : 0));
  return { train: sorted.filter((_, index) => index % 2 === 0), test: sorted.filter((_, index) => index % 2 === 1) };
}
