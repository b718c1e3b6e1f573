/**
 * Issue 14: verdicts on today's mail. The receiving server's authentication
 * and spam verdict, phishing, urgency that only counts where it means
 * something, and newsletters that are not spam.
 */
import { describe, expect, test } from "bun:test";
import { authenticationOf } from "../../../src/analysis/local/authentication.ts";
import { analyseLocally, emptyUserModel } from "../../../src/analysis/local/index.ts";
import { priorityScore, trafficLight } from "../../../src/analysis/score.ts";
import type { Analysis, AnalysisInput } from "../../../src/analysis/types.ts";
import { message, OWN } from "./input.ts";

const analyse = (overrides: Partial<AnalysisInput>) => analyseLocally(message(overrides), emptyUserModel()).analysis;
const light = (analysis: Analysis) => trafficLight(priorityScore(analysis.urgency.value, analysis.importance.value));

/** Headers as the user's provider (mx.posteo.de) adds them on top, then the sender's. */
function headers(from: string, ...extra: string[]): string {
  return [...extra, `From: ${from}`, `To: Anna <${OWN}>`, "Received: from mail.example by mx.posteo.de", "Content-Type: text/html; charset=utf-8"].join("\r\n");
}
const pass = (domain: string) => `Authentication-Results: mx.posteo.de; spf=pass smtp.mailfrom=bounce.${domain}; dkim=pass header.d=${domain} header.s=s1; dmarc=pass (p=reject) header.from=${domain}`;

const IPHONE = {
  subject: "Glückwunsch!!! Sie haben ein iPhone 17 gewonnen",
  from: [{ name: "Gewinnspiel-Team", address: "info@gewinn-sofort24.biz" }],
  rawHeaders: headers("Gewinnspiel-Team <info@gewinn-sofort24.biz>", "Authentication-Results: mx.posteo.de; spf=pass smtp.mailfrom=gewinn-sofort24.biz"),
  text: "Herzlichen Glückwunsch!\n\nSie wurden als Gewinner ausgewählt. Ihr Gewinn wartet auf https://gewinn-sofort24.biz/claim\n\nIhr Team von gewinn-sofort24.biz",
};

const SPARKASSE = {
  subject: "Wichtige Mitteilung zu Ihrem Konto",
  from: [{ name: "Sparkasse", address: "service@kundeninfo-sicher.com" }],
  rawHeaders: headers("Sparkasse <service@kundeninfo-sicher.com>"),
  text: "Sehr geehrte Kundin, sehr geehrter Kunde,\n\nbitte Konto bestätigen, sonst wird Ihr Zugang vorübergehend gesperrt.\n\nwww.sparkasse.de [https://sparkasse-de.kunden-login.ru/verify]\n\nIhre Sparkasse",
  html: '<p>Bitte Konto bestätigen.</p><a href="https://sparkasse-de.kunden-login.ru/verify">www.sparkasse.de</a>',
};

describe("urgency only where it means something", () => {
  test('"sofort" in the sender\'s domain is not an urgent word: the iPhone prize mail is spam and not red', () => {
    const analysis = analyse(IPHONE);
    expect(analysis.spam.value).toBe(true);
    expect(light(analysis)).not.toBe("red");
    expect(analysis.category.value).not.toBe("urgent");
    expect(analysis.urgency.reason.code).not.toBe("urgent_word");
  });

  test("an urgent word in an address or link is not read; in the text it still is", () => {
    const inAddress = analyse({ subject: "Unterlagen", text: "Hallo Anna,\n\nhier die Unterlagen, Rückfragen an dringend-hilfe@firma.example oder https://sofort.example/x\n\nBernd" });
    expect(inAddress.urgency.value).toBe(1);
    const inText = analyse({ subject: "Server", text: "Hallo Anna,\n\nder Server ist ausgefallen, bitte sofort melden.\n\nBernd" });
    expect(inText.urgency.value).toBe(3);
  });

  test("mass mail and mail whose sender failed authentication are never red or urgent", () => {
    const text = "Dringend: letzte Erinnerung! Bitte sofort antworten.";
    const bulk = analyse({
      subject: "Dringend!",
      text,
      headers: { "list-unsubscribe": "<https://shop.example/u>" },
      from: [{ name: "Shop", address: "news@shop.example" }],
      rawHeaders: headers("Shop <news@shop.example>", pass("shop.example")),
    });
    const forged = analyse({
      subject: "Dringend!",
      text,
      rawHeaders: headers("Bernd <bernd@firma.example>", "Authentication-Results: mx.posteo.de; spf=fail smtp.mailfrom=firma.example; dmarc=fail header.from=firma.example"),
    });
    for (const analysis of [bulk, forged]) {
      expect(light(analysis)).not.toBe("red");
      expect(analysis.category.value).not.toBe("urgent");
    }
  });
});

describe("phishing", () => {
  test("a Sparkasse phishing mail is spam with a phishing warning and a phishing reason, never red", () => {
    const analysis = analyse(SPARKASSE);
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
    expect(["brand_impersonation", "link_mismatch", "lookalike_domain"]).toContain(analysis.spam.reason.code);
    // Suspected phishing is spam: lowest levels (the UI shows the warning, not a colour), never red.
    expect(light(analysis)).toBe("green");
    expect(analysis.urgency.value).toBe(1);
  });

  test("a link showing the brand's domain while going elsewhere is named in the reason", () => {
    const analysis = analyse({
      ...SPARKASSE,
      from: [{ name: "Kundenservice", address: "service@kundeninfo-sicher.com" }],
      text: "Bitte Konto bestätigen:\n\nwww.sparkasse.de [https://kunden-login.ru/verify]",
      html: undefined,
    });
    expect(analysis.phishing?.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "link_mismatch", vars: { shown: "www.sparkasse.de", target: "kunden-login.ru" } });
  });

  test("the brand's own authenticated mail naming the brand is not phishing", () => {
    const analysis = analyse({
      subject: "Neue Nachricht in Ihrem elektronischen Postfach",
      from: [{ name: "Sparkasse KölnBonn", address: "noreply@sparkasse-koelnbonn.de" }],
      rawHeaders: headers("Sparkasse KölnBonn <noreply@sparkasse-koelnbonn.de>", pass("sparkasse-koelnbonn.de")),
      text: "Sehr geehrte Frau Beispiel,\n\nin Ihrem elektronischen Postfach liegt ein neuer Kontoauszug. Bitte melden Sie sich im Online-Banking an: https://www.sparkasse-koelnbonn.de/",
    });
    expect(analysis.spam.value).toBe(false);
    expect(analysis.phishing?.value).toBe(false);
  });

  test("a risky attachment from an unknown sender is phishing", () => {
    const analysis = analyse({
      subject: "Ihre Rechnung",
      from: [{ name: "Buchhaltung", address: "rechnung@abrechnung.example" }],
      text: "Anbei Ihre Rechnung.",
      attachmentNames: ["Rechnung_2025.html"],
      hasAttachments: true,
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "risky_attachment", vars: { name: "Rechnung_2025.html" } });
  });

  test("a bank's name shown by a domain that passed authentication is still phishing: DMARC vouches for the domain, not the name", () => {
    const analysis = analyse({
      subject: "Ihre Sicherheitseinstellungen",
      from: [{ name: "Deutsche Bank", address: "kundenservice@db-meinkonto-service.com" }],
      rawHeaders: headers("Deutsche Bank <kundenservice@db-meinkonto-service.com>", pass("db-meinkonto-service.com")),
      text: "Sehr geehrte Kundin, bitte melden Sie sich an, um Ihre photoTAN-Aktivierung abzuschließen: https://db-meinkonto-service.com/login",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "brand_impersonation", vars: { brand: "Deutsche Bank", domain: "db-meinkonto-service.com" } });
    // The same name on a newsletter from an authenticated domain (a reseller's) is not enough on its own.
    const reseller = analyse({
      subject: "Unsere Angebote im März",
      from: [{ name: "Apple Händler Müller", address: "news@haendler-mueller.de" }],
      rawHeaders: headers("Apple Händler Müller <news@haendler-mueller.de>", pass("haendler-mueller.de")),
      headers: { "list-unsubscribe": "<https://haendler-mueller.de/abmelden>" },
      text: "Die neuen iPads sind da. Jetzt im Laden ansehen.",
    });
    expect(reseller.spam.value).toBe(false);
    // Names that are also surnames or titles are no brands: an engineer's title is not ING, Mr Hermes is no parcel service.
    for (const name of ["Dipl.-Ing. Hans Müller", "Klaus Hermes", "Edward Norton"]) {
      const person = analyse({ from: [{ name, address: "post@ingenieurbuero.example" }], text: "Hallo Anna, anbei die Pläne. Bitte melde dich, wenn du Fragen hast." });
      expect({ name, spam: person.spam.value, phishing: person.phishing?.value }).toEqual({ name, spam: false, phishing: false });
    }
  });

  test("the user's own domain in the display name from elsewhere, and mail forged from the user's own address, are phishing", () => {
    const admin = analyse({
      subject: `Ihr Kennwort für ${OWN} läuft heute ab`,
      from: [{ name: `${OWN.split("@")[1]} IT-Support`, address: "contabilidad@estudio-contable.example" }],
      rawHeaders: headers(`IT-Support <contabilidad@estudio-contable.example>`, pass("estudio-contable.example")),
      text: "Bitte bestätigen Sie Ihr aktuelles Kennwort, um es zu behalten: https://estudio-contable.example/owa",
    });
    expect(admin.spam.value).toBe(true);
    expect(admin.phishing?.reason.code).toBe("own_domain_impersonation");

    const forged = analyse({
      subject: "Your account is hacked!",
      from: [{ name: "", address: OWN }],
      rawHeaders: headers(OWN, `Authentication-Results: mx.posteo.de; spf=fail smtp.mailfrom=${OWN.split("@")[1]}; dkim=none; dmarc=fail (p=none) header.from=${OWN.split("@")[1]}`),
      text: "I recorded you. Pay 1,200 USD in Bitcoin to this address within 48 hours.",
    });
    expect(forged.spam.value).toBe(true);
    expect(forged.phishing?.value).toBe(true);
    expect(forged.spam.reason.code).toBe("spoofed_own_address");
  });

  test("an urgent, confidential payment asked for from a freemail address with answers going elsewhere is fraud; a colleague's payment reminder is not", () => {
    const fraud = analyse({
      subject: "Quick request",
      from: [{ name: "Thomas Keller", address: "thomas.keller.office@outlook.com" }],
      replyTo: [{ name: "Thomas Keller", address: "t.keller@proton.me" }],
      rawHeaders: headers("Thomas Keller <thomas.keller.office@outlook.com>", pass("outlook.com")),
      text: "Are you at your desk? I need you to handle an urgent payment for me today. Please keep this between us.",
    });
    expect(fraud.spam.value).toBe(true);
    expect(fraud.phishing?.value).toBe(true);
    const colleague = analyse({
      subject: "Rechnung Handwerker",
      from: [{ name: "Jonas Weber", address: "jonas@firma.example" }],
      rawHeaders: headers("Jonas Weber <jonas@firma.example>", pass("firma.example")),
      text: "Hallo Anna, denkst du an die Zahlung an den Handwerker? Die Rechnung liegt im Ordner. Danke, Jonas",
    });
    expect(colleague.spam.value).toBe(false);
  });

  test("an archive attached counts, and with a request for payment from an unknown sender it is phishing", () => {
    const analysis = analyse({
      subject: "Offene Rechnung",
      from: [{ name: "Buchhaltung", address: "rechnung@abrechnung.example" }],
      text: "Anbei die offene Rechnung. Bitte überweisen Sie den Betrag dringend; die Zahlung ist überfällig. Dringende Zahlung erbeten.",
      attachmentNames: ["Rechnung_2026.zip"],
      hasAttachments: true,
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
    expect(["archive_attachment", "payment_pressure"]).toContain(analysis.spam.reason.code);
    // The archive alone, with a plain text, is not enough.
    expect(analyse({ subject: "Fotos", from: [{ name: "Bea", address: "bea@firma.example" }], text: "Die Fotos vom Fest.", attachmentNames: ["fotos.zip"], hasAttachments: true }).spam.value).toBe(
      false,
    );
  });
});

describe("what the receiving server already knows", () => {
  test("X-Spam-Flag: YES makes spam, with the header in the reason", () => {
    const analysis = analyse({ text: "Hallo Anna,\n\nanbei die Unterlagen.\n\nBernd", rawHeaders: headers("Bernd <bernd@firma.example>", "X-Spam-Flag: YES", "X-Spam-Status: Yes, score=7.1") });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.spam.reason).toEqual({ code: "server_spam", vars: { header: "x-spam-flag: YES" } });
  });

  test("a message in the Junk role folder is spam; a sender's NO proves nothing", () => {
    expect(analyse({ text: "Hallo Anna", folderRole: "junk" }).spam.reason.code).toBe("junk_folder");
    expect(analyse({ text: "Hallo Anna", rawHeaders: headers("Bernd <bernd@firma.example>", "X-Spam-Flag: NO") }).spam.value).toBe(false);
  });

  test("a DKIM/DMARC-pass newsletter with List-Unsubscribe is a newsletter and not spam, even when it reads like 2002 spam", () => {
    const text =
      "FREE shipping! Click here to buy now and SAVE 50%! Limited time offer, order today! Act now! Special promotion, best price guaranteed! Unsubscribe here. You are receiving this email because you subscribed.";
    const from = [{ name: "Shop", address: "news@shop.example" }];
    const authenticated = analyse({
      subject: "SAVE 50% - FREE shipping, order now!",
      text,
      from,
      headers: { "list-unsubscribe": "<https://shop.example/u>" },
      rawHeaders: headers("Shop <news@shop.example>", pass("shop.example")),
    });
    expect(authenticated.newsletter.value).toBe(true);
    expect(authenticated.spam.value).toBe(false);
    // The same mail with nothing vouching for it is left to the text model.
    const unvouched = analyse({ subject: "SAVE 50% - FREE shipping, order now!", text, from, headers: { "list-unsubscribe": "<https://shop.example/u>" } });
    expect(unvouched.spam.reason.code).not.toBe("authenticated_newsletter");
  });

  test("only the provider's topmost Authentication-Results count, not one the sender wrote further down", () => {
    const text = "FREE shipping! Click here to buy now and SAVE 50%! Limited time offer, order today! Act now! Unsubscribe here.";
    const forgedBelow = headers(
      "Shop <news@shop.example>",
      "Authentication-Results: mx.posteo.de; spf=fail smtp.mailfrom=shop.example; dmarc=fail header.from=shop.example",
      "Received: from relay.example by mail.example",
      "Authentication-Results: fake.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example",
    );
    const analysis = analyse({
      subject: "SAVE 50%",
      text,
      from: [{ name: "Shop", address: "news@shop.example" }],
      headers: { "list-unsubscribe": "<https://shop.example/u>" },
      rawHeaders: forgedBelow,
    });
    expect(analysis.spam.reason.code).not.toBe("authenticated_newsletter");
  });

  test("a personal German mail from an authenticated sender is not spam, nor is the user's own draft", () => {
    const personal = analyse({
      subject: "Wochenende",
      from: [{ name: "Gisela", address: "gisela@gmx.de" }],
      rawHeaders: headers("Gisela <gisela@gmx.de>", pass("gmx.de")),
      text: "Hallo Anna,\n\nkommst du am Samstag zum Kaffee? Papa hat Geburtstag und wir würden uns freuen. Bring gern Tom mit.\n\nLiebe Grüße\nMama",
    });
    expect(personal.spam.value).toBe(false);
    const draft = analyse({ subject: "Notizen", from: [{ name: "Anna", address: OWN }], text: "Belege sammeln, Passwort für ELSTER im Tresor. Bis 31. Juli abgeben!" });
    expect(draft.spam.value).toBe(false);
  });

  test("a security notice from the account's real domain is not a newsletter", () => {
    const analysis = analyse({
      subject: "Microsoft account unusual sign-in activity",
      from: [{ name: "Microsoft account team", address: "account-security-noreply@accountprotection.microsoft.com" }],
      rawHeaders: headers("Microsoft account team <account-security-noreply@accountprotection.microsoft.com>", pass("accountprotection.microsoft.com")),
      text: "We detected something unusual about a recent sign-in to your Microsoft account. To opt out or change where you receive security notifications, click here.",
    });
    expect(analysis.newsletter.value).toBe(false);
    expect(analysis.spam.value).toBe(false);
  });

  test("Gmail's trace headers (Received, X-Received) add nothing to the verdict: the prior learnt the relays of 2002", () => {
    const plain = message({ subject: "Treffen", text: "Hallo Anna, sehen wir uns am Samstag? Gruß Bernd" });
    const traced = {
      ...plain,
      rawHeaders: [
        "Received: by 2002:a05:6a20:9c4b:b0:1b2:3c4d:5e6f with SMTP id x11csp123456pzb; Tue, 3 Mar 2026 10:00:00 -0800 (PST)",
        "X-Received: by 2002:a17:906:1234:b0:9a1:2b3c:4d5e with SMTP id a1-20020a170906123400b009a12b3c4d5emr123ejx.12.1709488800000;",
        "        Tue, 03 Mar 2026 10:00:00 -0800 (PST)",
        plain.rawHeaders,
      ].join("\r\n"),
    };
    const { features: withTrace } = analyseLocally(traced, emptyUserModel());
    const { features: without } = analyseLocally(plain, emptyUserModel());
    expect([...withTrace].filter((hash) => !without.includes(hash))).toEqual([]);
  });
});

describe("scams that authentication cannot catch", () => {
  test("a freemail account shown as a brand is impersonation, even at the brand's own freemail service", () => {
    const analysis = analyse({
      subject: "Microsoft account unusual sign-in activity",
      from: [{ name: "Microsoft account team", address: "msaccountteam.noreply8@outlook.com" }],
      rawHeaders: headers("Microsoft account team <msaccountteam.noreply8@outlook.com>", pass("outlook.com")),
      text: "We detected something unusual about a recent sign-in. If this wasn't you, please report the user: ms.account.report.team@outlook.com",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "brand_impersonation", vars: { brand: "Microsoft", domain: "outlook.com" } });
  });

  test("a newsletter service's mail calling itself a bank is phishing; a reseller's newsletter mentioning a brand is not", () => {
    const viaSendGrid = analyse({
      subject: "Ihr BestSign-Zertifikat läuft ab",
      from: [{ name: "Postbank", address: "noreply@mitteilung-kundenportal.de" }],
      rawHeaders: headers("Postbank <noreply@mitteilung-kundenportal.de>", pass("mitteilung-kundenportal.de")),
      headers: { "list-unsubscribe": "<https://u123.ct.sendgrid.net/asm/unsubscribe>" },
      text: "Ihr Sicherheitszertifikat läuft ab. Jetzt erneuern: https://mitteilung-kundenportal.de/bestsign",
    });
    expect(viaSendGrid.spam.value).toBe(true);
    expect(viaSendGrid.phishing?.value).toBe(true);
    // A scam is never offered as a newsletter: its "unsubscribe" link is one more link to the sender.
    expect(viaSendGrid.newsletter.value).toBe(false);
    const partner = analyse({
      subject: "Neu im Laden",
      from: [{ name: "Apple Händler Müller", address: "news@haendler-mueller.de" }],
      rawHeaders: headers("Apple Händler Müller <news@haendler-mueller.de>", pass("haendler-mueller.de")),
      headers: { "list-unsubscribe": "<https://haendler-mueller.de/abmelden>" },
      text: "Die neuen iPads sind da.",
    });
    expect(partner.spam.value).toBe(false);
    expect(partner.newsletter.value).toBe(true);
  });

  test("a brand's domain worn as a subdomain of another is phishing, even from an authenticated (hijacked) mailbox", () => {
    const analysis = analyse({
      subject: 'Sarah Mitchell shared "Remittance Advice Q3" with you',
      from: [{ name: "Sarah Mitchell", address: "s.mitchell@brightwater-accounting.example" }],
      rawHeaders: headers("Sarah Mitchell <s.mitchell@brightwater-accounting.example>", pass("brightwater-accounting.example")),
      text: "Sarah Mitchell shared a file with you.\n\nOpen <https://brightwater-my.sharepoint.com.doc-view.online/:b:/g/personal/x>",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "lookalike_domain", vars: { domain: "brightwater-my.sharepoint.com.doc-view.online", brand: "Microsoft" } });
    // The brand's own hosts are not worn by anyone.
    const real = analyse({
      subject: "Shared with you",
      from: [{ name: "Sarah Mitchell", address: "s.mitchell@brightwater-accounting.example" }],
      rawHeaders: headers("Sarah Mitchell <s.mitchell@brightwater-accounting.example>", pass("brightwater-accounting.example")),
      text: "Hi Anna, the file: https://brightwater-my.sharepoint.com/:b:/g/personal/x",
    });
    expect(real.spam.value).toBe(false);
  });

  test("a link to a bare public IP address (shown as the brand's) is phishing; a router's private address in a friend's mail is not", () => {
    const analysis = analyse({
      subject: "Your account access has been limited",
      from: [{ name: "PayPal", address: "service@paypal.com" }],
      text: "Dear PayPal Member, please visit PayPal to verify your identity: https://www.paypal.com/cgi-bin/webscr [http://203.0.113.45/.pp/webscr.php]",
      html: '<p>Dear PayPal Member,</p><a href="http://203.0.113.45/.pp/webscr.php">https://www.paypal.com/cgi-bin/webscr</a>',
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
    expect(analysis.phishing?.reason).toEqual({ code: "link_mismatch", vars: { shown: "www.paypal.com", target: "203.0.113.45" } });
    const router = analyse({
      subject: "WLAN",
      from: [{ name: "Mia", address: "mia@gmail.com" }],
      text: "Hallo Anna, der Router ist unter http://192.168.178.1 erreichbar, Passwort steht unten drauf.",
    });
    expect(router.spam.value).toBe(false);
  });

  test("gift cards whose codes are to be sent are the scam itself, from whoever seems to ask", () => {
    const analysis = analyse({
      subject: "AW: Kurze Frage",
      from: [{ name: "Jochen Brandt", address: "jochen.brandt.vorstand@outlook.de" }],
      rawHeaders: headers("Jochen Brandt <jochen.brandt.vorstand@outlook.de>", pass("outlook.de")),
      text: "Hallo Anna,\n\nkannst du bitte 4 Google Play Geschenkkarten zu je 100 € besorgen? Schick mir einfach ein Foto von den Codes.\n\nJochen",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("side-job, trading-profit and romance stories are scams; one such phrase in a friend's mail is not", () => {
    const stories = [
      { subject: "Nebenjob von zu Hause – 500 € pro Tag", text: "Wir suchen ab sofort Mitarbeiter für einen Nebenjob von zu Hause aus. Keine Erfahrung notwendig." },
      { subject: "Your profit of €14,870.22 is ready for withdrawal", text: "Our AI trading algorithm made a profit. Activate your account with a minimum deposit of €250." },
      { subject: "Hello from far away", text: "I saw your profile and you have a beautiful smile. I am a doctor with the United Nations on a peacekeeping mission, a widower." },
    ];
    for (const story of stories) {
      const analysis = analyse({ ...story, from: [{ name: "K. Albers", address: "k.albers@yahoo.example" }] });
      expect({ subject: story.subject, spam: analysis.spam.value, reason: analysis.spam.reason.code }).toEqual({ subject: story.subject, spam: true, reason: "scam_story" });
    }
    const friend = analyse({ subject: "Neuer Job", from: [{ name: "Mia", address: "mia@example.net" }], text: "Hallo Anna, ich habe jetzt einen Nebenjob im Café. Kommst du mal vorbei?" });
    expect(friend.spam.value).toBe(false);
  });

  test('"ab sofort" is "from now on", not a hurry: a side-job offer is not red', () => {
    const analysis = analyse({ subject: "Stellenangebot", text: "Hallo Anna,\n\nwir suchen ab sofort eine Werkstudentin für unser Team.\n\nViele Grüße" });
    expect(analysis.urgency.value).toBeLessThan(3);
    expect(analysis.category.value).not.toBe("urgent");
  });

  test("a relative forwarding a scam warning is not phishing: the forwarded words are not theirs", () => {
    const analysis = analyse({
      subject: "Fwd: FW: Scam warning - please read!!",
      from: [{ name: "Margaret Kowalski", address: "maggie.kowalski@yahoo.example" }],
      rawHeaders: headers("Margaret Kowalski <maggie.kowalski@yahoo.example>", pass("yahoo.example")),
      text: 'Anna dear, this came from Walter\'s bank, please read it.\n\n----- Forwarded Message -----\nFrom: Walter <w@example.ca>\n\nCriminals ask you to click a link and "verify your account". Your bank will NEVER ask for your PIN or password. Gift cards are never a way to pay.',
      html: "<p>Anna dear</p>",
    });
    expect(analysis.spam.value).toBe(false);
    expect(analysis.phishing?.value).toBe(false);
  });
});

describe("discussion lists", () => {
  test("a club's mailing list that members write to (List-Post mailto) is not a newsletter; a Substack post (List-Post https) is", () => {
    const club = analyse({
      subject: "[Lauftreff-Info] Frühjahrslauf am 29.03.",
      from: [{ name: "Jochen Brandt via Lauftreff-Info", address: "lauftreff-info@lists.lauftreff.example" }],
      headers: { "list-id": "<lauftreff-info.lists.lauftreff.example>", "list-unsubscribe": "<mailto:lauftreff-info-leave@lists.lauftreff.example>", precedence: "list" },
      rawHeaders: headers("Jochen Brandt via Lauftreff-Info <lauftreff-info@lists.lauftreff.example>", "List-Post: <mailto:lauftreff-info@lists.lauftreff.example>"),
      text: "Liebe Läuferinnen und Läufer, Start ist um 10 Uhr am Turmberg. Wer kann beim Verpflegungsstand helfen?",
    });
    expect(club.newsletter.value).toBe(false);
    const substack = analyse({
      subject: "The case for one big pot",
      from: [{ name: "Small Kitchen Notes", address: "smallkitchennotes@substack.com" }],
      headers: { "list-id": "<smallkitchennotes.substack.com>", "list-unsubscribe": "<https://smallkitchennotes.substack.com/action/disable_email>" },
      rawHeaders: headers("Small Kitchen Notes <smallkitchennotes@substack.com>", pass("substack.com"), "List-Post: <https://smallkitchennotes.substack.com/p/the-case-for-one-big-pot>"),
      text: "This week: why one big pot beats five small ones. Unsubscribe at any time.",
    });
    expect(substack.newsletter.value).toBe(true);
  });
});

describe("the third blind set's causes", () => {
  test("UTF-8 read as Latin-1 (mojibake) is repaired before the words are read: the ING phish asks for credentials", () => {
    const misread = (text: string) => Buffer.from(text, "utf8").toString("latin1");
    const analysis = analyse({
      subject: misread("Ihr Konto wurde vorübergehend eingeschränkt"),
      from: [{ name: "ING", address: "no-reply@ing-de-kundencenter.example" }],
      rawHeaders: headers("ING <no-reply@ing-de-kundencenter.example>", "Authentication-Results: mx.posteo.de; spf=softfail smtp.mailfrom=ing-de-kundencenter.example; dkim=none; dmarc=none"),
      text: misread(
        "Um Ihr Konto wieder nutzen zu können, müssen Sie Ihre Identität bestätigen: https://ing-de-kundencenter.example/verifizierung\nWenn Sie Ihre Daten nicht innerhalb von 24 Stunden bestätigen, wird Ihr Konto gesperrt.",
      ),
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.summary).toContain("bestätigen");
  });

  test("a DMARC failure under p=none of mail a newsletter service signed is no forgery; under p=reject it is", () => {
    const mailchimp = (policy: string) =>
      `Authentication-Results: mx.posteo.de; dkim=pass header.i=@mcsv.example header.s=k2; spf=pass smtp.mailfrom=bounce@mcsv.example; dmarc=fail (p=${policy} sp=${policy} dis=NONE) header.from=kestrelwood.example`;
    const newsletter = (policy: string) =>
      analyse({
        subject: "Spring volunteer days",
        from: [{ name: "Friends of Kestrel Wood", address: "hello@kestrelwood.example" }],
        rawHeaders: headers("Friends of Kestrel Wood <hello@kestrelwood.example>", mailchimp(policy)),
        headers: { "list-unsubscribe": "<https://kestrelwood.list-manage.example/unsubscribe>" },
        text: "Dear friends, the bluebells are out. Sign up for the volunteer days: https://kestrelwood.list-manage.example/track",
      });
    expect(newsletter("NONE").phishing?.reason.code).not.toBe("auth_failed");
    expect(JSON.stringify(newsletter("NONE"))).not.toContain("auth_failed");
    expect(JSON.stringify(newsletter("REJECT"))).toContain("auth_failed");
  });

  test("asking for a wallet's recovery phrase is asking for credentials", () => {
    const analysis = analyse({
      subject: "Wallet verification required",
      from: [{ name: "MetaMask", address: "metamask.verification.support00@outlook.com" }],
      rawHeaders: headers("MetaMask <metamask.verification.support00@outlook.com>", pass("outlook.com")),
      text: "Please complete the verification form: https://docs.google.com/forms/d/e/x/viewform You will need your Secret Recovery Phrase (12 words).",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("a callback scam written into a payment service's own invoice is spam, though the service's domain is authenticated; its ordinary receipt is not", () => {
    const paypal = (text: string) =>
      analyse({
        subject: "Invoice from Norton Billing Dept",
        from: [{ name: "service@paypal.com", address: "service@paypal.com" }],
        rawHeaders: headers("<service@paypal.com>", pass("paypal.com")),
        text,
      });
    const scam = paypal(
      "Norton Billing Dept sent you an invoice for $599.99. Your Norton 360 Total Protection has been renewed. The amount will be charged within 24 hours. If you did not authorize this\nrenewal, call our billing department immediately at +1 (805) 555-0147.",
    );
    expect(scam.spam.value).toBe(true);
    expect(scam.spam.reason.code).toBe("scam_story");
    const receipt = paypal("You sent €50.00 EUR to Miriam Kaya. If you didn't authorize this payment, contact us through the Resolution Center.");
    expect(receipt.spam.value).toBe(false);
  });

  test("sextortion from the recipient's own address, with no authentication results at all, is spam", () => {
    const analysis = analyse({
      subject: `${OWN} has been hacked! Change your password immediately!`,
      from: [{ name: "", address: OWN }],
      text: "I am a hacker who has access to your operating system. You were infected with malware through an adult site. I can turn on the camera and microphone. I have all your contacts. Send $1300 in bitcoin to my BTC wallet.",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a bank newsletter's safety footer (Sicherheitshinweis) does not make it a security notice; a price alert that says why it came is a newsletter", () => {
    const ing = analyse({
      subject: "Ihr Geld kann mehr – ETF-Sparplan ab 1 €",
      from: [{ name: "ING Deutschland", address: "info@mailing.ing.de" }],
      rawHeaders: headers("ING Deutschland <info@mailing.ing.de>", pass("ing.de")),
      headers: { "list-unsubscribe": "<https://mailing.ing.de/u/1>" },
      text: "Mit einem ETF-Sparplan legen Sie ab 1 € im Monat an. Sicherheitshinweis: Wir fragen Sie niemals per E-Mail nach Zugangsdaten, PIN oder TAN.",
    });
    expect(ing.newsletter.value).toBe(true);
    const alert = analyse({
      subject: "Prices dropped for your trip to Lisbon",
      from: [{ name: "Google Flights", address: "noreply-travel@google.com" }],
      rawHeaders: headers("Google Flights <noreply-travel@google.com>", pass("google.com")),
      text: "Prices for your tracked flights dropped by €48. View flights: https://www.google.com/travel/flights\n\nYou received this email because you're tracking prices on Google Flights.",
    });
    expect(alert.newsletter.value).toBe(true);
  });
});

describe("the fourth blind set's causes", () => {
  const sparkasse = (address: string, name = "Sparkasse") =>
    analyse({
      subject: "Wichtig: Ihr S-pushTAN Verfahren muss erneuert werden",
      from: [{ name, address }],
      rawHeaders: headers(`${name} <${address}>`, pass(address.split("@")[1]!)),
      text: "Wenn Sie die Erneuerung nicht durchführen, wird Ihr Zugang gesperrt. Jetzt S-pushTAN erneuern: https://s-pushtan-erneuerung-2024.netlify.app/login",
    });

  test("a Sparkasse's domain names its region: sparkasse-pushtan-erneuerung.de is no Sparkasse's, haspa.de is", () => {
    expect(sparkasse("kundenservice@sparkasse-pushtan-erneuerung.de").spam.value).toBe(true);
    expect(sparkasse("kundenservice@sparkasse-koelnbonn.de").spam.value).toBe(false);
    const haspa = analyse({
      subject: "Neue Nachricht in Ihrem Postfach",
      from: [{ name: "Haspa – Hamburger Sparkasse", address: "service@haspa.de" }],
      rawHeaders: headers("Haspa <service@haspa.de>", pass("haspa.de")),
      text: "In Ihrem elektronischen Postfach liegt ein neues Dokument. Melden Sie sich wie gewohnt im Online-Banking an.",
    });
    expect(haspa.spam.value).toBe(false);
  });

  test("zero-width characters and Cyrillic look-alike letters in a display name do not hide the brand", () => {
    expect(sparkasse("kundenservice@pushtan-info.example", "\u0405parkasse").phishing?.reason.code).toBe("brand_impersonation");
    const paypal = analyse({
      subject: "Your account access has been l\u200bimited",
      from: [{ name: "Pay\u200bPal Service", address: "service@resolution-centre-pp.example" }],
      rawHeaders: headers("PayPal <service@resolution-centre-pp.example>", pass("resolution-centre-pp.example")),
      text: "We noticed unusual activity. Log in to resolve: https://paypal-resolution.vercel.app/signin",
    });
    expect(paypal.phishing?.reason).toEqual({ code: "brand_impersonation", vars: { brand: "PayPal", domain: "resolution-centre-pp.example" } });
    // A name written in Cyrillic stays as it is.
    expect(analyse({ from: [{ name: "Сергей Иванов", address: "sergej@example.net" }], text: "Привет, Анна!" }).spam.value).toBe(false);
  });

  test("a login page on a free host counts even from a sender whose own domain passed authentication", () => {
    const analysis = analyse({
      subject: "Ledger security incident",
      from: [{ name: "Security Team", address: "support@ledger-security-notice.example" }],
      rawHeaders: headers("Security Team <support@ledger-security-notice.example>", pass("ledger-security-notice.example")),
      text: "To protect your assets, verify your 24-word recovery phrase: https://ledger-firmware-update.webflow.io/recovery",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.urgency.value).toBeLessThan(3);
    const newsletter = analyse({
      subject: "Our docs moved",
      from: [{ name: "Tallybook", address: "news@tallybook.example" }],
      rawHeaders: headers("Tallybook <news@tallybook.example>", pass("tallybook.example")),
      headers: { "list-unsubscribe": "<https://tallybook.example/u>" },
      text: "Our documentation now lives at https://tallybook.github.io/docs. Happy invoicing!",
    });
    expect(newsletter.spam.value).toBe(false);
  });

  test("an archive whose password is in the text, new bank details with answers elsewhere, and a Bitcoin address are signs", () => {
    const inkasso = analyse({
      subject: "Letzte Mahnung vor gerichtlichem Mahnverfahren",
      from: [{ name: "Inkasso Zentrale", address: "forderung@inkasso-zentrale.example" }],
      rawHeaders: headers("Inkasso Zentrale <forderung@inkasso-zentrale.example>", pass("inkasso-zentrale.example")),
      text: "Die Forderungsaufstellung finden Sie im Anhang. Aus Datenschutzgründen ist das Dokument passwortgeschützt.\nPasswort: 4417",
      attachmentNames: ["Forderung_2024.zip"],
    });
    expect(inkasso.spam.value).toBe(true);
    const supplier = analyse({
      subject: "AW: Rechnung RE-2024-0711 / neue Bankverbindung",
      from: [{ name: "Sabine Krüger", address: "s.krueger@laborbedarf.example" }],
      replyTo: [{ name: "", address: "s.krueger.buchhaltung@outlook.example-mail.net" }],
      rawHeaders: headers("Sabine Krüger <s.krueger@laborbedarf.example>", pass("laborbedarf.example")),
      text: "bitte beachten Sie, dass sich unsere Bankverbindung geändert hat. Bitte überweisen Sie ausschließlich auf folgendes Konto: IBAN LT12 1000 0111 0100 1000.",
    });
    expect(supplier.spam.value).toBe(true);
    const blackmail = analyse({
      subject: "Sicherheitsproblem mit Ihrem Konto",
      text: "Ich habe ein Video von dir. Überweise 1450 EUR in Bitcoin an diese Adresse:\nbc1qx8jmkgnf36zy68d37l5pzv3d9m5s4dyt9zgaah\nDu hast 48 Stunden.",
    });
    expect(blackmail.spam.value).toBe(true);
    // A tracking token that looks like an address, in a newsletter's link, is none.
    const news = analyse({ subject: "Tech news", text: "Read more: https://news.example/r/11h8QQBqXB2HwGiUByjw2PB1s79R" });
    expect(news.spam.value).toBe(false);
  });
});

describe("the fifth blind set's causes", () => {
  test("a CEO fraud opener (in the office? confidential, cannot call, answer by mail only) is spam and never red", () => {
    const analysis = analyse({
      subject: "Dringend / vertraulich",
      from: [{ name: "Prof. Dr. Martin Albrecht", address: "praesidium.albrecht@gmx.net" }],
      rawHeaders: headers("Martin Albrecht <praesidium.albrecht@gmx.net>", pass("gmx.net")),
      text: "Hallo,\n\nsind Sie gerade im Büro? Ich brauche kurzfristig Ihre Unterstützung bei einer vertraulichen Angelegenheit. Ich bin in einer Sitzung und kann nicht telefonieren.\nBitte antworten Sie nur per E-Mail.",
    });
    expect(analysis.spam.value).toBe(true);
    expect(light(analysis)).not.toBe("red");
  });

  test("bank details asked for on a hosted form, a password 'expiring' on a hijacked WordPress site, a voicemail in a ZIP", () => {
    const refund = analyse({
      subject: "Energiepreisbremse: Rückerstattung von 286,40 €",
      from: [{ name: "Stadtwerke Kundenservice", address: "kundenservice@energie-rueckzahlung.example" }],
      rawHeaders: headers("Stadtwerke <kundenservice@energie-rueckzahlung.example>", pass("energie-rueckzahlung.example")),
      text: "Sie erhalten eine Rückerstattung von 286,40 €. Bitte geben Sie Ihre Bankverbindung an: https://forms.office.com/Pages/ResponsePage.aspx?id=x",
    });
    expect(refund.spam.value).toBe(true);
    const expiry = analyse({
      subject: "Action Required: Your mailbox password expires today",
      from: [{ name: "IT Helpdesk", address: "office@dental-care.example" }],
      rawHeaders: headers("IT Helpdesk <office@dental-care.example>", pass("dental-care.example")),
      text: "Microsoft 365\n\nThe password for your mailbox expires today. Keep current password: https://dental-care.example/wp-includes/js/mail/index.html",
    });
    expect(expiry.spam.value).toBe(true);
    const voicemail = analyse({
      subject: "New voicemail from +1 (312) 555-0176",
      from: [{ name: "VoiceMail Service", address: "voicemail@pbx-notify.example" }],
      rawHeaders: headers("VoiceMail <voicemail@pbx-notify.example>", pass("pbx-notify.example")),
      text: "You received a new voicemail. The recording is attached.",
      attachmentNames: ["VM_0176.zip"],
    });
    expect(voicemail.spam.value).toBe(true);
  });

  test("a supplier's changed bank details for all future payments, with answers elsewhere, is invoice fraud", () => {
    const analysis = analyse({
      subject: "RE: Invoice 40417 – updated remittance details",
      from: [{ name: "Accounts Receivable", address: "accounts@northfield-packaging.example" }],
      replyTo: [{ name: "", address: "accounts@northfield-packaging-uk.example" }],
      text: "Please note that our bank details have changed. Kindly use the following account for invoice 40417 and all future payments.",
    });
    expect(analysis.spam.value).toBe(true);
  });
});

describe("the sixth blind set's causes", () => {
  test("a hijacked supplier's reply linking to a password-protected archive is phishing", () => {
    const analysis = analyse({
      subject: "AW: Kostenvoranschlag Heizungswartung",
      from: [{ name: "Haustechnik Graf", address: "info@haustechnik-graf.example" }],
      rawHeaders: headers("Haustechnik Graf <info@haustechnik-graf.example>", pass("haustechnik-graf.example")),
      text: "Guten Tag,\n\nanbei der Kostenvoranschlag zum Download: https://dl.datei-depot.example/k/KV_Wartung.zip\nDas Kennwort lautet 7731.\n\nMit freundlichen Grüßen",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("an archive named as an invoice, or sent with changed bank details, is malware's wrapping even from an authenticated mailbox", () => {
    const named = analyse({
      subject: "Re: open items",
      from: [{ name: "Lena Ortiz", address: "l.ortiz@brightpath-tools.example" }],
      rawHeaders: headers("Lena Ortiz <l.ortiz@brightpath-tools.example>", pass("brightpath-tools.example")),
      text: "Hi, as requested, see attached.",
      attachmentNames: ["Invoice_copy_0442.zip"],
      hasAttachments: true,
    });
    expect(named.spam.value).toBe(true);
    const photos = analyse({
      subject: "Bilder vom Ausflug",
      from: [{ name: "Jonas", address: "jonas@familie-berg.example" }],
      rawHeaders: headers("Jonas <jonas@familie-berg.example>", pass("familie-berg.example")),
      text: "Hallo Anna, hier die Bilder vom Samstag als Zip.",
      attachmentNames: ["Ausflug_Bilder.zip"],
      hasAttachments: true,
    });
    expect(photos.spam.value).toBe(false);
  });

  test("a file 'shared with you' that links to no sharing service is a share lure; a friend's Drive link is not", () => {
    const branded = analyse({
      subject: "Ein Dokument wurde für Sie freigegeben",
      from: [{ name: "Praxis Lindner", address: "empfang@praxis-lindner.example" }],
      rawHeaders: headers("Praxis Lindner <empfang@praxis-lindner.example>", pass("praxis-lindner.example")),
      text: "Praxis Lindner hat eine Datei mit Ihnen geteilt: Befund.pdf\n\nÖffnen: https://lindner-docs.viewer-cloud.example/f/8812\n\nOneDrive",
    });
    expect(branded.spam.value).toBe(true);
    expect(branded.phishing?.value).toBe(true);
    const nameless = analyse({
      subject: "2 documents shared with you",
      from: [{ name: "Transfer", address: "noreply@filedrop-mail.example" }],
      rawHeaders: headers("Transfer <noreply@filedrop-mail.example>"),
      text: "You have 2 new documents waiting.\nDownload: https://filedrop-mail.example/d/22\nThe link will be deleted in 3 days.",
    });
    expect(nameless.spam.value).toBe(true);
    const friend = analyse({
      subject: "die Fotos",
      from: [{ name: "Mia", address: "mia.keller@posteo.de" }],
      rawHeaders: headers("Mia <mia.keller@posteo.de>", pass("posteo.de")),
      text: "Hi Anna, ich habe den Ordner mit dir geteilt: https://drive.google.com/drive/folders/1xYz?usp=sharing\nLG Mia",
    });
    expect(friend.spam.value).toBe(false);
  });

  test("a parcel asking for an address confirmation from a domain of service words, no carrier named, is phishing", () => {
    const analysis = analyse({
      subject: "Ihre Sendung liegt bereit",
      from: [{ name: "Paketinfo", address: "info@sendung-status-center.example" }],
      rawHeaders: headers("Paketinfo <info@sendung-status-center.example>", "Authentication-Results: mx.posteo.de; spf=pass smtp.mailfrom=sendung-status-center.example"),
      text: "Guten Tag,\n\nIhre Adressangaben sind unvollständig. Bitte bestätigen Sie Ihre Lieferadresse: https://sendung-status-center.example/a/11\n\nIhr Zustellteam",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a 'last reminder' threatening Inkasso with a link instead of the invoice is spam and never red; a real reminder with its PDF is not", () => {
    const fake = analyse({
      subject: "Letzte Mahnung: offene Forderung 2026-0912",
      from: [{ name: "Buchhaltung", address: "mahnwesen@rechnung-abteilung.example" }],
      rawHeaders: headers("Buchhaltung <mahnwesen@rechnung-abteilung.example>", pass("rechnung-abteilung.example")),
      text: "Sehr geehrte Kundin,\n\nzahlen Sie den offenen Betrag von 212,80 EUR heute. Andernfalls geht die Forderung an ein Inkassounternehmen und es erfolgt ein Schufa-Eintrag.\n\nForderung ansehen: https://rechnung-abteilung.example/f/0912",
    });
    expect(fake.spam.value).toBe(true);
    expect(light(fake)).not.toBe("red");
    const real = analyse({
      subject: "Zahlungserinnerung Rechnung 2026-77",
      from: [{ name: "Malerbetrieb Ohm", address: "buero@maler-ohm.example" }],
      rawHeaders: headers("Malerbetrieb Ohm <buero@maler-ohm.example>", pass("maler-ohm.example")),
      text: "Sehr geehrte Frau Berg,\n\nleider ist unsere Rechnung 2026-77 noch offen. Bitte überweisen Sie bis 30.6., sonst müssen wir ein Inkassobüro beauftragen. Die Rechnung hängt noch einmal an.\n\nMit freundlichen Grüßen",
      attachmentNames: ["Rechnung_2026-77.pdf"],
      hasAttachments: true,
    });
    expect(real.spam.value).toBe(false);
  });

  test("a Teams meeting whose join link goes elsewhere, from a login-named domain, is phishing", () => {
    const analysis = analyse({
      subject: "Einladung: Teams-Meeting Budgetfreigabe",
      from: [{ name: "Controlling", address: "controlling@meeting-login-portal.example" }],
      rawHeaders: headers("Controlling <controlling@meeting-login-portal.example>", "Authentication-Results: mx.posteo.de; spf=pass smtp.mailfrom=meeting-login-portal.example"),
      text: "Sie wurden zu einem Teams-Meeting eingeladen.\n\nJetzt teilnehmen: https://meeting-login-portal.example/j/55",
      isCalendar: true,
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("a picture and 'scan the QR code' from a sender nobody vouches for is phishing", () => {
    const analysis = analyse({
      subject: "Passwort-Zurücksetzung erforderlich",
      from: [{ name: "IT", address: "it@helpdesk-mail.example" }],
      rawHeaders: headers("IT <it@helpdesk-mail.example>", "Authentication-Results: mx.posteo.de; spf=none smtp.mailfrom=helpdesk-mail.example; dkim=none; dmarc=none"),
      text: "Bitte scannen Sie den QR-Code.",
      html: '<p><img src="cid:code@x" width="200"></p><p>Bitte scannen Sie den QR-Code.</p>',
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("a salary statement to review behind a link from a portal domain is phishing", () => {
    const analysis = analyse({
      subject: "Gehaltsanpassung 2026 – bitte prüfen",
      from: [{ name: "Personalabteilung", address: "hr@personal-portal.example" }],
      rawHeaders: headers("Personalabteilung <hr@personal-portal.example>", pass("personal-portal.example")),
      text: "Ihre Gehaltsanpassung steht zur Einsicht bereit: https://personal-portal.example/s/4",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a celebrity crypto story, an inheritance offer and a callback invoice sent through the payment service itself", () => {
    const crypto = analyse({
      subject: "Moderatorin verrät im Live-Interview ihr Geheimnis",
      from: [{ name: "Wirtschaft aktuell", address: "redaktion@wirtschaft-aktuell.example" }],
      rawHeaders: headers("Wirtschaft aktuell <redaktion@wirtschaft-aktuell.example>", pass("wirtschaft-aktuell.example")),
      text: "Mit nur 250 € Startkapital verdienen Leser 3.900 € pro Woche. Die Banken wollen das verhindern! https://trade-gewinn.example/r",
    });
    expect(crypto.spam.value).toBe(true);
    const inheritance = analyse({
      subject: "Erbschaftsfall – vertraulich",
      from: [{ name: "Notar Weiss", address: "notar.weiss.kanzlei@outlook.com" }],
      rawHeaders: headers("Notar Weiss <notar.weiss.kanzlei@outlook.com>", pass("outlook.com")),
      text: "Mein verstorbener Mandant hinterließ 4.200.000 Euro ohne Testament. Sie tragen denselben Nachnamen. Die Abwicklung ist 100 % legal.",
    });
    expect(inheritance.spam.value).toBe(true);
    const invoice = analyse({
      subject: "Invoice from Device Care Plus (0091)",
      from: [{ name: "service@paypal.com", address: "service@paypal.com" }],
      rawHeaders: headers("service@paypal.com", pass("paypal.com")),
      text: "Note from seller: If you did not authorize this payment, call our support desk at +1 (844) 555-0110 within 24 hours.",
    });
    expect(invoice.spam.value).toBe(true);
  });

  test("genuine mail with the same words stays ham: an order's delivery charge, an application as ZIP, a real Teams invitation, a share on SharePoint", () => {
    const order = analyse({
      subject: "Your order 5521 has shipped",
      from: [{ name: "Fernweh Books", address: "orders@fernweh-books.example" }],
      rawHeaders: headers("Fernweh Books <orders@fernweh-books.example>", pass("fernweh-books.example")),
      text: "Your package is on its way. Delivery charge: EUR 4.95. Track it: https://fernweh-books.example/track/5521",
    });
    const application = analyse({
      subject: "Bewerbung als Bauzeichnerin",
      from: [{ name: "Lea Brandt", address: "lea.brandt@web.de" }],
      rawHeaders: headers("Lea Brandt <lea.brandt@web.de>", pass("web.de")),
      text: "Sehr geehrte Damen und Herren,\n\nanbei meine Bewerbungsunterlagen als ZIP-Datei.\n\nMit freundlichen Grüßen\nLea Brandt",
      attachmentNames: ["Bewerbungsunterlagen_Brandt.zip"],
      hasAttachments: true,
    });
    const teams = analyse({
      subject: "Einladung: Teams-Besprechung Projektstart",
      from: [{ name: "Bernd Kollege", address: "bernd@firma.example" }],
      rawHeaders: headers("Bernd Kollege <bernd@firma.example>", pass("firma.example")),
      text: "Microsoft Teams-Besprechung\nJetzt teilnehmen: https://teams.microsoft.com/l/meetup-join/19%3ameeting\nAgenda: https://firma.example/wiki/projektstart",
      isCalendar: true,
    });
    const share = analyse({
      subject: "Pläne für Haus B",
      from: [{ name: "Bernd Kollege", address: "bernd@firma.example" }],
      rawHeaders: headers("Bernd Kollege <bernd@firma.example>", pass("firma.example")),
      text: "Hallo Anna, ich habe den Ordner mit dir geteilt: https://firma.sharepoint.com/:f:/s/HausB/Ek3\nGruß Bernd\n\nMicrosoft 365 Business",
    });
    for (const analysis of [order, application, teams, share]) expect(analysis.spam.value).toBe(false);
  });
});

/** Microsoft's Authentication-Results (Outlook.com, Exchange Online): no authserv-id, the DMARC policy only as the action taken. */
const microsoft = (results: string) => `Authentication-Results: ${results}`;
const microsoftPass = (domain: string) =>
  microsoft(
    `spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=${domain}; dkim=pass (signature was verified) header.d=${domain};dmarc=bestguesspass action=none header.from=${domain};compauth=pass reason=109`,
  );

describe("the seventh blind set's causes", () => {
  test("Microsoft's 'dmarc=fail action=none' is a p=none policy: a newsletter only its service signed is no forgery; 'action=oreject' is", () => {
    const results = (action: string) =>
      `Authentication-Results: spf=pass (sender IP is 198.2.180.12) smtp.mailfrom=mail12.mcsv.net; dkim=pass (signature was verified) header.d=mcsv.net;dmarc=fail action=${action} header.from=bookshop.example;compauth=softpass reason=201`;
    expect(authenticationOf(results("none"), "events@bookshop.example").failed).toBe(false);
    expect(authenticationOf(results("oreject"), "events@bookshop.example").failed).toBe(true);
    expect(authenticationOf(results("pct.quarantine"), "events@bookshop.example").failed).toBe(true);
  });

  test("'GLS Germany' as the display name of another domain is impersonation", () => {
    const analysis = analyse({
      subject: "Sendung 5738 – Adresse unvollständig",
      from: [{ name: "GLS Germany", address: "noreply@paketdienst-nord.example" }],
      rawHeaders: headers("GLS Germany <noreply@paketdienst-nord.example>", microsoftPass("paketdienst-nord.example")),
      text: "Bitte bestätigen Sie Ihre Adresse: https://paketdienst-nord.example/a/5738",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("'sichern Sie Ihr Konto' is a request for credentials: a sign-in alert naming a bank from a domain of service words is phishing", () => {
    const analysis = analyse({
      subject: "Neue Anmeldung festgestellt",
      from: [{ name: "Sicherheit", address: "info@konto-hilfe.example" }],
      rawHeaders: headers("Sicherheit <info@konto-hilfe.example>", microsoftPass("konto-hilfe.example")),
      text: "Wir haben eine Anmeldung bei Ihrem N26-Konto von einem neuen Gerät festgestellt. Wenn Sie das nicht waren, sichern Sie Ihr Konto sofort: https://konto-hilfe.example/s",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a file said to lie in 'our OneDrive' behind a link to no sharing service is a share lure; the same words with a SharePoint link are not", () => {
    const lure = analyse({
      subject: "AW: Angebot Carport",
      from: [{ name: "Holzbau Kern", address: "info@holzbau-kern.example" }],
      rawHeaders: headers("Holzbau Kern <info@holzbau-kern.example>", pass("holzbau-kern.example")),
      text: "Hallo Frau Berg,\n\ndas Angebot liegt in unserem OneDrive: https://kern-files.docs-cloud.example/a/7\n\nGruß",
    });
    expect(lure.spam.value).toBe(true);
    expect(lure.phishing?.value).toBe(true);
    const real = analyse({
      subject: "AW: Angebot Carport",
      from: [{ name: "Holzbau Kern", address: "info@holzbau-kern.example" }],
      rawHeaders: headers("Holzbau Kern <info@holzbau-kern.example>", pass("holzbau-kern.example")),
      text: "Hallo Frau Berg,\n\ndas Angebot liegt in unserem OneDrive: https://holzbaukern-my.sharepoint.com/:b:/g/personal/angebot\n\nGruß",
    });
    expect(real.spam.value).toBe(false);
  });

  test("a missed delivery with 'neuen Termin wählen' behind a shortener, from a hijacked freemail account, is spam", () => {
    const analysis = analyse({
      subject: "Zustellversuch",
      from: [{ name: "", address: "k.lange1980@web.de" }],
      rawHeaders: headers("k.lange1980@web.de", pass("web.de")),
      text: "Hallo, leider konnten wir Ihr Paket heute nicht zustellen. Neuen Termin wählen: https://bit.ly/3xYz12",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a bonus review invitation behind a link from an outside domain is a payroll lure", () => {
    const analysis = analyse({
      subject: "Invitation: Q3 Bonus Review",
      from: [{ name: "People Team", address: "people@staff-notice.example" }],
      rawHeaders: headers("People Team <people@staff-notice.example>", microsoftPass("staff-notice.example")),
      text: "Please review your bonus letter before the meeting: https://staff-notice.example/bonus",
      isCalendar: true,
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a salary invitation whose link is only in the calendar invitation, from a portal domain with digits stuck to the word, is spam; a firm's own invitation is not", () => {
    const lure = analyse({
      subject: "Einladung: Gehaltsanpassung 2026 – Bestätigung erforderlich",
      from: [{ name: "Personalabteilung", address: "hr@personal-portal365.example" }],
      rawHeaders: headers(
        "Personalabteilung <hr@personal-portal365.example>",
        "Authentication-Results: spf=pass (sender IP is 192.0.2.9) smtp.mailfrom=personal-portal365.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=personal-portal365.example;compauth=fail reason=601",
      ),
      text: "Bitte bestätigen Sie vorab Ihre Gehaltsabrechnung über den Link in der Einladung.",
      isCalendar: true,
    });
    expect(lure.spam.value).toBe(true);
    const firm = analyse({
      subject: "Einladung: Gehaltsanpassung 2026",
      from: [{ name: "Petra Personal", address: "petra@firma.example" }],
      rawHeaders: headers("Petra Personal <petra@firma.example>", pass("firma.example")),
      text: "Hallo Anna, lass uns über deine Gehaltsanpassung sprechen. Raum 3.12.",
      isCalendar: true,
    });
    expect(firm.spam.value).toBe(false);
  });

  test("the soldier's romance, the dying widow's donation and a renewal 'charged' with a number to call are scam stories, from authenticated freemail too", () => {
    const romance = analyse({
      subject: "hello dear",
      from: [{ name: "Sgt. Tom Reyes", address: "tom.reyes1971@hotmail.com" }],
      rawHeaders: headers("Sgt. Tom Reyes <tom.reyes1971@hotmail.com>", pass("hotmail.com")),
      text: "i saw your profile, you are lovely. I am a US soldier serving in Syria, widowed. I have a box with funds to send you for safe keeping.",
    });
    const donor = analyse({
      subject: "Eine Spende für Sie",
      from: [{ name: "Frau Ingrid Holm", address: "ingrid.holm1950@gmail.com" }],
      rawHeaders: headers("Frau Ingrid Holm <ingrid.holm1950@gmail.com>", pass("gmail.com")),
      text: "Ich bin eine Witwe von 76 Jahren und leide an Krebs. Ich möchte mein Vermögen für wohltätige Zwecke einer vertrauenswürdigen Person geben.",
    });
    const callback = analyse({
      subject: "Order Confirmation #77120",
      from: [{ name: "Billing", address: "billing.desk.7712@gmail.com" }],
      rawHeaders: headers("Billing <billing.desk.7712@gmail.com>", pass("gmail.com")),
      text: "Thank you for renewing your subscription. Your account has been charged $399.00. To cancel and get a refund, call us at +1 (808) 555-0143.",
    });
    for (const analysis of [romance, donor, callback]) expect(analysis.spam.value).toBe(true);
  });

  test("genuine mail with some of the same words stays ham: a renewal receipt, a condolence, a delivery rescheduled by a shop", () => {
    const receipt = analyse({
      subject: "Your subscription has been renewed",
      from: [{ name: "Notely", address: "billing@notely.example" }],
      rawHeaders: headers("Notely <billing@notely.example>", pass("notely.example")),
      text: "Your Notely Pro subscription has been renewed for another year. Your card has been charged €39.00. Manage your plan: https://notely.example/account",
    });
    const condolence = analyse({
      subject: "Oma",
      from: [{ name: "Jonas", address: "jonas@familie-berg.example" }],
      rawHeaders: headers("Jonas <jonas@familie-berg.example>", pass("familie-berg.example")),
      text: "Hallo Anna, seit Opas Tod ist Oma Witwe und oft allein. Magst du sie am Sonntag mit mir besuchen?",
    });
    const furniture = analyse({
      subject: "Ihre Lieferung Sofa Linnea",
      from: [{ name: "Möbelhaus Weber", address: "service@moebel-weber.example" }],
      rawHeaders: headers("Möbelhaus Weber <service@moebel-weber.example>", pass("moebel-weber.example")),
      text: "Guten Tag, unsere Spedition konnte Sie gestern nicht antreffen. Bitte neuen Liefertermin vereinbaren: https://moebel-weber.example/termin/5521",
    });
    for (const analysis of [receipt, condolence, furniture]) expect(analysis.spam.value).toBe(false);
  });
});

describe("the eighth blind set's causes", () => {
  const PREHEADER = '<div style="display:none;max-height:0px;overflow:hidden;mso-hide:all;">Zwei Minuten, die uns helfen</div>';
  const PIXEL = '<img src="https://t.kaufhaus-linde.example/o/8f2k.gif" width="1" height="1" alt="">';
  const survey = (html: string) =>
    analyse({
      subject: "Wie zufrieden waren Sie mit Ihrer Bestellung?",
      from: [{ name: "Kaufhaus Linde", address: "service@umfrage.kaufhaus-linde.example" }],
      rawHeaders: headers("Kaufhaus Linde <service@umfrage.kaufhaus-linde.example>", pass("kaufhaus-linde.example")),
      text: "Bitte bewerten Sie Ihren Einkauf, es dauert nur zwei Minuten: https://kaufhaus-linde.example/umfrage\n\nNewsletter abbestellen: https://kaufhaus-linde.example/abmelden",
      html,
    });

  test("an unsubscribe footer in HTML built as a campaign (hidden preheader or tracking pixel) is a mailing without any list header", () => {
    const body = '<table><tr><td><p>Bitte bewerten Sie Ihren Einkauf.</p><p><a href="https://kaufhaus-linde.example/abmelden">Newsletter abbestellen</a></p></td></tr></table>';
    for (const markup of [PREHEADER, PIXEL]) {
      const analysis = survey(`<html><body>${markup}${body}</body></html>`);
      expect(analysis.newsletter.value).toBe(true);
      expect(analysis.newsletter.reason.code).toBe("unsubscribe_link");
      expect(analysis.spam.value).toBe(false);
    }
    // The same footer in plain HTML is not enough on its own: a shop's one-to-one mail carries it too.
    expect(survey(`<html><body>${body}</body></html>`).newsletter.value).toBe(false);
  });

  test("campaign-built HTML without an unsubscribe footer stays a notification: shipping and account mail use the same builders", () => {
    const analysis = analyse({
      subject: "Ihr Paket kommt heute",
      from: [{ name: "Kaufhaus Linde", address: "versand@kaufhaus-linde.example" }],
      rawHeaders: headers("Kaufhaus Linde <versand@kaufhaus-linde.example>", pass("kaufhaus-linde.example")),
      text: "Ihre Bestellung 50213 wird heute zwischen 10 und 13 Uhr zugestellt. Sendungsverfolgung: https://kaufhaus-linde.example/s/50213",
      html: `<html><body>${PREHEADER}${PIXEL}<p>Ihre Bestellung 50213 wird heute zugestellt.</p></body></html>`,
    });
    expect(analysis.newsletter.value).toBe(false);
    expect(analysis.spam.value).toBe(false);
  });
});

describe("real phishing collections' causes (judged without the receiving server's headers)", () => {
  const giveaway = {
    subject: "Herzlichen Glückwunsch! Ihre Chance auf 500 € von ROSSMANN!",
    from: [{ name: "Rossmann", address: "service@freunde-portal.example" }],
    headers: { "list-unsubscribe": "<https://freunde-portal.example/u>" },
    text: "Hallo anna@example.org,\n\nSie sind einer unserer möglichen Finalisten für eine Geschenkkarte im Wert von 500 €.\n\nJetzt Teilnahme bestätigen: https://blog.gewinn-weiter.example/k2JP",
  };

  test("a giveaway in a shop's name from another domain is spam, list headers or not; the shop's own raffle newsletter is not", () => {
    const scam = analyse({ ...giveaway, rawHeaders: headers("Rossmann <service@freunde-portal.example>") });
    expect(scam.spam.value).toBe(true);
    expect(scam.spam.reason.code).toBe("prize_bait");
    expect(scam.newsletter.value).toBe(false);
    // The shop's own newsletter, its name its domain's, with no authentication known: a raffle is no scam.
    const raffle = analyse({
      subject: "Gewinnspiel: Gewinne 1 von 10 Geschenkkarten im Wert von 100 €!",
      from: [{ name: "Küchenwelt Berger", address: "newsletter@kuechenwelt-berger.example" }],
      headers: { "list-unsubscribe": "<https://kuechenwelt-berger.example/u>" },
      rawHeaders: headers("Küchenwelt Berger <newsletter@kuechenwelt-berger.example>"),
      text: "Mitmachen bis 24.12.: https://kuechenwelt-berger.example/gewinnspiel\n\nTeilnahmebedingungen: https://kuechenwelt-berger.example/agb",
    });
    expect(raffle.spam.value).toBe(false);
    expect(raffle.newsletter.value).toBe(true);
  });

  test("letters of another alphabet hidden in Latin words are undone and named: the disguised giveaway is still read", () => {
    // Cyrillic а and е, and the dotless ı, in the words a filter would look for.
    const analysis = analyse({
      subject: "Gratis Balea Probierpaket ım Wеrt von 50€",
      from: [{ name: "Beauty-Aktion", address: "info@probe-paket.example" }],
      text: "Sie gehören zu unseren möglichen Finаlisten. Jetzt Paket sichern: https://wear-prodct.example/?a=1",
    });
    expect(analysis.spam.value).toBe(true);
    const withoutDisguise = analyse({ subject: "Probierpaket", from: [{ name: "Beauty-Aktion", address: "info@probe-paket.example" }], text: "Ein Paket für Sie." });
    expect(withoutDisguise.spam.value).toBe(false);
  });

  test("three things typical spam sells are spam from an unknown sender; two from a vouched shop are not", () => {
    const text = "Forscher beweisen: Diäten sind sinnlos. Mit KetoXplode verlieren Sie Bauchfett im Schlaf, empfohlen aus der Höhle der Löwen: https://easilett.example/cl/27";
    const spam = analyse({ subject: "Effektive Behandlung für den Bauch", from: [{ name: "Ketoxplode", address: "service@freunde-portal.example" }], text });
    expect(spam.spam.value).toBe(true);
    expect(spam.spam.reason.code).toBe("spam_offer");
    const shop = analyse({
      subject: "Neu im Sortiment: Keto-Riegel",
      from: [{ name: "Reformhaus Kern", address: "news@reformhaus-kern.example" }],
      headers: { "list-unsubscribe": "<https://reformhaus-kern.example/u>" },
      rawHeaders: headers("Reformhaus Kern <news@reformhaus-kern.example>", pass("reformhaus-kern.example")),
      text: "Unsere neuen Keto-Riegel und ein Ratgeber zu Diäten: https://reformhaus-kern.example/keto",
    });
    expect(shop.spam.value).toBe(false);
  });

  test('"RE:" on a message that answers nothing counts; a real reply with In-Reply-To does not', () => {
    const base = { subject: "RE: Ihre Nachricht", from: [{ name: "Jana", address: "jana@unbekannt.example" }], text: "Wie besprochen, hier der Link: https://unbekannt.example/x" };
    const fake = analyse({ ...base, rawHeaders: headers("Jana <jana@unbekannt.example>") });
    // Weak alone: named as the suspicion, not enough for spam.
    expect(fake.phishing?.reason.code).toBe("fake_reply");
    expect(fake.spam.value).toBe(false);
    const real = analyse({ ...base, rawHeaders: headers("Jana <jana@unbekannt.example>", "In-Reply-To: <1@example.org>") });
    expect(real.phishing?.reason.code).not.toBe("fake_reply");
  });
});

describe("real phishing collections' causes, second look", () => {
  test("the bait in the name shown, a greeting by address and a form letter's empty placeholder add up; a friend greeting by name does not", () => {
    const scam = analyse({
      subject: "RE: iPhone 15 Pro für {firstname}",
      from: [{ name: "Ihr Gewinnerteam", address: "service@freunde-portal.example" }],
      headers: { "list-unsubscribe": "<https://freunde-portal.example/u>" },
      rawHeaders: headers("Ihr Gewinnerteam <service@freunde-portal.example>"),
      text: `Hallo ${OWN},\n\nSie sind unser möglicher Exklusiv Gewinner! Jetzt bestätigen: https://fullnf.example/4dqy`,
    });
    expect(scam.spam.value).toBe(true);
    const friend = analyse({
      subject: "Fotos vom Wochenende",
      from: [{ name: "Jana", address: "jana@posteo.example" }],
      rawHeaders: headers("Jana <jana@posteo.example>", "In-Reply-To: <1@example.org>"),
      text: "Hallo Anna,\n\nhier die Fotos: https://cloud.posteo.example/s/abc\n\nJana",
    });
    expect(friend.spam.value).toBe(false);
    expect(friend.phishing?.value).toBe(false);
  });

  test("a help desk's subdomain that passed authentication names nobody: a wallet verification sent through it is phishing", () => {
    const analysis = analyse({
      subject: "Urgent: Verify Your Wallet to Prevent Suspension",
      from: [{ name: "Act fast", address: "help@ohalyycp.zendesk.com" }],
      rawHeaders: headers("Act fast <help@ohalyycp.zendesk.com>", pass("zendesk.com")),
      text: "We need your immediate attention! To prevent any suspension, verify your wallet now: https://trust-wallet-sync.example/verify",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("a product-tester offer in a brand's name and a casino bonus with free spins are spam from nobody vouched for", () => {
    const tester = analyse({
      subject: "Ben & Jerry's Produkt Tester für 1 Jahr!",
      from: [{ name: "Ihr Gewinnerteam", address: "service@freunde-portal.example" }],
      text: "Hallo, Sie wurden ausgewählt und haben heute die Chance, ein Jahr lang Produkttester zu werden: https://easilett.example/cl/160",
    });
    expect(tester.spam.value).toBe(true);
    const casino = analyse({
      subject: "Jemand hat dir Zugang geschickt",
      from: [{ name: "Persönlich", address: "noreply@valorstack.example" }],
      text: "KI-Tool gratis + €3.000 — nur €10 Einzahlung. €3.000 BONUS + 250 FREISPIELE. Jetzt spielen: https://sportuna.example/go",
    });
    expect(casino.spam.value).toBe(true);
    expect(casino.spam.reason.code).toBe("spam_offer");
  });
});

describe("real phishing collections' causes, third look", () => {
  test("a display name ending in another organisation's address is phishing; a forwarder's 'address [via Relay]' is not", () => {
    const text = "We noticed a sign-in attempt to your account. Login your account to avoid shutdown: https://mail-secure.example/login";
    const spoof = analyse({ subject: "Account shutdown", from: [{ name: "Mail Alert notification@kontoservice.example", address: "taoheed.l1984@gmail.com" }], text });
    expect(spoof.spam.value).toBe(true);
    expect(spoof.phishing?.value).toBe(true);
    expect(spoof.phishing?.reason.code).toBe("name_shows_address");
    const relayed = analyse({
      subject: "Unser Treffen",
      from: [{ name: "jana@posteo.example [via Relay]", address: "relay-7f3@mozmail.example" }],
      text: "Hallo Anna, passt dir Donnerstag? Jana",
    });
    expect(relayed.spam.value).toBe(false);
    expect(relayed.phishing?.value).toBe(false);
  });

  test("pictures from a public image host in mail from nobody vouched for count; a friend's single picture link alone does not make spam", () => {
    const built = analyse({
      subject: "Wir wollen unsere Kunden unterstützen",
      from: [{ name: "Europa Park", address: "info@freizeit-news.example" }],
      headers: { "list-unsubscribe": "<https://freizeit-news.example/u>" },
      text: `[https://www.zupimages.net/up/23/49/874c.png]\nhttps://topmarktingplace.example/4RBj\n\nHallo ${OWN},\n\ndies ist unser letzter Versuch, Sie zu erreichen.`,
    });
    expect(built.spam.value).toBe(true);
    const friend = analyse({ subject: "Schau mal", from: [{ name: "Jana", address: "jana@posteo.example" }], text: "Hallo Anna, unser Hund im Schnee: https://i.imgur.com/abc.png\n\nJana" });
    expect(friend.spam.value).toBe(false);
  });

  test("letters of the mathematical alphabets read as plain ones and count as a disguise from nobody vouched for", () => {
    const styled = analyse({
      subject: "𝖦𝖾𝗐𝗂𝗇𝗇𝗌𝗉𝗂𝖾𝗅: 𝖶𝖬𝖥 Topf-Set",
      from: [{ name: "Metro Deutschland", address: "service@freunde-portal.example" }],
      text: "Jetzt mitmachen: https://ins.dury.example/OGFF",
    });
    // Read as "gewinnspiel" (the bait) and named as a disguise: together spam.
    expect(styled.spam.value).toBe(true);
    const plain = analyse({ subject: "WMF Topf-Set", from: [{ name: "Metro Deutschland", address: "service@freunde-portal.example" }], text: "Jetzt mitmachen: https://ins.dury.example/OGFF" });
    expect(plain.spam.value).toBe(false);
    const vouched = analyse({
      subject: "𝗦𝗔𝗟𝗘: 20 % auf alles",
      from: [{ name: "Modehaus Berger", address: "news@modehaus-berger.example" }],
      headers: { "list-unsubscribe": "<https://modehaus-berger.example/u>" },
      rawHeaders: headers("Modehaus Berger <news@modehaus-berger.example>", pass("modehaus-berger.example")),
      text: "Nur dieses Wochenende: https://modehaus-berger.example/sale",
    });
    expect(vouched.spam.value).toBe(false);
  });
});

describe("real phishing collections' causes, a blind sample", () => {
  test("a renewal nobody ordered with a number to call is the callback scam, even from an authenticated domain; a real renewal notice is not", () => {
    const scam = analyse({
      subject: "[BILLING ATTACHED] Your Norton Invoice – Order Confirmation #NP88Z/11284848",
      from: [{ name: "Order- Processing Team", address: "billing@ds.shop-orders.example" }],
      rawHeaders: headers("Order- Processing Team <billing@ds.shop-orders.example>", pass("ds.shop-orders.example")),
      text: "INVOICE RECEIPT\nHello,\n\nThis is an automated confirmation that your Norton Ultimate Plus plan has been renewed for another 12 months. A charge of $299.00 has been applied to your account.\n\nIf this charge was unexpected, please contact our Automated Billing Response Line within 24 hours.\n\nSupport Line: +1 (828) 280 7472",
    });
    expect(scam.spam.value).toBe(true);
    expect(scam.phishing?.value).toBe(true);
    const real = analyse({
      subject: "Ihr Abo wurde verlängert",
      from: [{ name: "Stadtbibliothek", address: "konto@stadtbibliothek.example" }],
      rawHeaders: headers("Stadtbibliothek <konto@stadtbibliothek.example>", pass("stadtbibliothek.example")),
      text: "Hallo Anna,\n\nIhr Jahresabo wurde verlängert. Wir haben 24,00 EUR abgebucht.\n\nIhre Stadtbibliothek",
    });
    expect(real.spam.value).toBe(false);
  });

  test("an airdrop to claim is the wallet drainer's giveaway; an exchange's own newsletter may announce one", () => {
    const drainer = analyse({
      subject: "BLUR: Claim Your Rewards Before Season 2 Ends",
      from: [{ name: "Final Reminder", address: "hello@punchworks.example" }],
      text: "Claim your airdrop now: https://as-media.example/maljet",
    });
    expect(drainer.spam.value).toBe(true);
    const exchange = analyse({
      subject: "Neu im Newsletter: Airdrops im Dezember",
      from: [{ name: "Krypto-Börse", address: "news@boerse.example" }],
      headers: { "list-unsubscribe": "<https://boerse.example/u>" },
      rawHeaders: headers("Krypto-Börse <news@boerse.example>", pass("boerse.example")),
      text: "Diese Woche: welche Airdrops anstehen und wie Sie Ihre Rewards im Konto sehen. https://boerse.example/blog",
    });
    expect(exchange.spam.value).toBe(false);
  });

  test("a sender field naming several addresses is a disguise: the first one shown is the sender's free choice", () => {
    // '"Transport@GLS.de", <service@stayfriends.de>': the quoted name is read as an address of its own.
    const text = "Sehr geehrter Kunde, Ihr Paket konnte nicht zugestellt werden. Details finden Sie in Ihrem Kundenkonto.";
    const disguised = analyse({
      subject: "GLS-Benachrichtigung über fehlgeschlagene Zustellung",
      from: [
        { name: "", address: "Transport@GLS.example" },
        { name: "", address: "service@friends.example" },
      ],
      text,
    });
    expect(disguised.spam.value).toBe(true);
    expect(disguised.phishing?.value).toBe(true);
    expect(disguised.phishing?.reason).toEqual({ code: "several_senders", vars: { address: "Transport@GLS.example" } });
    const single = analyse({ subject: "Ihre Zustellung", from: [{ name: "", address: "service@friends.example" }], text });
    expect(single.spam.value).toBe(false);
  });

  test("a comma outside quotes in the sender's name is a sign of spam; quoted, as in 'Nachname, Vorname', it is not", () => {
    const offer = {
      subject: "Ihre Meinung zählt",
      text: "Nehmen Sie an unserer kurzen Umfrage teil und sichern Sie sich Ihre Prämie: https://umfrage-aktion.example/start",
    };
    const split = analyse({
      ...offer,
      from: [{ name: "Verbraucher-Belohnungen, Team", address: "service@friends.example" }],
      rawHeaders: headers("Verbraucher-Belohnungen, Team <service@friends.example>"),
    });
    expect(split.spam.value).toBe(true);
    // Quoted, as every mail program writes "Nachname, Vorname": the same mail is not spam.
    const quoted = analyse({
      ...offer,
      from: [{ name: "Verbraucher-Belohnungen, Team", address: "service@friends.example" }],
      rawHeaders: headers('"Verbraucher-Belohnungen, Team" <service@friends.example>'),
    });
    expect(quoted.spam.value).toBe(false);
    expect(split.spam.reason.code).toBe("sender_name_split");
    expect(split.phishing?.value).toBe(false); // a sign of spam, not a warning of its own
    // The same mail from the name without its comma is not spam: the split name is what tipped it.
    const whole = analyse({
      ...offer,
      from: [{ name: "Verbraucher-Belohnungen Team", address: "service@friends.example" }],
      rawHeaders: headers("Verbraucher-Belohnungen Team <service@friends.example>"),
    });
    expect(whole.spam.value).toBe(false);
  });

  test("a brand's name with no address behind it is impersonation", () => {
    const analysis = analyse({
      subject: "Bevestiging van verzending: uw bestelling is onderweg",
      from: [{ name: "Fedex Pakket", address: "" }],
      rawHeaders: ["From: Fedex Pakket <>", `To: ${OWN}`].join("\r\n"),
      text: "Er was een adresfout. Werk uw adres bij: https://storage.example/newera1/index.html",
    });
    expect(analysis.phishing?.value).toBe(true);
    expect(analysis.phishing?.reason.code).toBe("brand_impersonation");
  });

  test("a domain with no DMARC policy of its own (Microsoft's 'bestguesspass') is identified but does not answer for spam's signs", () => {
    const results = (dmarc: string) =>
      `Authentication-Results: spf=pass (sender IP is 192.0.2.7) smtp.mailfrom=conam-news.example; dkim=none (message not signed) header.d=none;dmarc=${dmarc} action=none header.from=conam-news.example;compauth=pass reason=109`;
    expect(authenticationOf(results("bestguesspass"), "info@conam-news.example")).toMatchObject({ aligned: true, noPolicy: true });
    expect(authenticationOf(results("pass"), "info@conam-news.example")).toMatchObject({ aligned: true, noPolicy: false });
    const mail = (dmarc: string) =>
      analyse({
        subject: "Ihre Energierechnung halbiert",
        from: [{ name: "Energie-Insider", address: "info@conam-news.example" }],
        rawHeaders: headers("Energie-Insider <info@conam-news.example>", results(dmarc)),
        text: `Hallo ${OWN},\n\n[https://i.imgur.com/x1.png]\nhttps://grupo-o.example/wserw/r.php`,
      });
    expect(mail("bestguesspass").spam.value).toBe(true);
    expect(mail("pass").spam.value).toBe(false);
  });

  test("a name 'matching' a sender domain that has no dot is no shop's own raffle", () => {
    const analysis = analyse({
      subject: "Einkaufsgutschein im Wert von 250 €",
      from: [{ name: "netto", address: "noreply@netto" }],
      text: "SIE WURDEN ZUM GEWINNEN AUSGEWÄHLT!\nEinkaufsgutschein im Wert von 250 €\nJetzt teilnehmen: https://healthspherespace.example/n",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a link to a host written as one number is an IP address in disguise, from any sender", () => {
    const analysis = analyse({
      subject: "Last Opportunity: Confirm Renewal or Lose Cloud Storage",
      from: [{ name: "Cloud Storage", address: "alert@cloudstorage-notice.example" }],
      headers: { "list-unsubscribe": "<https://cloudstorage-notice.example/u>" },
      text: "Your photos and videos will be lost.\nRenew now: http://010036057335/renew",
    });
    expect(analysis.spam.value).toBe(true);
    expect(analysis.phishing?.value).toBe(true);
  });

  test("letters of the mathematical alphabets in the sender's domain are a disguise, whoever vouches", () => {
    const analysis = analyse({
      subject: "Noch aktiv: 275% + Freispiele",
      from: [{ name: "Bonus Maschine", address: "panel@𝐟𝐮𝐧𝐛𝐞𝐭-client-96487954.de" }],
      replyTo: [{ name: "", address: "support@salzerkoch.example" }],
      text: "275% bis zu 2700€ +330 Freispiele: http://airax.example/4wBYPR",
    });
    expect(analysis.spam.value).toBe(true);
  });

  test("a casino's 'keine Einzahlung', welcome package and slot machines, and an IPTV offer's channel count, are spam's offers", () => {
    const casino = analyse({
      subject: "200 Freispiele gratis – keine Einzahlung nötig!",
      from: [{ name: "Ihr QBet-Willkommensgeschenk", address: "offers@u.offers4u777.example" }],
      headers: { "list-unsubscribe": "<https://u.offers4u777.example/u>" },
      text: "Erhalte 200 Freispiele bei der Registrierung! Keine Einzahlung erforderlich. Spiele unsere beliebtesten Spielautomaten: https://offes.example/go",
    });
    expect(casino.spam.value).toBe(true);
    const iptv = analyse({
      subject: "Erhalten Sie 50 % Rabatt auf Ihr IPTV-Abonnement",
      from: [{ name: "IPTV Deals Hub", address: "tv@autoworkscoll.example" }],
      text: "Genieße über 10.000 Live-TV-Kanäle in HD. Nur 9,99 €/Monat: https://tv.example/go\n\n© {{CompanyName}}",
    });
    expect(iptv.spam.value).toBe(true);
  });

  test("potency spam's English words count as its German ones do", () => {
    const analysis = analyse({
      subject: "Stay Hard for Hours — Naturally",
      from: [{ name: "Men’s Secret Weapon", address: "no-reply@cve7-487318.firebaseapp.com" }],
      text: "This discreet trick is turning men into sex gods. No pills, no male enhancement scams: https://fivetops.example/go",
    });
    expect(analysis.spam.value).toBe(true);
  });
});

describe("real phishing collections' causes, a fourth and a fifth blind sample", () => {
  test("an airdrop and claimables, or a wallet pending verification, are the wallet drainer's bait even from a domain that passed authentication", () => {
    const airdrop = analyse({
      subject: "Catch the next airdrop",
      from: [{ name: "Chainwise", address: "promo@eng.gourmet-boxes.example" }],
      rawHeaders: headers("Chainwise <promo@eng.gourmet-boxes.example>", pass("eng.gourmet-boxes.example")),
      text: "We've curated airdrops across major chains. Before you continue, check whether any claims are ready: Verify claimables https://gourmet-boxes.example/r/1",
    });
    expect(airdrop.spam.value).toBe(true);
    expect(airdrop.phishing?.value).toBe(true);
    expect(airdrop.phishing?.reason.code).toBe("crypto_bait");
    const wallet = analyse({
      subject: "Kontobestätigung erforderlich",
      from: [{ name: "Wallet Team", address: "support@desk.walletcare.example" }],
      rawHeaders: headers("Wallet Team <support@desk.walletcare.example>", pass("walletcare.example")),
      text: "Ihre Wallet ist noch nicht verifiziert. Wallet jetzt verifizieren, sonst wird sie eingeschränkt. Unverified wallets will be disabled: https://walletcare.example/v",
    });
    expect(wallet.spam.value).toBe(true);
  });

  test("one AirDrop in a friend's mail, or airdrops in a signed crypto newsletter, are not the bait", () => {
    const friend = analyse({
      subject: "Fotos vom Wochenende",
      from: [{ name: "Jonas Weber", address: "jonas@weber-familie.example" }],
      rawHeaders: headers("Jonas Weber <jonas@weber-familie.example>", pass("weber-familie.example")),
      text: "Hi Anna, ich schick dir die Fotos gleich per AirDrop, wenn wir uns sehen. Hier schon mal eins: https://photos.weber-familie.example/1",
    });
    expect(friend.spam.value).toBe(false);
    const newsletter = analyse({
      subject: "This week: airdrops, claimables and the wallet checklist",
      from: [{ name: "Chain Weekly", address: "news@chainweekly.example" }],
      headers: { "list-unsubscribe": "<https://chainweekly.example/u>" },
      rawHeaders: headers("Chain Weekly <news@chainweekly.example>", pass("chainweekly.example")),
      text: "Three airdrops to watch, and how claimables work: https://chainweekly.example/issue/42",
    });
    expect(newsletter.spam.value).toBe(false);
  });

  test("a display name that is only a brand's short name is the brand's when the text names it in full", () => {
    const text = "Dear Ledger User, your device needs to be synchronized with our updated network to keep using Ledger Live: https://sync.example/begin";
    const fake = analyse({
      subject: "Preparing for the next generation of security",
      from: [{ name: "Ledger", address: "customerservice@finance-books.example" }],
      rawHeaders: headers("Ledger <customerservice@finance-books.example>", pass("finance-books.example")),
      text,
    });
    expect(fake.phishing?.value).toBe(true);
    expect(fake.phishing?.reason).toEqual({ code: "brand_impersonation", vars: { brand: "Ledger", domain: "finance-books.example" } });
    const paper = analyse({
      subject: "Today's markets",
      from: [{ name: "The Morning Ledger", address: "news@paper.example" }],
      rawHeaders: headers("The Morning Ledger <news@paper.example>", pass("paper.example")),
      text: "Good morning. Hardware wallets such as the Ledger Nano sold out this week.",
    });
    expect(paper.spam.value).toBe(false);
  });

  test("a struck-through sender name reads as its letters and is a disguise from a sender nobody vouches for, not in a vouched shop's price", () => {
    const scam = analyse({
      subject: "Has sido seleccionado",
      from: [{ name: "C\u0337a\u0337r\u0337r\u0337e\u0337f\u0337o\u0337u\u0337r\u0337", address: "admin@king.grfx.example" }],
      text: "https://king.grfx.example/p",
    });
    expect(scam.phishing?.reason.code).toBe("mixed_script");
    const shop = analyse({
      subject: "Nur heute: 49 \u20ac statt 9\u03369\u0336 \u20ac",
      from: [{ name: "Gartenhaus Shop", address: "news@gartenhaus.example" }],
      headers: { "list-unsubscribe": "<https://gartenhaus.example/u>" },
      rawHeaders: headers("Gartenhaus Shop <news@gartenhaus.example>", pass("gartenhaus.example")),
      text: "Unsere Angebote der Woche: https://gartenhaus.example/angebote",
    });
    expect(shop.spam.value).toBe(false);
    expect(shop.phishing?.reason.code).not.toBe("mixed_script");
  });

  test("text pushed out of sight by a box 470500 pixels down is filler for filters, from any sender; a shop's hidden preheader and a logo's text-indent are not", () => {
    const filler = analyse({
      subject: "The Ultimate Tool Reward: Ready for the Unveil?",
      from: [{ name: "Elite Tools USA", address: "calar@garden-paes.example" }],
      rawHeaders: headers("Elite Tools USA <calar@garden-paes.example>", pass("garden-paes.example")),
      html: '<style>.belowView { margin-top: 470500px; }</style><a href="https://tierra.example/r.php?email=anna"><img src="https://tierra.example/t.png"></a><div class="belowView">Welcome to Confident Computing! Each issue brings you timely articles.</div>',
      text: "Welcome to Confident Computing! Each issue brings you timely articles.",
    });
    expect(filler.spam.value).toBe(true);
    expect(filler.spam.reason).toEqual({ code: "hidden_filler", vars: { phrase: "margin-top: 470500px" } });
    const shop = analyse({
      subject: "Neu im Shop: Herbstjacken",
      from: [{ name: "Gartenhaus Shop", address: "news@gartenhaus.example" }],
      headers: { "list-unsubscribe": "<https://gartenhaus.example/u>" },
      rawHeaders: headers("Gartenhaus Shop <news@gartenhaus.example>", pass("gartenhaus.example")),
      html: '<div style="display:none;max-height:0;overflow:hidden">Jetzt 20 % auf Jacken</div><h1 style="text-indent:-99999px;height:60px;background:url(https://gartenhaus.example/logo.png)">Gartenhaus</h1><p>Unsere Herbstjacken sind da: https://gartenhaus.example/jacken</p>',
      text: "Unsere Herbstjacken sind da: https://gartenhaus.example/jacken",
    });
    expect(shop.spam.value).toBe(false);
  });

  test("a claim of tokens by their ticker, from a newsletter service under another name than its domain's, is the drainer's bait; a crypto newsletter under its own name is not", () => {
    const lure = {
      subject: "Congratulations! Your wallet qualifies you for a claim of 34,900 $ARB",
      headers: { "list-unsubscribe": "<https://go.sparkmail.example/u>" },
      text: "Arbitrum Foundation https://t.co/VYs85AeM0d Click here",
    };
    const drainer = analyse({
      ...lure,
      from: [{ name: "Arbitrum", address: "foundation@paket2.example" }],
      rawHeaders: headers("Arbitrum <foundation@paket2.example>", pass("paket2.example")),
    });
    expect(drainer.spam.value).toBe(true);
    expect(drainer.phishing?.reason.code).toBe("crypto_bait");
    const newsletter = analyse({
      ...lure,
      from: [{ name: "Chain Weekly", address: "news@chainweekly.example" }],
      rawHeaders: headers("Chain Weekly <news@chainweekly.example>", pass("chainweekly.example")),
    });
    expect(newsletter.spam.value).toBe(false);
  });

  test("a bank's name written without its accent ('[Itau]') from a freemail account is the bank's name", () => {
    const analysis = analyse({
      subject: "Informativo",
      from: [{ name: "[Itau]-Programa de Pontos", address: "nhytgf42@gmail.example" }],
      text: "Realize o pagamento de sua fatura utilizando seus pontos, veja como é fácil no arquivo em anexo.",
      attachmentNames: ["extrato.pdf"],
    });
    expect(analysis.phishing?.reason).toMatchObject({ code: "brand_impersonation", vars: { brand: "Itaú" } });
  });
});

describe("real newsletters from public test mail", () => {
  test("an old shop newsletter built as a campaign, without list headers, is a newsletter by its footer's opt-out, in German and English", () => {
    for (const footer of [
      "Klicken Sie hier, um zukünftig keine Nachrichten dieser Art mehr von uns zu erhalten: https://www.shop.example/optout",
      "If you no longer wish to receive these emails, click here: https://www.shop.example/optout",
    ]) {
      const analysis = analyse({
        subject: "Alles muss raus: bis zu 60 % reduziert",
        from: [{ name: "Shop.example", address: "angebote@shop.example" }],
        text: `Ausgewählte Angebote bis zu 60 % reduziert. Greifen Sie zu: https://www.shop.example/sale\n\nHerzliche Grüße\nShop.example\n\n${footer}`,
        // Built as a campaign (a tracking pixel), as the real one was.
        html: `<html><body><p>Ausgewählte Angebote bis zu 60 % reduziert.</p><img src="https://t.shop.example/o/1.gif" width="1" height="1" alt=""><p>${footer}</p></body></html>`,
      });
      expect(analysis.newsletter.value).toBe(true);
      expect(analysis.spam.value).toBe(false);
    }
  });
});
