import { afterAll, expect, test } from "bun:test";
import { messageFeatures } from "../../../src/analysis/local/analyse.ts";
import { analyseLocally, emptyUserModel } from "../../../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../../../src/analysis/local/input.ts";
import { sigmoid } from "../../../src/analysis/local/online-linear.ts";
import { loadSpamPrior, priorLogit, SPAM_THRESHOLD } from "../../../src/analysis/local/spam-model.ts";
import { closeParsePool, parseMessage } from "../../../src/mail/parse/parse-message.ts";

afterAll(closeParsePool);

/** A campaign-built promotional newsletter as shops send them today: table layout, hidden preheader, tracked links, a discount code, a pixel; no authentication headers at all. */
function promotionalNewsletter(): Uint8Array {
  const track = (n: number) => `https://click.mail.harbourlane-outfitters.com/ls/click?upn=${"q7Zx3kP0".repeat(3)}${n}&utm_source=newsletter&utm_medium=email&utm_campaign=winter_sale`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Harbourlane</title>
<style>@media only screen and (max-width:600px){.col{width:100%!important}}</style></head>
<body style="margin:0;background:#f2f2f2"><div style="display:none;max-height:0;overflow:hidden">Up to 40% off coats and boots, this weekend only.&nbsp;&zwnj;&nbsp;&zwnj;</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" bgcolor="#ffffff">
<tr><td style="background:#12355b;color:#fff;font:bold 24px Arial;padding:20px;text-align:center">HARBOURLANE</td></tr>
<tr><td class="col" style="padding:16px 24px;font:16px/24px Arial;color:#333">Hi Robin, the winter sale is here: save up to 40% on coats, boots and knitwear.</td></tr>
<tr><td class="col" style="padding:16px 24px"><a href="${track(1)}"><img src="https://cdn.harbourlane-outfitters.com/img/hero-winter.jpg" width="560" alt="Winter sale" style="display:block;border:0"></a></td></tr>
<tr><td class="col" style="padding:16px 24px;font:16px/24px Arial;color:#333">Use code <b>WARM40</b> at checkout. Free shipping on orders over $50 and free returns within 30 days. Offer ends Sunday at midnight.</td></tr>
<tr><td align="center" style="padding:16px"><table role="presentation"><tr><td bgcolor="#e4572e" style="border-radius:6px"><a href="${track(2)}" style="display:inline-block;padding:12px 28px;color:#fff;font-weight:bold;text-decoration:none">Shop the sale</a></td></tr></table></td></tr>
<tr><td class="col" style="padding:16px 24px;font:14px Arial"><a href="${track(3)}">Women</a> · <a href="${track(4)}">Men</a> · <a href="${track(5)}">Kids</a> · <a href="${track(6)}">Instagram</a></td></tr>
<tr><td style="padding:24px;font:12px Arial;color:#888">You're receiving this email because you signed up at harbourlane-outfitters.com. <a href="${track(7)}">Unsubscribe</a> | <a href="https://www.harbourlane-outfitters.com/privacy">Privacy policy</a><br>Harbourlane Outfitters Ltd., 14 Quay Street, Bristol BS1 4DJ</td></tr>
</table></td></tr></table><img src="https://click.mail.harbourlane-outfitters.com/open/9f8e7d6c5b4a.gif" width="1" height="1" alt=""></body></html>`;
  const raw = [
    "From: Harbourlane Outfitters <news@mail.harbourlane-outfitters.com>",
    "To: robin.ashby@gmail.com",
    "Subject: Up to 40% off: the winter sale starts now",
    "Date: Sat, 08 Nov 2025 07:30:00 +0000",
    "Message-ID: <20251108073000.5f2a@mail.harbourlane-outfitters.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    html,
  ].join("\r\n");
  return new TextEncoder().encode(raw);
}

test("a typical modern promotional newsletter without authentication headers is not flagged by the prior alone", async () => {
  const input = analysisInputFromParsed(await parseMessage(promotionalNewsletter()));
  const probability = sigmoid(priorLogit(loadSpamPrior(), messageFeatures(input).features));
  // Not merely under the threshold but clearly so: the prior trained on 2002 mail alone put this message at 48 %, a coin toss the next word could tip.
  expect(probability).toBeLessThan(SPAM_THRESHOLD / 2);
  expect(analyseLocally(input, emptyUserModel()).analysis.spam.value).toBe(false);
});
