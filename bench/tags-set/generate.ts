/**
 * Writes bench/tags-set/messages.jsonl: half a year of one user's mail over
 * three mailboxes, with the tags the user assigned (see README.md). Seeded,
 * so running it again writes the same file; the file is committed so the
 * bench does not depend on this script staying unchanged.
 *
 *   bun bench/tags-set/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TagSetMessage {
  id: number;
  /** ISO date of arrival; the file is in this order. */
  date: string;
  account: "privat" | "uni" | "arbeit";
  from: { name: string; address: string };
  to: string;
  subject: string;
  listId: string | null;
  text: string;
  /** The tags the user assigned when reading it (label noise included: see `noise`). */
  tags: string[];
  /** "missed": the user forgot a tag the message should have had; "wrong": a tag the user set by mistake. */
  noise?: "missed" | "wrong";
}

export const TAGS = ["Rechnungen", "Uni", "Projekt Alpha", "Familie", "Reisen", "Steuer 2026", "Newsletter-Lesen", "Bewerbung"] as const;

// mulberry32: small, fast and the same everywhere.
let seed = 20261206;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const euro = () => `${int(9, 240)},${String(int(0, 99)).padStart(2, "0")} €`;

const ADDRESSES = { privat: "max.mueller@posteo.de", uni: "max.mueller@tum.de", arbeit: "m.mueller@firma-nord.de" } as const;
const MONTHS = ["Juni", "Juli", "August", "September", "Oktober", "November"];
const START = Date.parse("2026-06-01T06:00:00Z");
const DAYS = 183;

interface Source {
  /** Messages over the whole half year (spread at random), or from `fromDay` on. */
  count: number;
  fromDay?: number;
  toDay?: number;
  account: TagSetMessage["account"];
  make: () => Omit<TagSetMessage, "id" | "date" | "account" | "to" | "tags" | "listId"> & { listId?: string; tags?: string[] };
}

const shopItems = ["USB-C Ladegerät", "Kaffeebohnen 1 kg", "Fahrradschloss", "Buch: Designing Data-Intensive Applications", "HDMI-Kabel", "Laufschuhe", "Wasserkocher", "Druckerpatronen"];
const colleagues = [
  { name: "Sarah Klein", address: "s.klein@firma-nord.de" },
  { name: "Jonas Becker", address: "j.becker@firma-nord.de" },
  { name: "Mehmet Yilmaz", address: "m.yilmaz@firma-nord.de" },
  { name: "Julia Wagner", address: "j.wagner@firma-nord.de" },
];
const friends = [
  { name: "Tim Hoffmann", address: "tim.hoffmann@gmail.com" },
  { name: "Laura Schulz", address: "laura.schulz@web.de" },
  { name: "Kevin O'Brien", address: "kevin.obrien@outlook.com" },
];

const SOURCES: Source[] = [
  // Rechnungen: invoices from a few senders; the same senders also send mail that is no invoice.
  {
    count: 6,
    account: "privat",
    make: () => {
      const month = pick(MONTHS);
      return {
        from: { name: "Telekom Rechnung", address: "rechnung@telekom.de" },
        subject: `Ihre Telekom Rechnung für ${month} 2026`,
        text: `Guten Tag Max Müller,\n\nIhre aktuelle Rechnung für ${month} ist da. Rechnungsbetrag: ${euro()}. Der Betrag wird am 15. von Ihrem Konto abgebucht.\nDie Rechnung finden Sie als PDF im Kundencenter.\n\nFreundliche Grüße\nIhre Telekom`,
        tags: ["Rechnungen"],
      };
    },
  },
  {
    count: 5,
    account: "privat",
    make: () => ({
      from: { name: "Telekom", address: "info@telekom.de" },
      subject: pick(["Jetzt auf MagentaTV umsteigen", "Ihr neues Smartphone wartet", "Wartungsarbeiten in Ihrer Region"]),
      text: "Hallo Max Müller,\n\nentdecken Sie unsere neuen Angebote für Festnetz und Mobilfunk. Jetzt bestellen und sparen.\n\nIhre Telekom",
    }),
  },
  {
    count: 6,
    account: "privat",
    make: () => ({
      from: { name: "Stadtwerke München", address: "kundenservice@swm.de" },
      subject: pick(["Ihre Abschlagsrechnung Strom", "Rechnung Fernwärme", "Ihre Jahresabrechnung Strom 2026"]),
      text: `Sehr geehrter Herr Müller,\n\nanbei erhalten Sie Ihre Rechnung. Der monatliche Abschlag beträgt ${euro()}. Zahlungsziel: 14 Tage.\n\nMit freundlichen Grüßen\nSWM Kundenservice`,
      tags: ["Rechnungen"],
    }),
  },
  {
    count: 22,
    account: "privat",
    make: () => {
      const item = pick(shopItems);
      const order = `302-${int(1000000, 9999999)}-${int(1000000, 9999999)}`;
      const kind = random();
      if (kind < 0.35)
        return {
          from: { name: "Amazon.de", address: "rechnungen@amazon.de" },
          subject: `Ihre Rechnung zu Bestellung ${order}`,
          text: `Hallo Max,\n\nim Anhang finden Sie die Rechnung zu Ihrer Bestellung ${order} (${item}). Gesamtbetrag: ${euro()}.\n\nAmazon.de`,
          tags: ["Rechnungen"],
        };
      if (kind < 0.7)
        return {
          from: { name: "Amazon.de", address: "versandbestaetigung@amazon.de" },
          subject: `Versandt: „${item}“`,
          text: `Hallo Max,\n\nIhre Bestellung ${order} wurde versandt und kommt voraussichtlich am Donnerstag. Sendungsverfolgung: DHL.\n\nAmazon.de`,
        };
      return {
        from: { name: "Amazon.de", address: "bestellbestaetigung@amazon.de" },
        subject: `Ihre Amazon.de Bestellung von „${item}“`,
        text: `Hallo Max,\n\nvielen Dank für Ihre Bestellung ${order}. Wir senden Ihnen eine Nachricht, sobald der Artikel versandt wurde.\n\nAmazon.de`,
      };
    },
  },
  {
    count: 6,
    account: "arbeit",
    make: () => ({
      from: { name: "Hetzner Online GmbH", address: "billing@hetzner.com" },
      subject: `Invoice R00${int(10000000, 99999999)}`,
      text: `Dear Max Müller,\n\nyour invoice for the period is now available in the Hetzner Console. Amount due: ${euro()}. It will be charged to your credit card.\n\nKind regards\nHetzner Online`,
      tags: ["Rechnungen"],
    }),
  },
  {
    count: 8,
    account: "privat",
    make: () =>
      chance(0.5)
        ? {
            from: { name: "PayPal", address: "service@paypal.de" },
            subject: `Sie haben eine Zahlung an ${pick(["Kleinanzeigen", "Steam", "Spotify AB", "Lieferando"])} gesendet`,
            text: `Hallo Max Müller,\n\nSie haben eine Zahlung über ${euro()} gesendet. Transaktionscode: ${int(10000000, 99999999)}.\n\nPayPal`,
          }
        : {
            from: { name: "PayPal", address: "service@paypal.de" },
            subject: "Ihre Rechnung von Handwerker Bauer GmbH",
            text: `Hallo Max Müller,\n\nHandwerker Bauer GmbH hat Ihnen eine Rechnung über ${euro()} gesendet (Reparatur Heizung, Arbeitsstunden und Material). Zahlbar bis Monatsende.\n\nPayPal`,
            tags: ["Rechnungen", "Steuer 2026"],
          },
  },
  // Uni: a department list, the chair, the learning platform; the user reads other university mail but does not tag it.
  {
    count: 40,
    account: "uni",
    make: () => ({
      from: { name: pick(["Fachschaft Informatik", "Studiendekanat Informatik", "Prof. Dr. Hanna Roth"]), address: pick(["fsinfo@tum.de", "studiendekanat@in.tum.de", "roth@in.tum.de"]) },
      listId: "Informatik Studierende <studierende.in.tum.de>",
      subject: pick([
        "Anmeldung zur Prüfung Datenbanken",
        "Raumänderung Vorlesung Verteilte Systeme",
        "Sprechstunde entfällt",
        "Info: Rückmeldung Wintersemester",
        "Seminarplätze Machine Learning",
        "Erinnerung: Abgabe Übungsblatt",
      ]),
      text: "Liebe Studierende,\n\nbitte beachten Sie die folgenden Informationen zur Vorlesung und zur Prüfungsanmeldung in TUMonline. Die Frist endet am Freitag.\n\nViele Grüße\nIhr Lehrstuhl",
      tags: ["Uni"],
    }),
  },
  {
    count: 25,
    account: "uni",
    make: () => ({
      from: { name: "Moodle TUM", address: "noreply@moodle.tum.de" },
      subject: pick(["Neue Bewertung: Übungsblatt", "Forum: Frage zu Aufgabe 3", "Neue Datei im Kurs Verteilte Systeme"]),
      text: `Hallo Max,\n\nim Kurs gibt es eine neue Aktivität. Öffnen Sie Moodle, um sie anzusehen.\n\nMoodle TUM`,
      tags: ["Uni"],
    }),
  },
  {
    count: 14,
    account: "uni",
    make: () => ({
      from: { name: "TUM Newsletter", address: "newsletter@tum.de" },
      listId: "TUM Newsletter <newsletter.tum.de>",
      subject: pick(["TUM aktuell: Forschung und Campus", "Veranstaltungen im Herbst", "Hochschulsport: neue Kurse"]),
      text: "Liebe Mitglieder der TUM,\n\nhier die Neuigkeiten aus Forschung, Lehre und Campusleben. Hochschulsport, Konzerte und Vorträge.\n\nAbmelden: Link unten",
    }),
  },
  // Projekt Alpha: colleagues and Jira at work; other projects and general work mail are not tagged.
  {
    count: 70,
    account: "arbeit",
    make: () => {
      const person = pick(colleagues);
      if (chance(0.45))
        return {
          from: { name: "Jira", address: "jira@firma-nord.atlassian.net" },
          subject: `[JIRA] (ALPHA-${int(100, 480)}) ${pick(["Login-Fehler beheben", "Export nach CSV", "API-Rate-Limit", "Migration der Kundendaten", "Dashboard lädt langsam"])}`,
          text: `${person.name} hat ALPHA-${int(100, 480)} aktualisiert.\nStatus: In Arbeit → Review\nProjekt: Alpha\n\nIn Jira ansehen`,
          tags: ["Projekt Alpha"],
        };
      return {
        from: person,
        subject: pick([
          "Alpha: Meilenstein 2 verschoben",
          "Re: Alpha Sprint Review",
          "Alpha Kundentermin Vorbereitung",
          "Protokoll Alpha-Jour-fixe",
          "Re: Architektur für Alpha",
          "Alpha – offene Punkte",
        ]),
        text: `Hallo Max,\n\n${pick(["anbei das Protokoll vom Jour fixe zum Projekt Alpha", "für das Projekt Alpha müssen wir den Meilenstein anpassen", "der Kunde hat Rückfragen zum Alpha-Release"])}. Kannst du bis ${pick(["Mittwoch", "Freitag", "Ende der Woche"])} drüberschauen?\n\nGruß\n${person.name.split(" ")[0]}`,
        tags: ["Projekt Alpha"],
      };
    },
  },
  {
    count: 90,
    account: "arbeit",
    make: () => {
      const person = pick(colleagues);
      if (chance(0.4))
        return {
          from: { name: "Jira", address: "jira@firma-nord.atlassian.net" },
          subject: `[JIRA] (BETA-${int(10, 200)}) ${pick(["Rechnungsexport prüfen", "Tests stabilisieren", "Release-Notes"])}`,
          text: `${person.name} hat BETA-${int(10, 200)} kommentiert.\nProjekt: Beta\n\nIn Jira ansehen`,
        };
      return {
        from: person,
        subject: pick(["Mittagessen heute?", "Team-Event im September", "Urlaubsplanung Q4", "Re: Beta Release", "Neue Kaffeemaschine", "IT: Passwortwechsel", "All Hands Freitag"]),
        text: `Hallo zusammen,\n\n${pick(["wer kommt mit zum Mittagessen", "bitte tragt euren Urlaub bis Monatsende ein", "das Beta-Release ist für nächste Woche geplant", "am Freitag ist All Hands im großen Raum"])}.\n\nViele Grüße\n${person.name.split(" ")[0]}`,
      };
    },
  },
  // Familie: a few people; mail from friends on the same providers is not tagged.
  {
    count: 45,
    account: "privat",
    make: () => {
      const person = pick([
        { name: "Gabi Müller", address: "gabi.mueller@gmx.de" },
        { name: "Papa", address: "klaus.mueller@t-online.de" },
        { name: "Lena Müller", address: "lena.mueller@web.de" },
        { name: "Oma Ilse", address: "ilse.brandt@gmx.de" },
      ]);
      return {
        from: person,
        subject: pick(["Sonntag Mittagessen", "Fotos vom Geburtstag", "Weihnachten dieses Jahr", "Re: Besuch im Oktober", "Oma hat angerufen", "Gartenarbeit Samstag?", "Hallo mein Schatz", ""]),
        text: `Hallo Max,\n\n${pick(["wir freuen uns auf Sonntag, bring doch Lena mit", "anbei die Fotos, schön war es", "wie geht es dir, melde dich mal", "kannst du am Samstag beim Umzug helfen", "Papa hat Geburtstag, hast du schon ein Geschenk"])}.\n\nLiebe Grüße\n${person.name.split(" ")[0]}`,
        tags: ["Familie"],
      };
    },
  },
  {
    count: 45,
    account: "privat",
    make: () => {
      const person = pick(friends);
      const english = person.address.includes("outlook");
      return {
        from: person,
        subject: english ? pick(["Drinks on Friday?", "Re: Hiking trip photos", "Long time no see"]) : pick(["Kino am Donnerstag?", "Re: Grillen am Wochenende", "Umzugskartons"]),
        text: english ? "Hey Max,\n\nare you around this weekend? Let me know.\n\nCheers\nKevin" : "Hi Max,\n\nhast du Lust am Wochenende? Sag Bescheid.\n\nLG",
      };
    },
  },
  // Reisen: bookings; the same companies also send offers the user does not tag.
  {
    count: 30,
    account: "privat",
    make: () => {
      const kind = random();
      const city = pick(["Berlin", "Hamburg", "Wien", "Lissabon", "Kopenhagen", "Rom"]);
      if (kind < 0.4)
        return {
          from: { name: "DB Reisezentrum", address: "buchungsbestaetigung@bahn.de" },
          subject: `Ihre Buchungsbestätigung (Auftrag ${pick(["Q", "X", "M"])}${int(100000, 999999)})`,
          text: `Vielen Dank für Ihre Buchung. Hinfahrt München Hbf → ${city} Hbf, ICE, Sitzplatzreservierung Wagen ${int(1, 14)}. Ihr Ticket finden Sie im DB Navigator.`,
          tags: chance(0.2) ? ["Reisen", "Rechnungen"] : ["Reisen"],
        };
      if (kind < 0.65)
        return {
          from: { name: "Booking.com", address: "noreply@booking.com" },
          subject: `Your booking in ${city} is confirmed`,
          text: `Hi Max,\n\nthank you for your booking. Hotel in ${city}, check-in Friday from 15:00, 2 nights. Manage your booking in the app.\n\nBooking.com`,
          tags: ["Reisen"],
        };
      if (kind < 0.8)
        return {
          from: { name: "Lufthansa", address: "online@booking-lufthansa.com" },
          subject: `Ihre Flugbuchung nach ${city}`,
          text: `Sehr geehrter Herr Müller,\n\nvielen Dank für Ihre Buchung. Flug LH${int(1000, 2999)} München → ${city}. Online-Check-in ab 23 Stunden vor Abflug.\n\nLufthansa`,
          tags: ["Reisen"],
        };
      return {
        from: { name: "Airbnb", address: "automated@airbnb.com" },
        subject: `Reservation confirmed for ${city}`,
        text: `Pack your bags! Your reservation in ${city} is confirmed. Message your host about check-in.\n\nAirbnb`,
        tags: ["Reisen"],
      };
    },
  },
  {
    count: 25,
    account: "privat",
    make: () =>
      chance(0.5)
        ? {
            from: { name: "Deutsche Bahn", address: "newsletter@bahn.de" },
            listId: "DB Newsletter <newsletter.bahn.de>",
            subject: pick(["Super Sparpreise für den Herbst", "BahnBonus: Ihre Punkte", "Neue Verbindungen ab Dezember"]),
            text: "Jetzt günstig reisen: Super Sparpreis ab 17,99 €. Sammeln Sie BahnBonus Punkte bei jeder Fahrt.\n\nAbmelden",
          }
        : {
            from: { name: "Booking.com", address: "email.campaign@booking.com" },
            listId: "Booking.com Deals <deals.booking.com>",
            subject: pick(["Deals for your next trip", "Last-minute weekend getaways", "Max, get 15% off stays"]),
            text: "Find your next stay. Genius deals in cities near you. Book now, pay later.\n\nUnsubscribe",
          },
  },
  // A business trip: work and travel at once.
  {
    count: 6,
    fromDay: 90,
    toDay: 130,
    account: "arbeit",
    make: () => ({
      from: { name: "Julia Wagner", address: "j.wagner@firma-nord.de" },
      subject: "Alpha: Reise zum Kunden nach Hamburg",
      text: "Hallo Max,\n\nfür den Kundentermin im Projekt Alpha habe ich Zug und Hotel in Hamburg gebucht. Die Buchungsbestätigung hängt an.\n\nGruß\nJulia",
      tags: ["Projekt Alpha", "Reisen"],
    }),
  },
  // Steuer 2026: sparse, from September on (the tax adviser asks for documents).
  {
    count: 14,
    fromDay: 95,
    account: "privat",
    make: () =>
      chance(0.5)
        ? {
            from: { name: "Kanzlei Weber Steuerberatung", address: "info@kanzlei-weber.de" },
            subject: pick(["Unterlagen für Ihre Steuererklärung 2026", "Re: Belege Handwerkerleistungen", "Checkliste Einkommensteuer 2026"]),
            text: "Sehr geehrter Herr Müller,\n\nfür die Einkommensteuererklärung 2026 benötigen wir noch die Lohnsteuerbescheinigung und Belege für Handwerkerleistungen und Spenden.\n\nMit freundlichen Grüßen\nKanzlei Weber",
            tags: ["Steuer 2026"],
          }
        : {
            from: { name: pick(["Ärzte ohne Grenzen", "NABU", "Wikimedia Deutschland"]), address: pick(["spenden@aerzte-ohne-grenzen.de", "spenden@nabu.de", "spenden@wikimedia.de"]) },
            subject: "Ihre Zuwendungsbestätigung (Spendenquittung)",
            text: "Vielen Dank für Ihre Spende. Anbei Ihre Zuwendungsbestätigung für das Finanzamt.",
            tags: ["Steuer 2026"],
          },
  },
  {
    count: 4,
    fromDay: 120,
    account: "privat",
    make: () => ({
      from: { name: "ELSTER", address: "noreply@elster.de" },
      subject: "Ihre Bescheiddaten sind abrufbar",
      text: "Sehr geehrte Nutzerin, sehr geehrter Nutzer,\n\nfür Sie stehen neue Bescheiddaten in Ihrem ELSTER-Postfach zum Abruf bereit.\n\nIhr ELSTER-Team",
      tags: ["Steuer 2026"],
    }),
  },
  // Newsletter-Lesen: the few newsletters the user keeps to read; many others are not tagged.
  {
    count: 60,
    account: "privat",
    make: () =>
      pick([
        {
          from: { name: "heise online", address: "newsletter@heise.de" },
          listId: "heise-newsletter <ct.newsletter.heise.de>",
          subject: `c't-Newsletter: ${pick(["Linux auf dem Desktop", "KI-Agenten im Test", "Datenschutz bei Smart-TVs", "Raspberry Pi 6"])}`,
          text: "Liebe Leserinnen und Leser,\n\ndiese Woche in c't: Tests, Praxis und Hintergründe. Viel Spaß beim Lesen!\n\nAbmelden",
          tags: ["Newsletter-Lesen"],
        },
        {
          from: { name: "The Pragmatic Engineer", address: "pragmaticengineer@substack.com" },
          listId: "The Pragmatic Engineer <pragmaticengineer.substack.com>",
          subject: pick(["The state of AI coding tools", "Inside a platform team", "What is a senior engineer?"]),
          text: "Hi, this week's deep dive looks at how engineering teams work. Read in the app.\n\nUnsubscribe",
          tags: ["Newsletter-Lesen"],
        },
        {
          from: { name: "Krautreporter", address: "post@krautreporter.de" },
          listId: "Krautreporter Morgenpost <morgenpost.krautreporter.de>",
          subject: pick(["Morgenpost: Was heute wichtig ist", "Warum wir weniger schlafen", "Die Woche in fünf Minuten"]),
          text: "Guten Morgen,\n\nheute lesen Sie bei uns, was hinter den Nachrichten steckt.\n\nAbbestellen",
          tags: ["Newsletter-Lesen"],
        },
      ]),
  },
  {
    count: 240,
    account: "privat",
    make: () =>
      pick([
        {
          from: { name: "Zalando", address: "info@service-mail.zalando.de" },
          listId: "Zalando <news.zalando.de>",
          subject: pick(["Neu für dich: Herbst-Looks", "Nur heute: 20 % extra", "Deine Wunschliste ist im Sale"]),
          text: "Entdecke die neuesten Trends. Jetzt shoppen, kostenloser Versand.\n\nNewsletter abbestellen",
        },
        {
          from: { name: "MediaMarkt", address: "newsletter@mediamarkt.de" },
          listId: "MediaMarkt <newsletter.mediamarkt.de>",
          subject: pick(["Tiefpreisspätschicht!", "Top-Angebote der Woche", "Black Week startet"]),
          text: "Die besten Angebote für Technik: Fernseher, Laptops, Smartphones. Nur solange der Vorrat reicht.\n\nAbmelden",
        },
        {
          from: { name: "Spotify", address: "no-reply@spotify.com" },
          listId: "Spotify <news.spotify.com>",
          subject: pick(["Dein Mix der Woche ist da", "New releases for you", "Dein Jahresrückblick kommt"]),
          text: "Hör rein in neue Musik, die zu dir passt. Open Spotify.\n\nUnsubscribe",
        },
        {
          from: { name: "LinkedIn", address: "messages-noreply@linkedin.com" },
          listId: "LinkedIn <digest.linkedin.com>",
          subject: pick(["Max, you appeared in 12 searches this week", "Neue Jobs für Sie: Softwareentwickler", "People you may know"]),
          text: "See who's viewing your profile and discover new jobs. Neue Stellenangebote passend zu Ihrem Profil.\n\nUnsubscribe",
        },
        {
          from: { name: "GitHub", address: "notifications@github.com" },
          listId: "max/dotfiles <dotfiles.max.github.com>",
          subject: pick(["[max/dotfiles] Dependabot: bump vim-plug", "Re: [max/dotfiles] Fix zsh prompt (#12)"]),
          text: "You are receiving this because you are subscribed to this thread. Reply to this email directly or view it on GitHub.",
        },
      ]),
  },
  // Bewerbung: sparse, October and November: applications to a few companies.
  {
    count: 12,
    fromDay: 125,
    account: "privat",
    make: () => {
      const company = pick(["Celonis", "Personio", "Check24", "Allianz Technology", "Stadtwerke Augsburg"]);
      return chance(0.5)
        ? {
            from: { name: `${company} Recruiting`, address: pick(["jobs@personio.de", "recruiting@greenhouse-mail.io", "karriere@softgarden.io"]) },
            subject: pick([`Ihre Bewerbung bei ${company}`, `Eingangsbestätigung Ihrer Bewerbung – ${company}`, `Your application to ${company}`]),
            text: `Sehr geehrter Herr Müller,\n\nvielen Dank für Ihre Bewerbung als Softwareentwickler bei ${company}. Wir prüfen Ihre Unterlagen und melden uns in zwei Wochen.\n\nIhr Recruiting-Team`,
            tags: ["Bewerbung"],
          }
        : {
            from: { name: `Talent Team ${company}`, address: `talent@${company.toLowerCase().replace(/[^a-z0-9]/g, "")}.com` },
            subject: pick(["Einladung zum Vorstellungsgespräch", "Interview invitation: Software Engineer", "Ihre Bewerbung: nächste Schritte"]),
            text: `Hallo Max,\n\nwir möchten Sie gern zu einem Gespräch über die Stelle als Softwareentwickler einladen. Passt Ihnen Dienstag oder Mittwoch?\n\nViele Grüße\n${company}`,
            tags: ["Bewerbung"],
          };
    },
  },
  // Mail that no tag fits: banks, services, one-offs.
  {
    count: 70,
    account: "privat",
    make: () =>
      pick([
        {
          from: { name: "Sparkasse München", address: "noreply@sparkasse-muenchen.de" },
          subject: pick(["Neue Nachricht im elektronischen Postfach", "Ihr Kontoauszug ist verfügbar"]),
          text: "Sehr geehrter Kunde,\n\nin Ihrem elektronischen Postfach liegt ein neues Dokument (Kontoauszug). Bitte melden Sie sich im Online-Banking an.",
        },
        {
          from: { name: "DHL Paket", address: "noreply@dhl.de" },
          subject: "Ihr Paket kommt heute",
          text: "Guten Tag,\n\nIhre Sendung wird heute zwischen 10:00 und 14:00 Uhr zugestellt.\n\nIhr DHL Team",
        },
        {
          from: { name: "Kleinanzeigen", address: "noreply@kleinanzeigen.de" },
          subject: "Neue Nachricht zu deiner Anzeige „Fahrrad 28 Zoll“",
          text: "Hallo,\n\nein Nutzer hat dir eine Nachricht geschrieben: Ist das Fahrrad noch zu haben?\n\nKleinanzeigen",
        },
        {
          from: { name: "Hausverwaltung Berger", address: "verwaltung@berger-immobilien.de" },
          subject: "Ankündigung Ablesung Heizkosten",
          text: "Sehr geehrte Mieter,\n\nam kommenden Dienstag werden die Heizkostenverteiler abgelesen. Bitte ermöglichen Sie den Zugang zur Wohnung.",
        },
      ]),
  },
];

function generate(): TagSetMessage[] {
  const drafts: Omit<TagSetMessage, "id">[] = [];
  for (const source of SOURCES) {
    const from = source.fromDay ?? 0;
    const to = source.toDay ?? DAYS;
    for (let index = 0; index < source.count; index++) {
      const made = source.make();
      const at = START + (from + random() * (to - from)) * 86_400_000;
      drafts.push({
        date: new Date(Math.round(at / 60_000) * 60_000).toISOString(),
        account: source.account,
        to: ADDRESSES[source.account],
        listId: made.listId ?? null,
        from: made.from,
        subject: made.subject,
        text: made.text,
        tags: made.tags ?? [],
      });
    }
  }
  drafts.sort((a, b) => a.date.localeCompare(b.date));
  let missed = 0;
  let wrong = 0;
  const messages = drafts.map((draft, index): TagSetMessage => {
    const message: TagSetMessage = { id: index + 1, ...draft };
    // Label noise: one tag in twelve forgotten, one message in a hundred tagged by mistake.
    if (message.tags.length > 0 && chance(1 / 12)) {
      message.tags = message.tags.slice(1);
      message.noise = "missed";
      missed++;
    } else if (message.tags.length === 0 && chance(1 / 100)) {
      message.tags = [pick(TAGS)];
      message.noise = "wrong";
      wrong++;
    }
    return message;
  });
  console.log(`${messages.length} messages, ${messages.filter((message) => message.tags.length > 0).length} tagged, ${missed} tags forgotten, ${wrong} set by mistake`);
  return messages;
}

if (import.meta.main) {
  const messages = generate();
  writeFileSync(join(import.meta.dir, "messages.jsonl"), `${messages.map((message) => JSON.stringify(message)).join("\n")}\n`);
}
