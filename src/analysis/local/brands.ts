/**
 * Brands phishing mail pretends to be, for German- and English-speaking
 * users, with the domains their real mail comes from. Maintained by hand:
 * add a brand when phishing in its name is seen, add a domain when a
 * brand's real mail is flagged (its mail then counts as the brand's own).
 *
 * `names` are matched lower case, as whole words, in the display name, the
 * subject and the body; `domains` are registrable domains (see
 * ./domains.ts organisationDomain), any subdomain counts. A brand's
 * `token` is what a look-alike domain would contain ("sparkasse-online.info").
 */
import { skeleton } from "./domains.ts";

export interface Brand {
  /** Shown in the reason. */
  label: string;
  names: string[];
  domains: string[];
  /** Distinctive enough to look for inside other domain names; none for short or common words. */
  token?: string;
  /** Registrable domains that are the brand's too, when it has too many to list (every Sparkasse has its own). */
  domainPattern?: RegExp;
}

/**
 * Words a domain of the pattern never holds but phishing domains do: a
 * Sparkasse's own domain names its region ("sparkasse-koelnbonn.de"), never
 * "sparkasse-pushtan-erneuerung.de" or "vr-banking-sicherheit.de".
 */
const IMPOSTOR_WORDS =
  /tan|login|secur|sicher|verif|updat|erneuer|aktual|konto|kunde|service|support|portal|banking|online|app|freischalt|bestaetig|sperr|check|info|hilfe|center|zentrale|pruef|update|legitim|ident/;
const matchesPattern = (brand: Brand, domain: string) => Boolean(brand.domainPattern?.test(domain)) && !IMPOSTOR_WORDS.test(domain.replace(/^[a-z]+-/, ""));

export const BRANDS: Brand[] = [
  // Banks and payment
  {
    label: "Sparkasse",
    names: ["sparkasse", "sparkassen", "s-pushtan", "pushtan", "haspa"],
    // Each Sparkasse has its own domain (sparkasse-koelnbonn.de, ksk-…, spk-…): all start with these; Hamburg's is haspa.de.
    domains: ["sparkasse.de", "sparkasse.at", "s-payment.com", "starfinanz.de", "dsgv.de", "sparkasse.net", "f-i.de", "haspa.de"],
    token: "sparkasse",
    domainPattern: /^(?:sparkasse|kreissparkasse|stadtsparkasse|ksk|spk)-[a-z0-9-]+\.de$/,
  },
  {
    label: "Volksbank",
    names: ["volksbank", "raiffeisenbank", "volksbanken raiffeisenbanken", "vr-bank", "vr banking", "securego", "vr-securego", "vr securego", "vr-securego plus"],
    domains: ["vr.de", "volksbank.de", "atruvia.de", "fiduciagad.de", "dzbank.de"],
    token: "volksbank",
    domainPattern: /^(?:volksbank|vb|vr|vrbank|raiba|raiffeisenbank)-[a-z0-9-]+\.de$/,
  },
  { label: "Deutsche Bank", names: ["deutsche bank", "db banking"], domains: ["deutsche-bank.de", "db.com", "deutsche-bank.com"], token: "deutsche-bank" },
  { label: "Commerzbank", names: ["commerzbank", "comdirect"], domains: ["commerzbank.de", "commerzbank.com", "comdirect.de"], token: "commerzbank" },
  { label: "ING", names: ["ing-diba", "ing diba", "ing deutschland"], domains: ["ing.de", "ing.com", "ing-diba.de", "ing.at"] },
  // No token: "revolut" begins "revolution".
  { label: "Revolut", names: ["revolut"], domains: ["revolut.com", "revolut.me"] },
  { label: "Wise", names: ["transferwise", "wise payments"], domains: ["wise.com", "transferwise.com"] },
  // Banks and posts of the English-speaking phishing collections.
  { label: "Bank of America", names: ["bank of america", "bofa"], domains: ["bankofamerica.com", "bofa.com", "ealerts.bankofamerica.com"], token: "bankofamerica" },
  { label: "Chase", names: ["chase bank", "jpmorgan chase", "chase online"], domains: ["chase.com", "jpmorganchase.com", "jpmorgan.com"] },
  { label: "Wells Fargo", names: ["wells fargo"], domains: ["wellsfargo.com", "wf.com"], token: "wellsfargo" },
  { label: "Barclays", names: ["barclays"], domains: ["barclays.co.uk", "barclays.com"], token: "barclays" },
  { label: "HSBC", names: ["hsbc"], domains: ["hsbc.co.uk", "hsbc.com", "hsbc.de"], token: "hsbc" },
  { label: "USPS", names: ["usps", "us postal service", "united states postal service"], domains: ["usps.com", "usps.gov"], token: "usps" },
  { label: "Royal Mail", names: ["royal mail"], domains: ["royalmail.com", "royalmail.co.uk"], token: "royalmail" },
  { label: "N26", names: ["n26"], domains: ["n26.com", "n26.de"] },
  { label: "Postbank", names: ["postbank"], domains: ["postbank.de"], token: "postbank" },
  { label: "Santander", names: ["santander"], domains: ["santander.de", "santander.com", "santander.co.uk", "santanderconsumer.de"], token: "santander" },
  { label: "DKB", names: ["dkb", "deutsche kreditbank"], domains: ["dkb.de"] },
  { label: "Targobank", names: ["targobank"], domains: ["targobank.de"], token: "targobank" },
  { label: "Consorsbank", names: ["consorsbank"], domains: ["consorsbank.de"], token: "consors" },
  { label: "PayPal", names: ["paypal"], domains: ["paypal.com", "paypal.de", "paypal-communication.com", "paypal.me", "paypal-community.com", "paypalobjects.com"], token: "paypal" },
  { label: "Klarna", names: ["klarna"], domains: ["klarna.com", "klarna.de"], token: "klarna" },
  { label: "Visa", names: ["visa secure", "verified by visa"], domains: ["visa.com", "visa.de"] },
  { label: "Mastercard", names: ["mastercard"], domains: ["mastercard.com", "mastercard.de"], token: "mastercard" },
  { label: "American Express", names: ["american express", "amex"], domains: ["americanexpress.com", "aexp.com", "amex.de"], token: "americanexpress" },
  // Parcels and post
  { label: "DHL", names: ["dhl"], domains: ["dhl.de", "dhl.com", "dpdhl.com", "deutschepost.de", "dhl-news.com"], token: "dhl" },
  { label: "Deutsche Post", names: ["deutsche post"], domains: ["deutschepost.de", "dhl.de", "dpdhl.com", "deutsche-post.de"], token: "deutschepost" },
  {
    label: "Hermes",
    names: ["hermes paket", "hermes paketservice", "hermes zustellung", "hermes germany", "hermes versand", "myhermes"],
    domains: ["myhermes.de", "hermesworld.com", "hermes-europe.eu"],
  },
  { label: "DPD", names: ["dpd"], domains: ["dpd.de", "dpd.com", "dpdgroup.com"] },
  { label: "GLS", names: ["gls paket", "gls-paket", "gls germany", "gls group", "gls parcel"], domains: ["gls-group.eu", "gls-pakete.de", "gls-group.com"] },
  // Not "ups": German for "oops". Nor plain "hermes", "norton", "zoll" or "ing" anywhere below: surnames, the
  // German inch and the engineer's title ("Dipl.-Ing.") would read as the brand.
  // Its token only counts as a whole part of a domain's label ("ups-delivery-notice.com"), not inside "startups".
  { label: "UPS", names: ["ups paket", "ups-sendung", "ups sendung", "ups delivery", "ups customer service", "ups my choice"], domains: ["ups.com"], token: "ups" },
  { label: "FedEx", names: ["fedex"], domains: ["fedex.com"], token: "fedex" },
  // Shops, platforms, software
  {
    label: "Amazon",
    names: ["amazon", "prime video"],
    domains: ["amazon.de", "amazon.com", "amazon.co.uk", "amazon.at", "amazonses.com", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl", "primevideo.com"],
    token: "amazon",
  },
  { label: "eBay", names: ["ebay"], domains: ["ebay.de", "ebay.com", "ebay.co.uk", "ebay.at", "ebay-kleinanzeigen.de", "kleinanzeigen.de", "ebaystatic.com"], token: "ebay" },
  { label: "Kleinanzeigen", names: ["kleinanzeigen", "ebay kleinanzeigen"], domains: ["kleinanzeigen.de", "ebay-kleinanzeigen.de"], token: "kleinanzeigen" },
  // Supermarkets: their names carry the "anniversary voucher" and "survey" scams.
  {
    label: "Lidl",
    names: ["lidl", "lidl plus"],
    domains: ["lidl.de", "lidl.com", "lidl.at", "lidl.ch", "lidl.co.uk", "lidlplus.com", "lidl-reisen.de", "lidl-fotos.de", "lidl-shop.de"],
    token: "lidl",
  },
  {
    label: "Aldi",
    names: ["aldi", "aldi süd", "aldi nord", "aldi talk"],
    domains: ["aldi.de", "aldi-sued.de", "aldi-nord.de", "aldi.com", "alditalk.de", "aldi-reisen.de", "aldi-onlineshop.de"],
    token: "aldi",
  },
  { label: "Booking.com", names: ["booking.com"], domains: ["booking.com", "bstatic.com"] },
  { label: "Airbnb", names: ["airbnb"], domains: ["airbnb.com", "airbnb.de"], token: "airbnb" },
  {
    label: "Apple",
    names: ["apple", "apple id", "apple-id", "icloud", "itunes", "apple pay", "apple support", "app store", "app store billing"],
    domains: ["apple.com", "icloud.com", "me.com", "mac.com", "apple.de"],
    token: "appleid",
  },
  {
    label: "Microsoft",
    names: ["microsoft", "office 365", "microsoft 365", "onedrive", "hotmail", "sharepoint", "outlook web", "outlook.com"],
    domains: [
      "microsoft.com",
      "microsoftonline.com",
      "office.com",
      "office365.com",
      "outlook.com",
      "live.com",
      "hotmail.com",
      "sharepoint.com",
      "onedrive.com",
      "microsoft.de",
      "windows.com",
      "azure.com",
    ],
    token: "microsoft",
  },
  { label: "Google", names: ["google", "gmail"], domains: ["google.com", "google.de", "gmail.com", "youtube.com", "googlemail.com", "accounts.google.com"] },
  { label: "Netflix", names: ["netflix"], domains: ["netflix.com", "netflix.net"], token: "netflix" },
  { label: "Disney+", names: ["disney+", "disney plus", "disneyplus"], domains: ["disneyplus.com", "disney.com", "disney.de", "disneystreaming.com"], token: "disneyplus" },
  { label: "Spotify", names: ["spotify"], domains: ["spotify.com"], token: "spotify" },
  {
    label: "Facebook",
    names: ["facebook", "meta business", "meta for business", "meta business suite", "meta support", "meta verified"],
    domains: ["facebook.com", "facebookmail.com", "meta.com", "instagram.com", "metamail.com"],
    token: "facebook",
  },
  { label: "WhatsApp", names: ["whatsapp"], domains: ["whatsapp.com", "whatsapp.net", "facebookmail.com"], token: "whatsapp" },
  { label: "Instagram", names: ["instagram"], domains: ["instagram.com", "facebookmail.com", "mail.instagram.com"], token: "instagram" },
  { label: "LinkedIn", names: ["linkedin"], domains: ["linkedin.com"], token: "linkedin" },
  { label: "Dropbox", names: ["dropbox"], domains: ["dropbox.com", "dropboxmail.com"], token: "dropbox" },
  {
    label: "Adobe",
    names: ["adobe", "adobe sign", "adobe acrobat", "acrobat sign", "adobe document cloud"],
    domains: ["adobe.com", "adobesign.com", "echosign.com", "adobe.de", "adobe.io"],
    token: "adobe",
  },
  { label: "Zoom", names: ["zoom", "zoom meetings", "zoom video communications"], domains: ["zoom.us", "zoom.com", "zoomgov.com", "zoom.de"], token: "zoom" },
  { label: "DocuSign", names: ["docusign"], domains: ["docusign.net", "docusign.com"], token: "docusign" },
  { label: "WeTransfer", names: ["wetransfer"], domains: ["wetransfer.com"], token: "wetransfer" },
  { label: "DocSend", names: ["docsend"], domains: ["docsend.com"], token: "docsend" },
  {
    label: "Norton",
    names: ["norton 360", "norton antivirus", "norton lifelock", "norton ultimate", "norton security", "nortonlifelock", "lifelock"],
    domains: ["norton.com", "nortonlifelock.com", "gen.com"],
    token: "norton",
  },
  { label: "Geek Squad", names: ["geek squad", "best buy"], domains: ["bestbuy.com", "geeksquad.com", "emailinfo.bestbuy.com"], token: "geeksquad" },
  { label: "McAfee", names: ["mcafee antivirus", "mcafee total protection", "mcafee security"], domains: ["mcafee.com"], token: "mcafee" },
  // Crypto exchanges and wallets
  { label: "Binance", names: ["binance"], domains: ["binance.com"], token: "binance" },
  { label: "MetaMask", names: ["metamask"], domains: ["metamask.io", "consensys.io", "consensys.net"], token: "metamask" },
  { label: "Trust Wallet", names: ["trust wallet", "trustwallet"], domains: ["trustwallet.com"], token: "trustwallet" },
  { label: "OpenSea", names: ["opensea"], domains: ["opensea.io"], token: "opensea" },
  { label: "Proton", names: ["proton mail", "protonmail", "proton account"], domains: ["proton.me", "protonmail.com", "proton.ch", "pm.me"], token: "protonmail" },
  // Not plain "ledger": an ordinary word ("The Morning Ledger"), in names and inside domains alike.
  { label: "Ledger", names: ["ledger live", "ledger support", "ledger wallet", "ledger nano"], domains: ["ledger.com", "ledgerwallet.com"] },
  { label: "Trezor", names: ["trezor"], domains: ["trezor.io"], token: "trezor" },
  { label: "Coinbase", names: ["coinbase"], domains: ["coinbase.com"], token: "coinbase" },
  { label: "PancakeSwap", names: ["pancakeswap"], domains: ["pancakeswap.finance"], token: "pancakeswap" },
  { label: "Uniswap", names: ["uniswap"], domains: ["uniswap.org"], token: "uniswap" },
  { label: "Trade Republic", names: ["trade republic"], domains: ["traderepublic.com"], token: "traderepublic" },
  // Telecoms and mail providers
  { label: "Telekom", names: ["telekom", "t-online", "magentatv"], domains: ["telekom.de", "t-online.de", "telekom.com", "t-mobile.de", "magenta.de"], token: "telekom" },
  { label: "Vodafone", names: ["vodafone"], domains: ["vodafone.de", "vodafone.com", "kabeldeutschland.de"], token: "vodafone" },
  { label: "O2", names: ["o2", "telefónica", "telefonica"], domains: ["o2online.de", "telefonica.de", "o2.de"] },
  { label: "1&1", names: ["1&1", "1und1", "ionos"], domains: ["1und1.de", "ionos.de", "ionos.com", "1and1.com", "united-internet.de"], token: "1und1" },
  { label: "GMX", names: ["gmx"], domains: ["gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com"] },
  { label: "WEB.DE", names: ["web.de"], domains: ["web.de"] },
  // Authorities
  {
    label: "ELSTER / Finanzamt",
    names: ["elster", "finanzamt", "bundeszentralamt für steuern", "steuererstattung", "steuerrückerstattung"],
    domains: ["elster.de", "bzst.de", "bund.de", "finanzamt.de", "bzst.bund.de"],
    token: "elster",
  },
  { label: "Bundesagentur für Arbeit", names: ["bundesagentur für arbeit", "arbeitsagentur", "familienkasse"], domains: ["arbeitsagentur.de"], token: "arbeitsagentur" },
  { label: "Deutsche Rentenversicherung", names: ["rentenversicherung"], domains: ["deutsche-rentenversicherung.de", "drv-bund.de"] },
  { label: "ARD ZDF Beitragsservice", names: ["beitragsservice", "rundfunkbeitrag"], domains: ["rundfunkbeitrag.de"], token: "beitragsservice" },
  { label: "HMRC", names: ["hmrc", "hm revenue"], domains: ["hmrc.gov.uk", "gov.uk"] },
  { label: "Zoll", names: ["zollamt", "deutscher zoll", "zoll online", "generalzolldirektion"], domains: ["zoll.de", "bund.de"] },
  { label: "Deutschlandticket", names: ["deutschlandticket", "deutschland-ticket", "d-ticket"], domains: ["deutschlandticket.de", "bahn.de", "dein-deutschlandticket.de"], token: "deutschlandticket" },
  { label: "Deutsche Bahn", names: ["deutsche bahn", "db fernverkehr", "db navigator"], domains: ["bahn.de", "deutschebahn.com", "bahn.com"] },
  {
    label: "Polizei",
    names: ["polizei", "bundespolizei", "bundeskriminalamt", "landeskriminalamt", "kriminalpolizei", "europol", "interpol"],
    domains: ["polizei.de", "bka.de", "bundespolizei.de", "europol.europa.eu", "interpol.int"],
    token: "polizei",
    // Several states' police have their own domain (polizei-bw.de, polizei.nrw); any other "polizei-…" is not theirs.
    domainPattern: /^polizei(?:-(?:bw|nds|sh|mv|rlp|sachsen|brandenburg|berlin|beratung))?\.(?:de|nrw)$/,
  },
  { label: "ADAC", names: ["adac"], domains: ["adac.de", "adac.com", "adac-reisen.de", "adac-autovermietung.de"], token: "adac" },
  { label: "AOK", names: ["aok"], domains: ["aok.de"] },
  { label: "Techniker Krankenkasse", names: ["techniker krankenkasse"], domains: ["tk.de"] },
  // Brazil's: the phishing collections' second language after English (a German user gets no real mail from them).
  { label: "Banco do Brasil", names: ["banco do brasil"], domains: ["bb.com.br"] },
  { label: "Bradesco", names: ["bradesco"], domains: ["bradesco.com.br", "bradescoseguros.com.br"], token: "bradesco" },
  { label: "Itaú", names: ["itaú", "itau"], domains: ["itau.com.br"] },
  { label: "Caixa", names: ["caixa econômica", "caixa economica", "caixa tem"], domains: ["caixa.gov.br"] },
  { label: "Correios", names: ["correios"], domains: ["correios.com.br"], token: "correios" },
  { label: "Nubank", names: ["nubank"], domains: ["nubank.com.br", "nu.com.br"], token: "nubank" },
  { label: "Livelo", names: ["livelo"], domains: ["livelo.com.br"], token: "livelo" },
  {
    label: "Mercado Livre",
    names: ["mercado livre", "mercado libre", "mercadopago", "mercado pago"],
    domains: ["mercadolivre.com.br", "mercadolibre.com", "mercadopago.com.br", "mercadopago.com"],
    token: "mercadolivre",
  },
  { label: "Receita Federal", names: ["receita federal", "detran"], domains: ["gov.br"] },
];

/** Brand names, longest first, as one whole-word pattern (lower case). */
export const BRAND_NAME_PATTERN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${BRANDS.flatMap((brand) => brand.names)
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\&]/g, (char) => (char === "&" ? "&" : `\\${char}`)))
    .join("|")})(?![\p{L}\p{N}])`,
  "u",
);

const BY_NAME = new Map(BRANDS.flatMap((brand) => brand.names.map((name) => [name, brand] as const)));

/** The brand a matched (lower-case) name belongs to. */
export const brandByName = (name: string) => BY_NAME.get(name);

const BY_LABEL = new Map(BRANDS.map((brand) => [brand.label.toLowerCase(), brand] as const));

/** The brand whose label (lower case, "ledger") this is. */
export const brandByLabel = (label: string) => BY_LABEL.get(label);

/** Brands whose token is distinctive enough to look for inside other domains. */
export const BRAND_TOKENS = BRANDS.filter((brand) => brand.token).map((brand) => ({ brand, token: brand.token!, folded: skeleton(brand.token!) }));

/** The brand a registrable domain belongs to, if any. */
export function brandOfDomain(domain: string): Brand | undefined {
  return DOMAIN_BRANDS.get(domain) ?? BRANDS.find((brand) => matchesPattern(brand, domain));
}
const DOMAIN_BRANDS = new Map(BRANDS.flatMap((brand) => brand.domains.map((domain) => [domain, brand] as const)));

export const isBrandDomain = (brand: Brand, domain: string) => brand.domains.includes(domain) || matchesPattern(brand, domain);
