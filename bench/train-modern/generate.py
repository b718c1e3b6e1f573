#!/usr/bin/env python3
"""Generates bench/train-modern/: synthetic modern mail (ham and spam, German
and English) for training the spam prior. Everything is invented; brand names
are real only as senders' names. Deterministic: the same seed gives the same
files, byte for byte.  Run: python3 bench/train-modern/generate.py
"""
import os, random, shutil, hashlib
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta

SEED = 20261207
HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(SEED)

FIRST = ["Anna", "Lukas", "Mia", "Felix", "Sophie", "Jan", "Laura", "Paul", "Emma", "Tim", "Clara", "David", "Nora", "Ben", "Hannah",
         "Oliver", "Sarah", "Max", "Julia", "Noah", "Emily", "James", "Olivia", "Liam", "Grace", "Ethan", "Chloe", "Daniel", "Ruth", "Tom"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein",
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright", "Green", "Hall", "Young"]
RCPT_DOMAINS = ["gmail.com", "gmx.de", "web.de", "outlook.com", "posteo.de", "mailbox.org", "t-online.de", "icloud.com", "yahoo.com", "proton.me"]

# Retail / newsletter senders: (display name, domain, language, sector)
SHOPS = [
    ("Zalando", "zalando.de", "de", "fashion"), ("ABOUT YOU", "aboutyou.de", "de", "fashion"), ("H&M", "hm.com", "en", "fashion"),
    ("Otto", "otto.de", "de", "home"), ("IKEA", "ikea.de", "de", "home"), ("MediaMarkt", "mediamarkt.de", "de", "tech"),
    ("Saturn", "saturn.de", "de", "tech"), ("Lidl", "lidl.de", "de", "grocery"), ("REWE", "rewe.de", "de", "grocery"),
    ("dm-drogerie markt", "dm.de", "de", "beauty"), ("Douglas", "douglas.de", "de", "beauty"), ("Tchibo", "tchibo.de", "de", "home"),
    ("Thalia", "thalia.de", "de", "books"), ("Decathlon", "decathlon.de", "de", "sport"), ("Deutsche Bahn", "bahn.de", "de", "travel"),
    ("Lufthansa", "lufthansa.com", "de", "travel"), ("Booking.com", "booking.com", "en", "travel"), ("Airbnb", "airbnb.com", "en", "travel"),
    ("Spotify", "spotify.com", "en", "media"), ("Netflix", "netflix.com", "en", "media"), ("Uniqlo", "uniqlo.com", "en", "fashion"),
    ("ASOS", "asos.com", "en", "fashion"), ("Patagonia", "patagonia.com", "en", "sport"), ("Etsy", "etsy.com", "en", "crafts"),
    ("Kickstarter", "kickstarter.com", "en", "crafts"), ("HelloFresh", "hellofresh.de", "de", "grocery"), ("Lieferando", "lieferando.de", "de", "grocery"),
    ("Galeria", "galeria.de", "de", "home"), ("Cyberport", "cyberport.de", "de", "tech"), ("notebooksbilliger.de", "notebooksbilliger.de", "de", "tech"),
    ("Steam", "steampowered.com", "en", "games"), ("Nintendo", "nintendo.com", "en", "games"), ("Adidas", "adidas.com", "en", "sport"),
    ("Nike", "nike.com", "en", "sport"), ("Sephora", "sephora.com", "en", "beauty"), ("Bookshop.org", "bookshop.org", "en", "books"),
    ("Flixbus", "flixbus.de", "de", "travel"), ("Hornbach", "hornbach.de", "de", "home"), ("Obi", "obi.de", "de", "home"), ("Eventim", "eventim.de", "de", "media"),
]
MEDIA = [
    ("Der Spiegel", "spiegel.de", "de"), ("ZEIT ONLINE", "zeit.de", "de"), ("Süddeutsche Zeitung", "sz.de", "de"), ("heise online", "heise.de", "de"),
    ("t3n", "t3n.de", "de"), ("Golem.de", "golem.de", "de"), ("The Guardian", "theguardian.com", "en"), ("The Verge", "theverge.com", "en"),
    ("Morning Brew", "morningbrew.com", "en"), ("Substack Weekly", "substack.com", "en"), ("Ars Technica", "arstechnica.com", "en"), ("Netzpolitik.org", "netzpolitik.org", "de"),
]
NOTIFIERS = [
    ("GitHub", "github.com", "en"), ("GitLab", "gitlab.com", "en"), ("DHL Paket", "dhl.de", "de"), ("Hermes", "myhermes.de", "de"), ("Amazon.de", "amazon.de", "de"),
    ("PayPal", "paypal.de", "de"), ("Sparkasse", "sparkasse.de", "de"), ("ING", "ing.de", "de"), ("N26", "n26.com", "en"), ("Google", "google.com", "en"),
    ("Microsoft", "microsoft.com", "en"), ("Apple", "apple.com", "en"), ("Dropbox", "dropbox.com", "en"), ("Slack", "slack.com", "en"), ("Zoom", "zoom.us", "en"),
    ("Vodafone", "vodafone.de", "de"), ("Telekom", "telekom.de", "de"), ("Stadtwerke München", "swm.de", "de"), ("Doctolib", "doctolib.de", "de"), ("Deutsche Bahn", "bahn.de", "de"),
    ("Strava", "strava.com", "en"), ("Trello", "trello.com", "en"), ("Notion", "notion.so", "en"), ("Stripe", "stripe.com", "en"),
]
TRACK_HOSTS = ["click.{d}", "links.{d}", "email.{d}", "t.{d}", "news.{d}", "mailing.{d}", "r.{d}", "trk.{d}", "go.{d}"]
ESP = ["sendgrid.net", "mailchimp.com", "mcsv.net", "rsgsv.net", "sparkpostmail.com", "cmail20.com", "exacttarget.com", "emarsys.net", "klaviyomail.com", "brevo.com", "mailjet.com", "braze.com"]

def pick(xs): return rng.choice(xs)
def token(n=16, alpha="abcdefghijklmnopqrstuvwxyz0123456789"): return "".join(rng.choice(alpha) for _ in range(n))
def person(): return pick(FIRST), pick(LAST)
def ascii_local(s): return s.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss").replace(" ", "")

BASE = datetime(2024, 1, 1, tzinfo=timezone.utc)
def date(): return format_datetime(BASE + timedelta(minutes=rng.randrange(0, 60 * 24 * 700)))

def tracked(domain, path=None):
    host = pick(TRACK_HOSTS).format(d=domain)
    style = rng.randrange(4)
    if style == 0: return f"https://{host}/ls/click?upn={token(40)}"
    if style == 1: return f"https://{host}/{token(8)}/{token(24)}?utm_source=newsletter&utm_medium=email&utm_campaign={token(6)}"
    if style == 2: return f"https://www.{domain}/{path or pick(['sale', 'angebote', 'new', 'deals', 'p', 'c'])}?utm_source=email&utm_medium=crm&utm_campaign=nl_{rng.randrange(100, 999)}&mc_eid={token(10)}"
    return f"https://{pick(ESP).split('.')[0]}.{pick(ESP)}/track/click/{token(12)}/{token(30)}"

def pixel(domain): return f'<img src="https://{pick(TRACK_HOSTS).format(d=domain)}/open/{token(32)}.gif" width="1" height="1" alt="" style="display:block;border:0">'

def headers(frm_name, frm_addr, to, subject, extra, auth, domain, spf_ok=True):
    h = []
    if auth:
        res = "pass" if spf_ok else pick(["fail", "softfail", "none"])
        h.append(f"Authentication-Results: mx.{to.split('@')[-1].rstrip(':;') or 'example.org'}; dkim={res} header.i=@{domain}; spf={res} smtp.mailfrom={domain}; dmarc={res} header.from={domain}")
        h.append(f"Received-SPF: {res} (domain of {domain} designates sender)")
    if auth and spf_ok or rng.random() < 0.4:
        h.append(f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={pick(['s1', 'k1', 'mail', 'selector1', 'dkim'])}; h=from:to:subject:date; bh={token(44)}=; b={token(60)}")
    h.append(f"From: {frm_name} <{frm_addr}>" if frm_name else f"From: {frm_addr}")
    h.append(f"To: {to}")
    h.append(f"Subject: {subject}")
    h.append(f"Date: {date()}")
    h.append(f"Message-ID: <{token(20)}@{pick([domain, 'mail.' + domain, pick(ESP)])}>")
    h.append("MIME-Version: 1.0")
    h.extend(extra)
    return h

def encode_subject(s):
    import base64
    if all(ord(c) < 128 for c in s): return s
    return "=?UTF-8?B?" + base64.b64encode(s.encode()).decode() + "?="

def multipart(hs, text, html):
    b = "b_" + token(24)
    out = "\r\n".join(hs) + f'\r\nContent-Type: multipart/alternative; boundary="{b}"\r\n\r\n'
    if text is not None:
        out += f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
    out += f"--{b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n--{b}--\r\n"
    return out

def plain(hs, text):
    return "\r\n".join(hs) + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n"

def html_only(hs, html):
    return "\r\n".join(hs) + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n"

def strip_tags(html):
    import re
    t = re.sub(r"<(style|head)[^>]*>.*?</\1>", "", html, flags=re.S)
    t = re.sub(r"<br\s*/?>|</p>|</tr>|</h\d>", "\n", t)
    t = re.sub(r"<[^>]+>", "", t)
    return re.sub(r"\n\s*\n+", "\n\n", t).strip()

# ---------------------------------------------------------------- HTML shells
def shell(body_rows, preheader, brand, color, lang, footer):
    style = rng.randrange(3)
    pre = f'<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">{preheader}{"&nbsp;&zwnj;" * rng.randrange(5, 40)}</div>' if rng.random() < 0.7 else ""
    head = ('<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
            '<title>%s</title><style>body{margin:0;padding:0;background:#f4f4f4}table{border-collapse:collapse}@media only screen and (max-width:600px){.col{width:100%%!important}}</style></head>') % (lang, brand)
    if style == 0:
        rows = "".join(f'<tr><td class="col" style="padding:16px 24px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:24px;color:#333">{r}</td></tr>' for r in body_rows)
        return f'{head}<body>{pre}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" bgcolor="#f4f4f4"><tr><td align="center"><table role="presentation" width="600" cellpadding="0" cellspacing="0" bgcolor="#ffffff"><tr><td style="background:{color};padding:20px;text-align:center;font-family:Arial;color:#fff;font-size:24px;font-weight:bold">{brand}</td></tr>{rows}<tr><td style="padding:24px;font-size:12px;color:#888;font-family:Arial">{footer}</td></tr></table></td></tr></table></body></html>'
    if style == 1:
        rows = "".join(f'<div class="mj-column-per-100" style="font-size:0;text-align:left;display:inline-block;vertical-align:top;width:100%"><div style="font-family:Ubuntu,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222;padding:10px 25px">{r}</div></div>' for r in body_rows)
        return f'{head}<body style="word-spacing:normal;background-color:#eeeeee">{pre}<div style="background-color:#eeeeee"><div style="margin:0 auto;max-width:600px;background:#fff"><div style="background:{color};color:#fff;padding:18px 25px;font:bold 22px Arial">{brand}</div>{rows}<div style="padding:20px 25px;font:11px Arial;color:#999">{footer}</div></div></div></body></html>'
    rows = "".join(f"<p>{r}</p>" for r in body_rows)
    return f'<html><body style="font-family:sans-serif">{pre}<h2 style="color:{color}">{brand}</h2>{rows}<hr><small>{footer}</small></body></html>'

def button(url, label, color):
    return f'<table role="presentation" cellpadding="0" cellspacing="0"><tr><td bgcolor="{color}" style="border-radius:6px"><a href="{url}" target="_blank" style="display:inline-block;padding:12px 28px;color:#ffffff;font-weight:bold;text-decoration:none">{label}</a></td></tr></table>'

COLORS = ["#e2001a", "#ff6900", "#000000", "#0058a3", "#1db954", "#ffcc00", "#6b2c91", "#00a19a", "#d40511", "#222f3e", "#ff385c", "#0071e3"]

# ---------------------------------------------------------------- ham: promotions
PROMO = {
    "de": {
        "subj": ["{pct} % auf {cat} – nur bis {day}", "Nur heute: {pct} % Rabatt für dich, {name}", "Dein Gutschein über {eur} € ist da", "Sale-Finale: bis zu {pct} % reduziert",
                 "Neu eingetroffen: {cat} für {season}", "{name}, deine Favoriten sind jetzt günstiger", "Gratis Versand ab {eur} € – dieses Wochenende", "Black Week: Die besten Deals bei {brand}",
                 "Jetzt entdecken: Die {season}-Kollektion", "Dein Wochenprospekt ist da", "Mid Season Sale startet jetzt", "Nur für Mitglieder: Extra {pct} %",
                 "Letzte Chance: Angebote enden um Mitternacht", "Deine Bonuspunkte verfallen bald", "Tipps für {season}: unsere Lieblinge"],
        "lines": ["Entdecke jetzt unsere neuen {cat} und spare bis zu {pct} %.", "Mit dem Code <b>{code}</b> bekommst du {pct} % Rabatt auf deine nächste Bestellung.",
                  "Das Angebot gilt bis {day}, solange der Vorrat reicht.", "Kostenloser Versand und 100 Tage Rückgabe – wie immer.",
                  "Unsere Bestseller der Woche: ausgewählt von unserem Team.", "Als Mitglied sammelst du bei jedem Einkauf Punkte.",
                  "Jetzt im Markt und online erhältlich.", "Für {season} haben wir die schönsten {cat} für dich zusammengestellt.",
                  "Nicht vergessen: Dein Gutschein über {eur} € wartet auf dich.", "Bewerte deinen letzten Einkauf und hilf anderen Kundinnen und Kunden.",
                  "Nur für kurze Zeit: {cat} ab {eur},99 €.", "Die Preise gelten nur online und nur für registrierte Kunden."],
        "cta": ["Jetzt shoppen", "Zu den Angeboten", "Gutschein einlösen", "Mehr entdecken", "Jetzt sparen", "Zum Prospekt"],
        "foot": ["Du erhältst diese E-Mail, weil du dich für unseren Newsletter angemeldet hast. <a href=\"{u}\">Abmelden</a> | <a href=\"{p}\">Datenschutz</a> | <a href=\"{i}\">Impressum</a><br>{brand} GmbH, {street}, {city}. Amtsgericht {city}, HRB {hrb}.",
                 "Newsletter abbestellen? <a href=\"{u}\">Hier klicken</a>. Einstellungen ändern: <a href=\"{p}\">Präferenzen</a>.<br>© 2025 {brand} · {street} · {city}",
                 "Diese E-Mail wurde an {to} gesendet. <a href=\"{u}\">Vom Newsletter abmelden</a> · <a href=\"{i}\">Impressum</a>"],
        "cats": ["Sneaker", "Jacken", "Wohnaccessoires", "Kopfhörer", "Laptops", "Pflegeprodukte", "Bücher", "Laufschuhe", "Gartenmöbel", "Küchengeräte", "Spielzeug", "Düfte"],
        "seasons": ["den Frühling", "den Sommer", "den Herbst", "den Winter", "Weihnachten", "Ostern"],
        "days": ["Sonntag", "Montag", "Mitternacht", "31.03.", "Freitag", "Ende des Monats"],
        "cities": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Leipzig", "Stuttgart", "Essen"],
        "streets": ["Hauptstraße 12", "Bahnhofstraße 4", "Industriestraße 88", "Am Markt 3", "Schillerallee 21", "Valentinskamp 70"],
    },
    "en": {
        "subj": ["{pct}% off {cat} – ends {day}", "{name}, your exclusive {pct}% code inside", "Your ${eur} reward is waiting", "Last call: sale ends tonight",
                 "New arrivals for {season}", "Back in stock: your saved items", "Free shipping on orders over ${eur} this weekend", "Black Friday starts now at {brand}",
                 "The {season} edit is here", "This week's top picks for you", "Members get early access", "Don't miss out: extra {pct}% off sale",
                 "Your points are about to expire", "Our favourites for {season}", "Flash sale: 48 hours only"],
        "lines": ["Shop our newest {cat} and save up to {pct}%.", "Use code <b>{code}</b> at checkout for {pct}% off your next order.",
                  "Offer valid until {day} while supplies last.", "Free returns within 30 days, as always.",
                  "Our best sellers this week, hand-picked by the team.", "Members earn points on every purchase.",
                  "Available in stores and online now.", "For {season} we rounded up the best {cat} for you.",
                  "Reminder: your ${eur} credit is ready to use.", "Tell us what you thought of your last order.",
                  "For a limited time: {cat} from ${eur}.99.", "Prices valid online only. Exclusions apply."],
        "cta": ["Shop now", "See the deals", "Redeem now", "Explore", "Get the offer", "Browse the collection"],
        "foot": ["You're receiving this email because you signed up at {brand}. <a href=\"{u}\">Unsubscribe</a> | <a href=\"{p}\">Privacy policy</a><br>{brand} Inc., {street}, {city}",
                 "Not interested anymore? <a href=\"{u}\">Unsubscribe</a> or <a href=\"{p}\">manage preferences</a>.<br>© 2025 {brand}. All rights reserved.",
                 "This email was sent to {to}. <a href=\"{u}\">Unsubscribe</a> · <a href=\"{i}\">View in browser</a>"],
        "cats": ["sneakers", "jackets", "home decor", "headphones", "laptops", "skincare", "books", "running shoes", "outdoor gear", "kitchen gadgets", "toys", "fragrances"],
        "seasons": ["spring", "summer", "fall", "winter", "the holidays", "back to school"],
        "days": ["Sunday", "midnight", "Monday", "March 31", "Friday", "the end of the month"],
        "cities": ["Seattle, WA 98101", "London EC2A 4NE", "Dublin 2", "Portland, OR 97209", "New York, NY 10001", "Amsterdam"],
        "streets": ["410 Terry Ave N", "1 Fore Street", "88 Market St", "200 Park Ave", "Herengracht 500", "25 Broad Lane"],
    },
}

def fill(s, ctx): return s.format(**ctx)

def recipient():
    f, l = person()
    return f, f"{ascii_local(f)}.{ascii_local(l)}{rng.choice(['', str(rng.randrange(1, 99))])}@{pick(RCPT_DOMAINS)}"

def promo(lang_override=None):
    name, domain, lang, sector = pick(SHOPS)
    lang = lang_override or lang
    P = PROMO[lang]
    first, to = recipient()
    ctx = dict(pct=pick([10, 15, 20, 25, 30, 40, 50, 60, 70]), cat=pick(P["cats"]), day=pick(P["days"]), name=first, eur=pick([5, 10, 15, 20, 25, 29, 39, 49, 50]),
               brand=name, season=pick(P["seasons"]), code=token(rng.randrange(5, 9), "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
    subj = fill(pick(P["subj"]), ctx)
    if rng.random() < 0.3: subj = pick(["🔥 ", "⏰ ", "🎁 ", "✨ ", "🛍️ ", "💥 "]) + subj
    color = pick(COLORS)
    rows = []
    for line in rng.sample(P["lines"], rng.randrange(3, 7)):
        rows.append(fill(line, ctx))
    for _ in range(rng.randrange(1, 4)):
        prod = f'<a href="{tracked(domain)}"><img src="https://{pick(["img", "media", "cdn", "static"])}.{domain}/{token(10)}.jpg" width="{pick([180, 260, 560])}" alt="{ctx["cat"]}" style="display:block;border:0"></a>'
        rows.insert(rng.randrange(len(rows) + 1), prod)
    rows.insert(rng.randrange(1, len(rows) + 1), button(tracked(domain), pick(P["cta"]), color))
    if rng.random() < 0.5:
        rows.append(" · ".join(f'<a href="{tracked(domain)}" style="color:#333">{s}</a>' for s in rng.sample(["Instagram", "Facebook", "TikTok", "YouTube", "Pinterest", "X", "LinkedIn"], 3)))
    u, p, i = tracked(domain), f"https://www.{domain}/{pick(['privacy', 'datenschutz', 'preferences'])}", tracked(domain)
    footer = pick(P["foot"]).format(u=u, p=p, i=i, brand=name, street=pick(P["streets"]), city=pick(P["cities"]), hrb=rng.randrange(10000, 250000), to=to)
    html = shell(rows, fill(pick(P["lines"]), ctx).replace("<b>", "").replace("</b>", ""), name, color, lang, footer)
    if rng.random() < 0.6: html = html.replace("</body>", pixel(domain) + "</body>")
    sender = pick(["newsletter", "news", "info", "angebote" if lang == "de" else "offers", "hello", "noreply", "no-reply", "mail"]) + "@" + pick([domain, "mail." + domain, "news." + domain, "e." + domain])
    extra = [f"List-Unsubscribe: <{u}>, <mailto:unsubscribe-{token(12)}@{pick(ESP)}>"] if rng.random() < 0.75 else []
    if extra and rng.random() < 0.8: extra.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    if rng.random() < 0.4: extra.append(f"X-Campaign-ID: {token(12)}")
    if rng.random() < 0.3: extra.append("Precedence: bulk")
    if rng.random() < 0.3: extra.append(f"Feedback-ID: {rng.randrange(1000, 99999)}:{token(6)}:{pick(ESP)}")
    hs = headers(name, sender, to, encode_subject(subj), extra, rng.random() < 0.5, domain)
    text = strip_tags(html) if rng.random() < 0.7 else None
    return multipart(hs, text, html) if rng.random() < 0.9 else html_only(hs, html)

# ---------------------------------------------------------------- ham: editorial newsletters
TOPICS = {
    "de": ["Bundestag beschließt Haushalt", "Energiepreise sinken leicht", "Neue KI-Regeln der EU", "Bahnstreik angekündigt", "Wohnungsmarkt in Großstädten",
           "Open-Source-Projekt erreicht Version 2.0", "Klimabericht vorgestellt", "Rechenzentren und Stromverbrauch", "Datenschutz bei Messengern", "Fußball: Pokal-Halbfinale",
           "Neues Smartphone im Test", "Forschung zu Batteriespeichern", "Kommunalwahlen im Herbst", "Homeoffice-Regeln im Vergleich"],
    "en": ["Parliament passes budget", "Energy prices ease slightly", "New AI rules in the EU", "Rail strike announced", "Housing in big cities",
           "Open-source project hits 2.0", "Climate report released", "Data centers and power use", "Privacy in messaging apps", "Cup semi-final recap",
           "New phone reviewed", "Research on battery storage", "Local elections this autumn", "Remote-work rules compared"],
}
def editorial():
    name, domain, lang = pick(MEDIA)
    first, to = recipient()
    topics = rng.sample(TOPICS[lang], rng.randrange(3, 7))
    subj = pick(["Der Morgen: ", "Die Lage am ", "Wochenrückblick: ", "Newsletter: ", ""] if lang == "de" else ["Morning briefing: ", "The week: ", "Daily: ", "Today: ", ""]) + topics[0]
    color = pick(COLORS)
    rows = [("Guten Morgen, " if lang == "de" else "Good morning, ") + first + "."]
    for t in topics:
        blurb = pick(["Was bisher bekannt ist und was das für Sie bedeutet.", "Eine Analyse unserer Redaktion.", "Die wichtigsten Fragen und Antworten.", "Hintergründe und Reaktionen."] if lang == "de"
                     else ["What we know so far and what it means for you.", "An analysis by our newsroom.", "The key questions answered.", "Background and reactions."])
        rows.append(f'<h3 style="margin:0"><a href="{tracked(domain)}" style="color:#111;text-decoration:none">{t}</a></h3>{blurb} <a href="{tracked(domain)}">{"Weiterlesen" if lang == "de" else "Read more"} →</a>')
    if rng.random() < 0.5:
        rows.append(("Anzeige: " if lang == "de" else "Sponsored: ") + f'<a href="{tracked(domain)}">{pick(["Jetzt Abo testen – 4 Wochen gratis", "Digital-Abo mit 50 % Rabatt", "Try premium free for a month", "Subscribe and save 40%"])}</a>')
    u = tracked(domain)
    footer = (f'Sie erhalten diesen Newsletter, weil Sie ihn abonniert haben. <a href="{u}">Abmelden</a> · <a href="https://www.{domain}/impressum">Impressum</a>' if lang == "de"
              else f'You are subscribed as {to}. <a href="{u}">Unsubscribe</a> · <a href="https://www.{domain}/privacy">Privacy</a>')
    html = shell(rows, topics[1], name, color, lang, footer)
    if rng.random() < 0.6: html = html.replace("</body>", pixel(domain) + "</body>")
    extra = [f"List-Unsubscribe: <{u}>"] if rng.random() < 0.7 else []
    if rng.random() < 0.5: extra.append(f"List-Id: {name} <{token(6)}.list.{domain}>")
    hs = headers(name, f"{pick(['newsletter', 'briefing', 'redaktion' if lang == 'de' else 'editors', 'daily'])}@{domain}", to, encode_subject(subj), extra, rng.random() < 0.5, domain)
    return multipart(hs, strip_tags(html) if rng.random() < 0.7 else None, html)

# ---------------------------------------------------------------- ham: notifications
def notification():
    name, domain, lang = pick(NOTIFIERS)
    first, to = recipient()
    n = rng.randrange(1000000, 99999999)
    de = lang == "de"
    kinds = [
        (f"Deine Sendung {n} ist unterwegs" if de else f"Your order #{n} has shipped", [f"Hallo {first}," if de else f"Hi {first},", "Voraussichtliche Zustellung: morgen zwischen 10 und 14 Uhr." if de else "Estimated delivery: tomorrow between 10am and 2pm.", f'<a href="{tracked(domain)}">{"Sendung verfolgen" if de else "Track package"}</a>']),
        ("Neue Anmeldung bei deinem Konto" if de else "New sign-in to your account", [f"Hallo {first}," if de else f"Hi {first},", f"Wir haben eine Anmeldung von {pick(['Chrome auf Windows', 'Firefox auf Linux', 'Safari auf iPhone'])} festgestellt." if de else f"We noticed a sign-in from {pick(['Chrome on Windows', 'Firefox on Linux', 'Safari on iPhone'])}.", "Wenn du das warst, musst du nichts tun." if de else "If this was you, you don't need to do anything."]),
        ("Deine Rechnung ist da" if de else "Your invoice is available", [f"Rechnungsnummer {n}, Betrag {rng.randrange(5, 200)},{rng.randrange(10, 99)} €." if de else f"Invoice {n}, amount ${rng.randrange(5, 200)}.{rng.randrange(10, 99)}.", "Die Rechnung findest du in deinem Kundenkonto." if de else "You can find the invoice in your account.", "Der Betrag wird per Lastschrift eingezogen." if de else "The amount will be charged to your card on file."]),
        (f"Erinnerung: Termin am {rng.randrange(1, 28)}.{rng.randrange(1, 12)}. um {rng.randrange(8, 18)}:00 Uhr" if de else f"Reminder: appointment on {pick(['Monday', 'Tuesday', 'Thursday'])} at {rng.randrange(8, 18)}:00", ["Bitte bringe deine Versichertenkarte mit." if de else "Please arrive ten minutes early.", "Absagen bis 24 Stunden vorher kostenlos." if de else "Cancel free of charge up to 24 hours before."]),
        (f"[{pick(['mail-helper', 'infra', 'website', 'docs'])}] {pick(['Fix flaky test', 'Add dark mode', 'Bump dependencies', 'Refactor parser'])} (#{rng.randrange(10, 900)})", [f"@{ascii_local(pick(FIRST))} {pick(['approved these changes', 'commented on this pull request', 'requested changes', 'merged this pull request'])}.", pick(["Looks good to me, thanks!", "Can you add a test for the empty case?", "Nit: rename this variable.", "CI is green now."]), f'<a href="https://{domain}/{token(6)}/{token(8)}/pull/{rng.randrange(10, 900)}">View it on {name}</a>']),
        ("Ihr Kontoauszug ist verfügbar" if de else "Your statement is ready", ["Ihr elektronischer Kontoauszug liegt im Postfach Ihres Online-Bankings bereit." if de else "Your monthly statement is now available in online banking.", "Aus Sicherheitsgründen enthalten unsere E-Mails keine Links zur Anmeldung." if de else "For your security, we never ask for your password by email."]),
        ("Dein Passwort wurde geändert" if de else "Your password was changed", ["Das Passwort für dein Konto wurde soeben geändert." if de else "The password for your account was just changed.", "Warst du das nicht? Kontaktiere unseren Support." if de else "If this wasn't you, contact support."]),
        (f"Dein Abo verlängert sich am {rng.randrange(1, 28)}.{rng.randrange(1, 12)}." if de else "Your subscription renews soon", [f"Dein Tarif kostet weiterhin {rng.randrange(3, 30)},99 € im Monat." if de else f"Your plan stays at ${rng.randrange(3, 30)}.99 per month.", "Du kannst jederzeit in den Einstellungen kündigen." if de else "You can cancel any time in settings."]),
        ("Wochenbericht: deine Aktivitäten" if de else "Your weekly summary", [f"Diese Woche: {rng.randrange(2, 40)} Aktivitäten, {rng.randrange(5, 200)} km." if de else f"This week: {rng.randrange(2, 40)} activities, {rng.randrange(5, 200)} km.", f'<a href="{tracked(domain)}">{"Details ansehen" if de else "See details"}</a>']),
    ]
    subj, rows = pick(kinds)
    if de and rng.random() < 0.5:
        subj, rows = formal(subj, first), [formal(row, first) for row in rows]
    sender = f"{pick(['noreply', 'no-reply', 'notifications', 'service', 'account', 'info'])}@{pick([domain, 'mail.' + domain, 'notify.' + domain])}"
    extra = []
    if rng.random() < 0.4: extra.append("Auto-Submitted: auto-generated")
    if rng.random() < 0.2: extra.append(f"List-Unsubscribe: <{tracked(domain)}>")
    hs = headers(name, sender, to, encode_subject(subj), extra, rng.random() < 0.5, domain)
    if rng.random() < 0.35: return plain(hs, strip_tags("<br>".join(rows)))
    color = pick(COLORS)
    foot = f"© 2025 {name}" + (" · Diese E-Mail wurde automatisch erstellt." if de else " · This is an automated message.")
    html = shell(rows, strip_tags(rows[0]), name, color, lang, foot)
    return multipart(hs, strip_tags(html), html)

# German companies and offices write "Sie" as often as "du": the formal
# register must be in the ham as much as in the phishing, or the prior learns
# "formal German = spam".
SIE = [("Warst du das nicht? Kontaktiere", "Waren Sie das nicht? Kontaktieren Sie"), ("musst du", "müssen Sie"), ("Du kannst", "Sie können"), ("findest du", "finden Sie"),
       ("bringe deine", "bringen Sie Ihre"), ("Wenn du", "Wenn Sie"), ("Deine", "Ihre"), ("Dein", "Ihr"), ("deinem", "Ihrem"), ("deine", "Ihre"), ("dein", "Ihr"), ("du ", "Sie ")]
def formal(text, first):
    if text.startswith("Hallo "): return f"Guten Tag {pick(['Frau', 'Herr'])} {pick(LAST)},"
    for a, b in SIE: text = text.replace(a, b)
    return text

FORMAL = {
    "de": [("Ihre Zahlung ist eingegangen", ["vielen Dank, wir haben Ihre Zahlung über {amt} € erhalten.", "Der Betrag wurde Ihrem Kundenkonto {num} gutgeschrieben.", "Bei Fragen erreichen Sie uns werktags von 8 bis 18 Uhr."]),
           ("Ihre Rechnung für {month}", ["Ihre aktuelle Rechnung über {amt} € steht in Ihrem Kundenportal bereit.", "Der Betrag wird am {day}. per Lastschrift von Ihrem Konto abgebucht.", "Sie müssen nichts weiter tun."]),
           ("Bestätigung Ihrer Kündigung", ["hiermit bestätigen wir die Kündigung Ihres Vertrags {num} zum {day}.{mon}.", "Wir bedauern, dass Sie uns verlassen, und danken Ihnen für Ihr Vertrauen."]),
           ("Änderung Ihrer Vertragsbedingungen", ["zum {day}.{mon}. ändern sich die Allgemeinen Geschäftsbedingungen für Ihren Vertrag.", "Die Änderungen finden Sie in der Anlage. Wenn Sie nicht widersprechen, gelten sie als angenommen.", "Ihr Widerspruchsrecht bleibt davon unberührt."]),
           ("Ihr Antrag ist eingegangen", ["Ihr Antrag vom {day}.{mon}. ist bei uns eingegangen und wird bearbeitet.", "Die Bearbeitung dauert in der Regel zwei bis drei Wochen.", "Bitte geben Sie bei Rückfragen das Aktenzeichen {num} an."]),
           ("Nebenkostenabrechnung {year}", ["anbei erhalten Sie die Nebenkostenabrechnung für das Jahr {year}.", "Es ergibt sich eine Nachzahlung von {amt} €, die Sie bitte bis zum {day}.{mon}. überweisen.", "Die Belege können Sie nach Absprache in unserem Büro einsehen."]),
           ("Ihre Schadensmeldung {num}", ["vielen Dank für Ihre Schadensmeldung.", "Wir haben den Vorgang unter der Nummer {num} angelegt. Eine Sachbearbeiterin meldet sich in den nächsten Tagen bei Ihnen.", "Bitte halten Sie Fotos und Belege bereit."]),
           ("Einladung zum Vorstellungsgespräch", ["vielen Dank für Ihre Bewerbung.", "Gern laden wir Sie am {day}.{mon}. um {hour}:00 Uhr zu einem Gespräch in unser Büro ein.", "Bitte bestätigen Sie uns den Termin kurz per E-Mail."]),
           ("Elternbrief: Wandertag am {day}.{mon}.", ["am {day}.{mon}. findet der Wandertag der Klasse statt.", "Bitte geben Sie Ihrem Kind festes Schuhwerk und ein Lunchpaket mit.", "Mit freundlichen Grüßen, die Klassenleitung"]),
           ("Ihre Bestellung {num} beim Fachhandel", ["vielen Dank für Ihre Bestellung.", "Die Ware ist auf Lager und wird voraussichtlich am {day}.{mon}. geliefert.", "Die Rechnung über {amt} € liegt der Lieferung bei."]),
           ("Sicherheitshinweis zu Ihrem Konto", ["wir möchten Sie daran erinnern, dass wir Sie niemals per E-Mail nach Ihrer PIN, TAN oder Ihrem Passwort fragen.", "Melden Sie sich bei Zweifeln immer direkt über unsere App oder Ihre gewohnte Adresse an.", "Diese Nachricht enthält keine Links."]),
           ("Ihr neuer Zugang zum Mitgliederbereich", ["Ihr Zugang zum Mitgliederbereich wurde eingerichtet.", "Ihren Benutzernamen erhalten Sie mit dieser E-Mail, das Passwort haben Sie bei der Registrierung selbst gewählt.", "Bei Fragen wenden Sie sich bitte an die Geschäftsstelle."])],
    "en": [("Payment received", ["Thank you, we have received your payment of ${amt}.", "It has been applied to account {num}.", "Our team is available Monday to Friday, 8am to 6pm."]),
           ("Your invoice for {month}", ["Your latest invoice of ${amt} is available in your customer portal.", "It will be charged to your card on file on the {day}th.", "No action is required."]),
           ("Confirmation of your cancellation", ["This confirms that contract {num} ends on {mon}/{day}.", "We're sorry to see you go and thank you for being a customer."]),
           ("Changes to our terms", ["On {mon}/{day} our terms of service change.", "You can read a summary of the changes in your account settings.", "If you keep using the service, the new terms apply."]),
           ("Your application has been received", ["We have received your application dated {mon}/{day}.", "Processing usually takes two to three weeks.", "Please quote reference {num} in any correspondence."]),
           ("Interview invitation", ["Thank you for applying.", "We would like to invite you to an interview at our office on {mon}/{day} at {hour}:00.", "Please confirm by replying to this email."]),
           ("Your claim {num}", ["Thank you for reporting your claim.", "A case handler will contact you within the next few days.", "Please keep photos and receipts to hand."]),
           ("A reminder about account security", ["We will never ask for your password or one-time codes by email.", "If in doubt, sign in through our app or type our address yourself.", "This message contains no links."])],
}
FORMAL_SENDERS = {"de": ["Stadtwerke", "Hausverwaltung Krämer", "Allianz Versicherung", "HUK-COBURG", "Techniker Krankenkasse", "Bürgeramt", "Grundschule am Park", "Vodafone", "Telekom", "Deutsche Bank", "Volksbank", "Postbank", "Sparkasse", "PayPal", "Amazon.de", "1&1", "Personalabteilung", "Sportverein TSV 1860", "Kanzlei Roth & Partner", "Fachhandel Lindner"],
                  "en": ["City Water", "Harbor Property Management", "Aviva Insurance", "Barclays", "Monzo", "PayPal", "Amazon", "Human Resources", "County Council", "Oakfield Primary School", "BT", "Vodafone UK"]}
MONTHS = {"de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]}
def formal_mail():
    lang = "de" if rng.random() < 0.7 else "en"
    first, to = recipient()
    last = pick(LAST)
    name = pick(FORMAL_SENDERS[lang])
    domain = ascii_local(name.split()[0]).replace("&", "und").replace(".", "").replace("-", "") + pick([".de", ".com", "-online.de", ".org"] if lang == "de" else [".com", ".co.uk", ".org"])
    subj, lines = pick(FORMAL[lang])
    ctx = dict(amt=f"{rng.randrange(5, 900)},{rng.randrange(10, 99)}" if lang == "de" else f"{rng.randrange(5, 900)}.{rng.randrange(10, 99)}", num=f"{token(2, 'ABCDEFGHKLMNPRSTUVWXYZ')}-{rng.randrange(100000, 9999999)}",
               day=rng.randrange(1, 28), mon=rng.randrange(1, 12), month=pick(MONTHS[lang]), year=rng.randrange(2022, 2026), hour=rng.randrange(8, 17))
    greet = pick([f"Sehr geehrte Frau {last},", f"Sehr geehrter Herr {last},", "Sehr geehrte Damen und Herren,", f"Guten Tag {first} {last},"] if lang == "de" else [f"Dear Ms {last},", f"Dear Mr {last},", f"Dear {first},", "Dear customer,"])
    sign = pick(["Mit freundlichen Grüßen", "Freundliche Grüße", "Beste Grüße"] if lang == "de" else ["Kind regards", "Yours sincerely", "Best regards"]) + f"\n{pick(FIRST)} {pick(LAST)}\n{name}"
    body = [greet, ""] + [line.format(**ctx) for line in lines] + ["", sign]
    if rng.random() < 0.5: body.append(pick([f"{name} · {pick(PROMO[lang]['streets'])} · {pick(PROMO[lang]['cities'])}", f"Tel. +49 {rng.randrange(30, 999)} {rng.randrange(100000, 9999999)}", f"www.{domain}"]))
    text = "\n".join(body)
    sender = f"{pick(['info', 'service', 'kundenservice' if lang == 'de' else 'customerservice', 'noreply', ascii_local(pick(FIRST)) + '.' + ascii_local(pick(LAST))])}@{domain}"
    hs = headers(name, sender, to, encode_subject(subj.format(**ctx)), [], rng.random() < 0.5, domain)
    if rng.random() < 0.5: return plain(hs, text)
    html = "<html><body style=\"font-family:Arial,sans-serif;font-size:14px\">" + "".join(f"<p>{x}</p>" if x else "" for x in text.split("\n\n")).replace("\n", "<br>") + "</body></html>"
    return multipart(hs, text, html)

# ---------------------------------------------------------------- ham: personal mail
PERSONAL = {
    "de": [("Treffen am Wochenende?", ["Hast du Samstag Zeit? Wir könnten in den Park gehen oder grillen.", "Sag mir einfach Bescheid, ich bringe Salat mit."]),
           ("Re: Urlaubsfotos", ["Danke für die Fotos! Das am See ist wirklich schön geworden.", "Schickst du mir noch die vom zweiten Tag?"]),
           ("Protokoll der Sitzung", ["Anbei das Protokoll von gestern.", "Bitte schaut bis Freitag drüber, ob alles stimmt.", "Nächster Termin: Dienstag, 14 Uhr."]),
           ("Geburtstag von Oma", ["Wir wollten zusammen ein Geschenk kaufen – bist du dabei?", "Ich dachte an einen Gutschein fürs Theater, etwa 30 € pro Person."]),
           ("Frage zur Rechnung", ["Mir ist aufgefallen, dass die Nebenkosten doppelt berechnet wurden.", "Kannst du dir das bitte ansehen?"]),
           ("Re: Wohnungsübergabe", ["Passt Donnerstag um 18 Uhr?", "Die Schlüssel lege ich dann in den Briefkasten."]),
           ("Kurze Frage", ["Weißt du noch, wie das Restaurant hieß, in dem wir letztes Jahr waren?", "Ich möchte dort für Freitag reservieren."])],
    "en": [("Dinner on Friday?", ["Are you free Friday evening? There's a new Thai place near the station.", "Let me know and I'll book a table."]),
           ("Re: holiday photos", ["Thanks for the pictures! The one at the lake is lovely.", "Could you send the ones from day two as well?"]),
           ("Notes from today's meeting", ["Attached are the notes from this morning.", "Please check them by Friday.", "Next meeting: Tuesday at 2pm."]),
           ("Mum's birthday", ["Shall we get her something together?", "I was thinking of theatre tickets, about £30 each."]),
           ("Question about the rent", ["I think the utilities were charged twice this month.", "Could you have a look?"]),
           ("Re: moving day", ["Does Thursday at 6 work for you?", "I'll leave the keys in the mailbox."]),
           ("Quick question", ["Do you remember the name of the restaurant we went to last year?", "I'd like to book it for Friday."])],
}
def personal():
    lang = pick(["de", "en"])
    f, l = person()
    first, to = recipient()
    subj, lines = pick(PERSONAL[lang])
    dom = pick(RCPT_DOMAINS + ["firma-" + ascii_local(l) + ".de", ascii_local(l) + "-family.net"])
    greet = (pick(["Hallo ", "Hi ", "Liebe/r ", "Moin "]) if lang == "de" else pick(["Hi ", "Hey ", "Dear ", "Hello "])) + first + ","
    sign = (pick(["Viele Grüße", "Liebe Grüße", "LG", "Bis bald"]) if lang == "de" else pick(["Best", "Cheers", "Thanks", "Love"])) + f"\n{f}"
    text = greet + "\n\n" + "\n".join(lines) + "\n\n" + sign
    extra = []
    if subj.startswith("Re:"): extra.append(f"In-Reply-To: <{token(18)}@{to.split('@')[1]}>")
    if rng.random() < 0.3: extra.append(f"User-Agent: {pick(['Mozilla Thunderbird', 'Apple Mail (2.3774)', 'K-9 Mail', 'Roundcube Webmail'])}")
    hs = headers(f"{f} {l}", f"{ascii_local(f)}.{ascii_local(l)}@{dom}", to, encode_subject(subj), extra, rng.random() < 0.5, dom)
    if rng.random() < 0.5: return plain(hs, text)
    html = '<div dir="ltr">' + "".join(f"<div>{x}</div>" if x else "<div><br></div>" for x in text.split("\n")) + "</div>"
    return multipart(hs, text, html)

# ---------------------------------------------------------------- spam and phishing
BRANDS_PHISH = [("PayPal", "de"), ("Sparkasse", "de"), ("DHL", "de"), ("Amazon", "de"), ("Netflix", "en"), ("Apple", "en"), ("Microsoft 365", "en"), ("Volksbank", "de"),
                ("Deutsche Post", "de"), ("ING", "de"), ("Commerzbank", "de"), ("Telekom", "de"), ("Vodafone", "de"), ("Disney+", "en"), ("Coinbase", "en"), ("DKB", "de"),
                ("ELSTER Finanzamt", "de"), ("Booking.com", "en"), ("WhatsApp", "en"), ("Instagram", "en")]
BAD_TLDS = [".xyz", ".top", ".shop", ".online", ".click", ".icu", ".buzz", ".live", ".info", ".site", ".rest", ".cfd", ".sbs", ".store"]
def bad_domain(word=None):
    w = word or pick(["secure", "verify", "konto", "account", "service", "update", "login", "support", "kunden", "hilfe", "auth", "center"])
    return f"{w}-{token(rng.randrange(3, 7))}{pick(BAD_TLDS)}"
def bad_link():
    d = bad_domain()
    return pick([f"https://{d}/{token(8)}/index.php?id={token(12)}", f"http://{d}/{pick(['login', 'verify', 'de', 'auth'])}/{token(6)}", f"https://{token(8)}.{pick(['web.app', 'pages.dev', 'firebaseapp.com', 'r2.dev', 'ngrok-free.app', 'blogspot.com'])}/{token(5)}",
                 f"https://bit.ly/{token(7, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789')}", f"http://{'.'.join(str(rng.randrange(1, 255)) for _ in range(4))}/{token(6)}/"])

PHISH = {
    "de": [("Ihr Konto wurde vorübergehend gesperrt", ["Wir haben ungewöhnliche Aktivitäten in Ihrem Konto festgestellt.", "Zu Ihrer Sicherheit wurde der Zugang eingeschränkt.", "Bitte bestätigen Sie Ihre Identität innerhalb von 24 Stunden, sonst wird Ihr Konto dauerhaft gesperrt."], "Jetzt bestätigen"),
           ("Ihr Paket konnte nicht zugestellt werden", ["Ihre Sendung wartet im Verteilzentrum.", "Es fällt eine Zollgebühr von 1,99 € an.", "Bitte zahlen Sie die Gebühr, damit wir die Zustellung erneut planen können."], "Gebühr bezahlen"),
           ("Letzte Mahnung: offene Zahlung", ["Trotz unserer Erinnerung ist Ihre Zahlung noch nicht eingegangen.", "Wenn Sie nicht innerhalb von 48 Stunden zahlen, wird ein Inkassoverfahren eingeleitet."], "Rechnung ansehen"),
           ("Aktualisierung Ihrer Zahlungsdaten erforderlich", ["Ihre hinterlegte Zahlungsmethode ist abgelaufen.", "Aktualisieren Sie Ihre Daten, um eine Unterbrechung Ihres Dienstes zu vermeiden."], "Daten aktualisieren"),
           ("Neue Sicherheitsrichtlinie: pushTAN-Verfahren", ["Ab dem 1. des Monats ist eine erneute Registrierung für das pushTAN-Verfahren erforderlich.", "Ohne Registrierung können Sie das Online-Banking nicht mehr nutzen."], "Jetzt registrieren"),
           ("Steuerrückerstattung: 487,30 €", ["Nach der letzten Berechnung Ihrer jährlichen Steuer haben Sie Anspruch auf eine Rückerstattung.", "Bitte füllen Sie das Formular aus, um die Erstattung zu erhalten."], "Erstattung anfordern"),
           ("Ihr Postfach ist fast voll", ["Ihr Speicherplatz ist zu 99 % belegt.", "Eingehende Nachrichten werden abgewiesen, bis Sie Ihr Konto verifizieren."], "Speicher erweitern")],
    "en": [("Your account has been suspended", ["We detected unusual activity on your account.", "For your protection, access has been limited.", "Verify your identity within 24 hours or your account will be permanently closed."], "Verify now"),
           ("Delivery failed: action required", ["Your parcel is held at our depot.", "A customs fee of $1.99 is due.", "Pay the fee to reschedule delivery."], "Pay fee"),
           ("Final notice: payment overdue", ["Despite our reminders we have not received your payment.", "If you do not pay within 48 hours, the case goes to a collection agency."], "View invoice"),
           ("Update your payment information", ["Your payment method has expired.", "Update your billing details to avoid interruption of your service."], "Update details"),
           ("Unusual sign-in activity", ["Someone tried to sign in to your account from Russia.", "If this was not you, secure your account immediately."], "Secure account"),
           ("You have (3) pending messages", ["Messages are being held because your mailbox could not be verified.", "Verify your mailbox to release them."], "Release messages"),
           ("Your subscription could not be renewed", ["We were unable to process your last payment.", "Please update your card within 24 hours to keep watching."], "Restore membership")],
}
SPAMMY = {
    "de": [("Verdienen Sie 5.000 € pro Woche von zu Hause", ["Diese geheime Methode nutzen bereits tausende Deutsche.", "Keine Vorkenntnisse nötig – nur 20 Minuten am Tag.", "Die Banken hassen diesen Trick!"], "Jetzt starten"),
           ("Herzlichen Glückwunsch! Sie haben gewonnen", ["Sie wurden als Gewinner eines iPhone 16 Pro ausgewählt.", "Bestätigen Sie Ihre Adresse und zahlen Sie nur die Versandkosten von 2 €."], "Gewinn abholen"),
           ("Bitcoin-Investition: 300 % Rendite garantiert", ["Unsere KI-Trading-Plattform erzielt jeden Tag Gewinne.", "Mindesteinlage nur 250 €. Prominente empfehlen es im Fernsehen."], "Konto eröffnen"),
           ("Abnehmen ohne Diät – 12 kg in 3 Wochen", ["Das neue Wundermittel aus den USA ist endlich in Deutschland.", "Nur heute 70 % Rabatt, solange der Vorrat reicht."], "Jetzt bestellen"),
           ("Kredit ohne Schufa – sofort ausgezahlt", ["Bis zu 50.000 € ohne Bonitätsprüfung.", "Auszahlung innerhalb von 24 Stunden, auch bei negativer Schufa."], "Kredit beantragen"),
           ("Sie haben eine Nachricht von Sabine (28)", ["Sabine hat dein Profil angesehen und möchte dich kennenlernen.", "Singles in deiner Nähe warten auf dich."], "Nachricht lesen"),
           ("Ihre Erbschaft von 4,5 Mio. Euro", ["Ich bin Rechtsanwalt und vertrete den Nachlass eines verstorbenen Kunden mit Ihrem Nachnamen.", "Bitte antworten Sie vertraulich mit Ihren vollständigen Daten."], None),
           ("Potenzprobleme? Die Lösung ist da", ["Diskret geliefert, ohne Rezept.", "Original-Qualität zum Bruchteil des Apothekenpreises."], "Diskret bestellen")],
    "en": [("Make $5,000 a week from home", ["Thousands are already using this secret method.", "No experience needed – just 20 minutes a day.", "Banks hate this one trick!"], "Start now"),
           ("Congratulations! You've been selected", ["You were chosen to receive a free iPhone 16 Pro.", "Just confirm your address and pay $2 shipping."], "Claim reward"),
           ("Crypto: 300% returns guaranteed", ["Our AI trading bot makes profits every single day.", "Minimum deposit only $250. As seen on TV."], "Open account"),
           ("Lose 25 lbs in 3 weeks without dieting", ["The miracle formula doctors don't want you to know about.", "70% off today only while stocks last."], "Order now"),
           ("Pre-approved loan: $50,000 today", ["No credit check, instant approval.", "Funds in your account within 24 hours, even with bad credit."], "Apply now"),
           ("Jessica (26) sent you a private message", ["Jessica viewed your profile and wants to meet.", "Hot singles in your area are waiting."], "Read message"),
           ("Urgent business proposal", ["I am a barrister representing the estate of a late client who shares your surname.", "Kindly reply in confidence with your full details to claim $4.5 million."], None),
           ("Cheap meds, no prescription", ["Discreet shipping worldwide.", "Brand quality at 80% off pharmacy prices."], "Order discreetly"),
           ("Boost your website's Google ranking", ["We noticed your site is not on the first page.", "Our SEO experts guarantee top 3 rankings in 30 days."], None),
           ("RE: Invoice #88213 overdue", ["Please find the overdue invoice attached.", "Kindly process payment today to the new bank account below."], "Open invoice")],
}

def spam_message(kind):
    lang = pick(["de", "en"])
    first, to = recipient()
    if kind == "phish":
        brand, _ = pick(BRANDS_PHISH)
        subj, lines, cta = pick(PHISH[lang])
        disp = pick([brand, f"{brand} Kundenservice" if lang == "de" else f"{brand} Support", f"{brand} Sicherheit" if lang == "de" else f"{brand} Security", "Service", brand.upper()])
        sender_dom = pick([bad_domain(ascii_local(brand.split()[0])), bad_domain(), pick(["gmail.com", "outlook.com", "gmx.de", "yahoo.com", "web.de"]), f"{token(6)}.{pick(['com', 'net', 'org', 'de', 'ru', 'br'])}"])
        sender = f"{pick(['service', 'noreply', 'info', 'security', 'kundenservice', 'support', token(8)])}@{sender_dom}"
        greet = pick([f"Sehr geehrte/r Kunde/in," if lang == "de" else "Dear Customer,", f"Hallo {to}," if lang == "de" else f"Dear {to},", f"Lieber {first}," if lang == "de" else f"Dear {first},"])
        subj = pick(["", "WICHTIG: " if lang == "de" else "URGENT: ", "⚠️ ", f"[{brand}] ", "Re: "]) + subj
    else:
        subj, lines, cta = pick(SPAMMY[lang])
        brand = pick(["Gewinnspiel-Team", "Exklusiv-Angebot", "Support", "Info", "Trading Club", "Top Deals", "Dr. Weber", "Reward Center", "Your Friend", "Susan Clark", "Mr. Williams"])
        sender_dom = pick([bad_domain(pick(["deals", "news", "promo", "mail", "club", "gewinn", "offer"])), f"{token(7)}.{pick(['com', 'net', 'ru', 'cn', 'br', 'in'])}", pick(["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "mail.ru"])])
        sender = f"{pick([token(8), 'info', 'news', 'contact', 'promo', ascii_local(pick(FIRST)) + str(rng.randrange(10, 999))])}@{sender_dom}"
        disp = brand
        greet = pick(["Hallo,", "Hallo Freund,", f"Hallo {first}!", "Guten Tag,"] if lang == "de" else ["Hello,", "Dear friend,", f"Hi {first}!", "Greetings,"])
        if rng.random() < 0.3: subj = subj.upper()
    link = bad_link()
    color = pick(COLORS)
    rows = [greet] + lines
    if cta: rows.append(button(link, cta, color) if rng.random() < 0.7 else f'<a href="{link}">{cta}</a>')
    if rng.random() < 0.4: rows.append(pick(["Mit freundlichen Grüßen<br>Ihr Kundenservice-Team", "Vielen Dank für Ihr Verständnis.", "Best regards,<br>Customer Support", "Thank you for your cooperation."]))
    if rng.random() < 0.4: rows.append(f'<a href="{bad_link()}" style="color:#999">{"Abmelden" if lang == "de" else "Unsubscribe"}</a>')
    extra = []
    if rng.random() < 0.3: extra.append(f"Reply-To: {token(8)}@{pick(['gmail.com', 'outlook.com', 'proton.me', bad_domain()])}")
    if rng.random() < 0.3: extra.append(f"List-Unsubscribe: <{bad_link()}>")
    if rng.random() < 0.3: extra.append(f"X-Mailer: {pick(['PHPMailer 6.8.0', 'Microsoft Outlook 16.0', 'Sendinblue', 'Leaf PHPMailer'])}")
    auth = rng.random() < 0.5
    hs = headers(disp, sender, to if rng.random() < 0.8 else f"undisclosed-recipients:;", encode_subject(subj), extra, auth, sender_dom, spf_ok=rng.random() < 0.4)
    style = rng.randrange(5)
    if style == 0: return plain(hs, strip_tags("<br>".join(rows)).replace(cta or "~~", f"{cta or ''}: {link}"))
    html = shell(rows, strip_tags(lines[0]), disp, color, lang, pick(["© 2025 " + disp, "", "Diese E-Mail wurde automatisch generiert." if lang == "de" else "This is an automated message, please do not reply."])) if style < 4 else "<html><body>" + "<br>".join(rows) + "</body></html>"
    if rng.random() < 0.3: html = html.replace("</body>", pixel(sender_dom) + "</body>")
    return multipart(hs, strip_tags(html) if rng.random() < 0.6 else None, html) if rng.random() < 0.8 else html_only(hs, html)

# ---------------------------------------------------------------- write
COUNTS = {"ham": [("promo", 160), ("editorial", 40), ("notification", 80), ("formal", 70), ("personal", 40)], "spam": [("phish", 130), ("spammy", 110)]}
MAKERS = {"promo": promo, "editorial": editorial, "notification": notification, "personal": personal, "formal": formal_mail, "phish": lambda: spam_message("phish"), "spammy": lambda: spam_message("spammy")}

def main():
    for label, kinds in COUNTS.items():
        folder = os.path.join(HERE, label)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for kind, count in kinds:
            for i in range(count):
                raw = MAKERS[kind]()
                with open(os.path.join(folder, f"{kind}-{i:03d}.eml"), "w", encoding="utf-8", newline="") as fh:
                    fh.write(raw)
    print({label: sum(c for _, c in kinds) for label, kinds in COUNTS.items()})

if __name__ == "__main__":
    main()
