/**
 * The words and names phishing and scams are told by (./phishing.ts weighs
 * them): what they ask for, the bait and the pressure, the payloads and
 * the lures, in German and English.
 */

/** A request to hand over or "confirm" account data: what phishing is for (lower case). */
export const CREDENTIAL_REQUEST =
  /(?<![\p{L}])(?:(?:ihr(?:e|en)? |deine?n? )?(?:konto|kundenkonto|identität|daten|angaben|kundendaten|zahlungsdaten|zahlungsinformationen|zahlungsmethode|kontodaten|zugangsdaten|karte|kreditkarte|kennung|uni-kennung|benutzerkennung) (?:\S+ ){0,3}?(?:zu )?(?:bestätigen|verifizieren|aktualisieren|überprüfen|entsperren|freischalten|abgleichen|reaktivieren|legitimieren)|pushtan|photo-?tan|chiptan|tan-(?:verfahren|liste|generator)|kreditkarten(?:daten|nummer)|zugangsdaten|sicherheitsüberprüfung|verifizierung (?:ihres|ihrer|deines|deiner)|(?:verify|confirm|update|validate|restore|unlock|reactivate|synchroni[sz]e) (?:your|the) (?:account|identity|details|information|payment|billing|card|access|login|mailbox|apple id|wallet)|account verification|security check|(?:re-?)?enter your (?:password|card|details)|(?:secret )?recovery phrase|seed[- ]phrase|wallet phrase|wiederherstellungsphrase|private key|(?:ihre|deine|your) (?:bankverbindung|kontoverbindung|bank details|iban|account details) (?:\S+ ){0,3}(?:an|angeben|mitteilen|eingeben|bestätigen|provide|enter|confirm)|(?:provide|enter|confirm|update) your (?:bank details|account details|iban)|(?:password|passwort|kennwort) (?:\S+ ){0,4}(?:expires?|abläuft|läuft (?:\S+ )?ab|expired|abgelaufen)|keep (?:current|same|your) password|aktuelles (?:passwort|kennwort) beibehalten|(?:sichern|schützen) sie (?:jetzt |sofort |umgehend )?(?:ihr|ihren) (?:konto|zugang|account)|(?:sichere|schütze) (?:jetzt |sofort )?(?:dein|deinen) (?:konto|zugang|account)|secure your account|(?:mit|with) (?:ihrer|ihrem|deiner|deinem|your) (?:\S+ )?(?:e-?mail|microsoft|office|outlook|google|firmen|work|business)[\p{L}-]* (?:\S+ ){0,2}?(?:anmelden|einloggen|sign in|log in|login)|(?:sign|log) in with your (?:microsoft|office|outlook|google|work|business|e-?mail)\S*)(?![\p{L}])/u;
/** Words of signing in: in phishing, but in every newsletter about software too, so weak (lower case). */
export const CREDENTIAL_WORD = /(?<![\p{L}])(?:passwor[dt]|kennwort|log-?in|einloggen|anmelden|sign[- ]in|log[- ]in|pin|tan)(?![\p{L}])/u;
/** Pressure to act at once, typical of phishing (lower case). */
export const PRESSURE =
  /(?<![\p{L}])(?:(?:konto|zugang|karte|account) (?:\S+ ){0,3}?(?:gesperrt|eingeschränkt|deaktiviert|gelöscht|locked|suspended|limited|restricted|on hold|disabled|deactivated)|vorübergehend (?:gesperrt|eingeschränkt)|innerhalb (?:von |der nächsten )?(?:\d+|zwei|drei|sieben) (?:stunden|tagen|werktagen)|letzte (?:warnung|aufforderung)|ungewöhnliche aktivität|verdächtige aktivität|unbefugte[rn]? zugriff|unusual (?:sign-in )?activity|suspicious activity|within (?:\d+|24|48) hours|final (?:warning|notice)|will be (?:closed|deleted|suspended|deactivated|terminated)|(?:prevent|avoid) (?:any |the )?(?:suspension|deactivation|account closure)|wird (?:\S+ ){0,2}(?:gesperrt|gelöscht|deaktiviert))(?![\p{L}])/u;
/** Prize and advance-fee bait (lower case): a win announced, an inheritance waiting. */
export const PRIZE =
  /(?<![\p{L}])(?:(?:haben|hast) (?:\S+ ){0,6}?gewonnen|(?:sind|bist) (?:der|ein|unser) (?:\S+ ){0,3}?gewinner|gewinnbenachrichtigung|lotterie|lottogewinn|erbschaft(?:s\p{L}*)?|nachlass(?:es)? (?:\S+ ){0,3}(?:verstorbenen|mandanten)|you(?:'ve| have)? (?:\S+ ){0,3}won|(?:you are|you're) (?:a|the|our) (?:\S+ )?winner|lottery|inheritance|claim your (?:\S+ )?(?:prizes?|rewards?|airdrop|tokens)|gratis[- ]iphone|free iphone)(?![\p{L}])/u;
/**
 * The giveaway scam's words (lower case): a draw, a voucher "worth" a sum, the
 * reader "selected" as a finalist, a prize to confirm or collect. A shop's
 * own raffle uses one or two of them too, so they count only from a sender
 * nobody vouches for, and by how many distinct ones the mail holds (see
 * `prizeBait`).
 */
export const GIVEAWAY =
  /(?<![\p{L}])(?:gewinnspiel\p{L}*|verlos(?:en|t|ung|ungen)|(?:wurden|wurdest|sind|bist|wurde) (?:\S+ ){0,3}?ausgewählt|ausgewählt (?:worden|um|für)|finalist(?:en|in|innen|s)?|airdrop\p{L}*|claim (?:\S+ )?rewards?|(?:gutschein|geschenkkarte|geschenkgutschein|einkaufsgutschein|warengutschein|gutscheinkarte|geschenk|prämie|belohnung|gift ?card|voucher|reward|prize|coupon)\p{L}* (?:\S+ ){0,3}?(?:im wert von|worth|valued at)|gewinn(?:daten|bestätigung|anspruch|zentrale|code)|(?:gewinn|preis|geschenk|belohnung|prämie|teilnahme|prize|reward|gift) (?:\S+ ){0,2}?(?:bestätigen|abholen|einfordern|anfordern|einlösen|beanspruchen|claim|collect|redeem)|(?:gewinnen sie|gewinne jetzt|win) (?:\S+ )?(?:brandneue[sn]?|brand new|kostenlose[sn]?|free)|(?:ihre|deine|your) (?:\S+ )?chance (?:auf|to win)|(?:gratis|kostenlose?[nrs]?|free) (?:\S+ ){0,2}?(?:iphone|ipad|samsung|galaxy|testpaket|produktpaket|geschenk\p{L}*|gift)|treue(?:bonus|belohnung|prämie|geschenk)|(?:loyalty|exclusive|customer|anniversary) (?:reward|gift|bonus)s?|(?:kurze|kleine|short|quick|brief) (?:\S+ )?(?:umfrage|survey)|sweepstakes?|giveaway|raffle|enter to win|produkt-?tester\p{L}*|product tester|(?:möglicher?|exklusive?r?|glückliche[rn]?) (?:\S+ )?gewinner|(?:ihre|deine|einmalige|heute die) chance(?! auf (?:ein|eine) (?:gespräch|termin))|im wert von \d|(?:gutschein|geschenk|prämie|paket)\p{L}* (?:\S+ ){0,2}?sichern|sichern sie sich (?:\S+ ){0,4}?(?:gutschein|geschenk|prämie|paket)\p{L}*|(?:gratis|kostenlose?[nrs]?) (?:\S+ ){0,2}?(?:probierpaket|paket|probe)|(?:\d\.|letzter|zweiter|dritter) versuch\p{L}*|sofortgewinn\p{L}*|gewinn\p{L}* (?:\S+ )?wartet|(?:prize|reward|gift) (?:\S+ )?(?:is )?waiting|herzlichen glückwunsch|wir gratulieren|congratulations|(?:\d(?:st|nd|rd|th)|final|last|second|third) attempt|(?:konnten|haben) (?:\S+ ){0,3}?nicht erreich\p{L}*|(?:unable|tried) to (?:reach|contact) you|(?:you(?:'ve| have)?|you were|you are|you're) (?:\S+ ){0,2}?(?:been )?(?:selected|chosen))(?![\p{L}])/gu;
export const CONGRATULATIONS = /^(?:herzlichen glückwunsch|wir gratulieren|congratulations)$/;
/** Payment the scammer can cash at once and nobody can take back: gift card codes, crypto (lower case). */
export const GIFT_CARDS =
  /(?<![\p{L}])(?:(?:apple|itunes|google[- ]play|amazon|steam|paysafe)[- ]?(?:geschenk)?(?:karten?|gutscheine?|gift ?cards?|cards?)|geschenkkarten|gift cards|paysafecard|(?:send|schicken|senden) (?:\S+ ){0,3}(?:the |die )?codes|bitcoin-?(?:adresse|address|wallet))(?![\p{L}])/u;
/**
 * A payment asked for in a hurry and in confidence, the shape of CEO fraud
 * and of blackmail (lower case): no link, no brand, only a person who needs
 * money moved today.
 */
export const PAYMENT_PRESSURE =
  /(?<![\p{L}])(?:(?:urgent|dringende?n?|eilige?n?|sofortige?n?) (?:\S+ ){0,2}?(?:payment|wire|transfer|bank transfer|überweisung|zahlung|auslandsüberweisung)|(?:keep this|this stays|bleibt|behalten sie das) (?:\S+ )?(?:between us|confidential|unter uns|vertraulich)|(?:are you|bist du|sind sie) (?:at your desk|available|am platz|im büro|erreichbar)\?|(?:pay|send|transfer|zahlen?|überweisen|überweise|sende[n]?) (?:\S+ ){0,4}?(?:in )?(?:bitcoin|btc)|(?:bitcoin|btc)[- ](?:address|adresse|wallet))(?![\p{L}])/u;
/**
 * Phrases of the scams that need no link and no brand, only a story: side
 * jobs paid by the day, trading "profits" released against a deposit, the
 * lonely doctor on a mission abroad (lower case). One phrase is chance;
 * two or more distinct ones are the story (see `scamStory`).
 */
export const SCAM_STORY =
  /(?<![\p{L}])(?:\d[\d.,]*\s?(?:€|euro|eur|\$|usd|dollars?)(?:\s(?:pro|per|a|am|im|each) |\s?\/\s?)(?:tag|day|stunde|hour|woche|week)|daily income|tagesverdienst|(?:paid|bezahlung|auszahlung) (?:\S+ )?(?:every day|each day|daily|täglich)|nebenjob|nebenverdienst|heimarbeit|side job|side hustle|von zu ?hause aus|from (?:the comfort of your )?home|keine (?:erfahrung|vorkenntnisse) (?:notwendig|nötig|erforderlich)|no (?:experience|skills) (?:needed|required|necessary)|produkte (?:\S+ ){0,3}bewerten|(?:ai|ki)[- ]?trading|trading[- ](?:bot|algorithm|algorithmus|plattform|platform)|(?:krypto|crypto)[- ]?(?:gewinne?|profits?)|(?:guaranteed|garantierte[nr]?) (?:returns?|profits?|rendite|gewinne?)|minimum deposit|mindesteinzahlung|mindesteinlage von|ready for withdrawal|zur auszahlung bereit|passive[sn]? (?:income|einkommen)|(?:i|ich) (?:saw|habe) (?:your|dein|ihr) profile?|beautiful smile|schönes lächeln|peacekeeping|friedensmission|united nations|vereinten nationen|widow(?:er|ed)?|witwer?|verwitwet|(?:us|u\.s\.|american|amerikanische[rn]?) (?:soldier|soldat\p{L}*|army (?:officer|general|sergeant|captain|doctor))|soldier serving|serving in (?:syria|afghanistan|iraq|yemen)|safe ?keeping|sichere[rn]? verwahrung|(?:box|package|parcel|consignment|paket|koffer) (?:\S+ ){0,2}(?:with|containing|mit) (?:\S+ )?(?:funds|money|cash|gold|geld|bargeld)|(?:leide|leidet|suffering|diagnosed) (?:\S+ ){0,2}(?:an|from|with) (?:krebs|cancer|einem tumor|a tumou?r)|(?:wohltätige|karitative|gemeinnützige) zwecke|charit(?:y|able) (?:work|purposes)|(?:has|have) been (?:\S+ )?(?:charged|debited|billed)|(?:wurde|wurden) (?:\S+ ){0,2}?(?:abgebucht|belastet)|renew(?:ed|ing) (?:\S+ ){0,2}(?:subscription|membership)|(?:subscription|membership|plan|abonnement|abo) (?:\S+ ){0,3}(?:renewed|verlängert)|(?:a )?charge of [$€£]?\d[\d.,]*(?: ?(?:usd|eur|€|\$))? (?:has been|was) (?:applied|made|processed)|(?:if )?this (?:charge|transaction|payment|purchase|renewal) (?:was|is) (?:unexpected|unauthori[sz]ed|not (?:made|authori[sz]ed|initiated) by you)|oil rig|bohrinsel|honest (?:woman|man|lady)|ehrliche (?:frau|mann)|(?:chat|contact|kontaktieren|melden|schreiben|write|message) (?:\S+ ){0,4}(?:on|per|über|via|auf) (?:whatsapp|telegram)|next of kin|nächsten angehörigen|(?:unclaimed|dormant) (?:funds|account|deposits?)|(?:repatriat|transfer)\p{L}* (?:\S+ ){0,4}(?:funds|the money|the fund)|(?:did not|didn't) (?:authori[sz]e|make|place|order|request) this (?:purchase|transaction|payment|order|charge|renewal)|\+?\(?\d[\d ()./-]{7,}\d (?:\S+ ){0,2}?(?:within|innerhalb(?: von)?) (?:\d+|vierundzwanzig) (?:hours|stunden)|(?:mit |with )?(?:nur|lediglich|only|just) \d[\d.,]*\s?(?:€|euro|eur|\$|usd|dollars?) (?:einsatz|startkapital|investition|investment|deposit|to start)|startkapital von|(?:die |the )?(?:banken|banks) (?:\S+ ){0,3}?(?:wollen das verhindern|wollen nicht|sind wütend|hassen|don't want you|do not want you|are furious|hate)|live-?interview|live interview|ohne testament|without (?:a )?(?:will|testament)|verstorbene[nr]? (?:mandant\p{L}*|kunde\p{L}*)|(?:my )?late client|(?:denselben|gleichen|same) (?:nachnamen|familiennamen|surname|last name|family name)|(?:100 ?%|völlig|absolut|hundertprozentig) (?:legal|risikofrei|risk[- ]free)|risk[- ]free transaction|refunds? can only be processed|will be charged|(?:call|contact) (?:us|our (?:\S+ ){0,2}(?:team|department|desk|support|helpline)) (?:\S+ ){0,3}(?:at|on) \+?\(?\d|(?:billing|support|refund) (?:department|desk|helpline) (?:\S+ ){0,3}\+?\(?\d|geek squad|total tech support|(?:norton|mcafee) (?:360|antivirus|total protection|lifelock)|auto-?renew(?:al|ed)|(?:access|zugriff) (?:to|auf) (?:your|ihr(?:en)?|dein(?:en)?) (?:operating system|device|computer|betriebssystem|gerät)|adult (?:web)?sites?|erwachsenen-?(?:seiten|websites?)|(?:malware|trojan(?:er)?|spyware)|(?:camera|webcam|kamera) (?:and|und) (?:microphone|mikrofon)|(?:all )?(?:your|deine|ihre) (?:contacts|kontakte)|(?:i|ich) (?:found|fand|habe) (?:your|deine|ihre) (?:e-?mail|adresse)|(?:trading|handels)-?(?:strategie|strategy)|(?:short-term|kurzfristige) (?:trading|handel)|(?:crypto|krypto)\S* (?:\S+ ){0,2}(?:contracts?|kontrakte)|(?:postfach|mailbox|speicher(?:platz)?|storage) (?:\S+ ){0,5}(?:voll|full|exceeded|überschritten|speicherlimit|storage limit|limit)|(?:increase|upgrade|erweitern|vergrößern) (?:\S+ ){0,2}(?:storage|mailbox|postfach|kontingent|speicher\S*)|(?:kontingent|speicher(?:platz)?|postfach) (?:\S+ ){0,3}(?:erweitern|vergrößern|upgraden)|(?:zugriff|access) (?:auf|to) (?:\S+ ){0,2}(?:geräte?|devices?)|seiten für erwachsene|(?:porn|porno)\S*|über die kamera|(?:neue|geänderte|new|updated|changed) (?:bankverbindung|kontoverbindung|bank details|bank account|iban)|(?:bankverbindung|kontoverbindung|bank details) (?:\S+ ){0,4}(?:geändert|changed)|ausschließlich auf (?:das )?folgende(?:s)? konto|(?:all )?(?:future|künftigen?|zukünftigen?) (?:payments|zahlungen|rechnungen)|(?:updated|new) remittance|remittance details|payment daily|daily payment|tägliche auszahlung|help merchants|increase (?:\S+ ){0,3}(?:product )?ratings|(?:can't|cannot|can not|kann nicht) (?:take calls|talk|telefonieren|sprechen)|back-to-back meetings|vertrauliche[nr]? angelegenheit|confidential (?:matter|task|request)|(?:antworten sie|reply|respond) (?:\S+ ){0,2}(?:nur|only) (?:per|by|via) e-?mail|(?:sind sie|bist du|are you) (?:\S+ ){0,2}(?:im büro|am platz|erreichbar|verfügbar|at your desk|available)\?)(?![\p{L}])/gu;
/**
 * What unsolicited bulk spam sells, in German and English (lower case):
 * potency and slimming cures, casinos, sex contacts, riches overnight with a
 * celebrity's endorsement. A shop or a casino may use one or two of these
 * words in its own newsletter; three distinct ones from a sender nobody
 * vouches for are the spam.
 */
export const SPAM_OFFER =
  /(?<![\p{L}])(?:potenz\p{L}*|stay hard\p{L}*|male enhancement|last longer in bed|sex gods?|(?:premium[- ])?iptv|erektion\p{L}*|erektil\p{L}*|erection\p{L}*|erectile|aphrodisi\p{L}*|libido|viagra|cialis|abnehm\p{L}*|\d+ ?(?:kilos?|kg|pfund|lbs|pounds) (?:\S+ ){0,2}?(?:verlieren|abnehmen|weniger|lose|lost|down)|(?:lose|verlieren sie) (?:\S+ ){0,2}?(?:weight|gewicht|bauchfett)|fettverbrennung|fat burn\p{L}*|bauchfett|belly fat|diäten|keto\p{L}*|schlankheits\p{L}*|weight loss|gelenkschmerzen|joint pain|prostata\p{L}*|prostate|tinnitus|wunschgewicht|traumfigur|casino\p{L}*|freispiel\p{L}*|free spins|\d+ ?% bonus|\d[\d.,]* ?(?:€|euro|\$)? ?(?:bonus|willkommensbonus)|(?:€|\$) ?\d[\d.,]* (?:bonus|einzahlung)|willkommensbonus|welcome bonus|(?:ohne|keine|no) (?:einzahlung|deposit)|willkommens(?:paket|geschenk)|spielautomat\p{L}*|(?:über |over )?\d[\d.,]* (?:\S+ )?live-?(?:tv-?)?(?:kanäle|channels)|einzahlungsbonus|sportwetten|jackpot|sexkontakt\p{L}*|erotik\p{L}*|seitensprung\p{L}*|(?:hot |heiße )?singles (?:in|aus) (?:deiner|ihrer|your) (?:nähe|region|stadt|area)|adult dating|(?:wirklich |schnell |really |fast )?reich (?:werden|wird)|get rich|finanzielle freiheit|financial freedom|geld verdienen|make money|(?:höhle der löwen|shark tank|dragons'? den)|(?:günther jauch|dieter bohlen|elon musk|carsten maschmeyer)|(?:bitcoin|krypto|crypto)[- ]?(?:code|era|evolution|profit|robot|roboter|millionär\p{L}*|millionaire)|(?:wundermittel|miracle cure)|anti-?aging|(?:cbd|hanf|hemp)[- ]?(?:öl|oil|gummies|fruchtgummis))(?![\p{L}])/gu;
/** New bank details for payments, the core of invoice fraud from a hijacked supplier's mailbox (lower case). */
export const BANK_CHANGE =
  /(?:neue|geänderte|new|updated|changed) (?:bankverbindung|kontoverbindung|bank details|bank account|iban)|(?:bankverbindung|kontoverbindung|bank details) (?:\S+ ){0,4}(?:geändert|changed)/;
/** A Bitcoin address written out on its own (not inside a link), where blackmail and crypto scams want the money; counted when the text speaks of Bitcoin. */
export const BITCOIN_ADDRESS = /(?<=^|[\s:>"'(])(?:bc1[a-z0-9]{25,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34})(?=$|[\s.,<"')])/m;
/**
 * The wallet drainer's bait (lower case): an airdrop or tokens to claim, a
 * wallet to verify, validate or synchronise, its recovery phrase. One
 * phrase may be chance (Apple's AirDrop); two distinct ones are the lure.
 */
export const CRYPTO_BAIT =
  /(?<![\p{L}])(?:airdrops?|claimables?|claim (?:\S+ ){0,3}?(?:tokens?|nfts?|airdrops?|coins?|\$[a-z]{2,6})|(?:eligible|qualif\p{L}*)(?= (?:\S+ ){0,3}?(?:airdrop|claim))|(?:free|gratis) (?:btc|bitcoin|eth|ethereum|crypto|krypto)|(?:unverified|unauthenticated|unvalidated) wallets?|wallets? (?:\S+ ){0,3}?(?:pending verification|verification|validation|synchroni[sz]ation|will be (?:disabled|suspended|restricted))|(?:verify|validate|synchroni[sz]e|sync|connect|reactivate) (?:your |the )?(?:crypto |digital |web3 )?wallet|(?:secret )?recovery phrase|seed[- ]?phrase|wallet phrase|(?:12|24)[- ]word (?:recovery |secret )?(?:phrase|seed)|wiederherstellungsphrase|wallet (?:\S+ ){0,2}?(?:verifizieren|validieren|synchronisieren)|signature validation)(?![\p{L}])/gu;
export const BITCOIN_WORD = /(?<![\p{L}])(?:bitcoin|btc|wallet|krypto|crypto)/u;
/**
 * Text pushed out of sight by a box tens of thousands of pixels high or
 * down ("margin-top: 470500px", "height: 10000vh"): a real newsletter's
 * text pasted below the bait for filters to read. No layout needs it.
 */
export const HIDDEN_FILLER_CSS = /(?:margin-(?:top|bottom)|padding-(?:top|bottom)|(?:min-)?height|(?<![a-z-])top)\s*:\s*\d{5,}(?:\.\d+)?px|(?:margin-(?:top|bottom)|(?:min-)?height)\s*:\s*\d{4,}vh/i;
/** Forms hosted by a big provider (the host alone says nothing: docs.google.com, forms.office.com). */
export const HOSTED_FORM =
  /https?:\/\/(?:docs\.google\.com\/forms|forms\.gle\/|forms\.office\.com|sites\.google\.com|drive\.google\.com\/file|(?:www\.)?surveymonkey\.com\/r\/|[\w-]+\.typeform\.com\/to\/|form\.jotform\.com\/)/;
/** Lures that come with an attachment to open: a voicemail, a fax, a scan (lower case). */
export const ATTACHMENT_LURE = /(?<![\p{L}])(?:voicemail|voice message|sprachnachricht|fax|scan(?:ned)? document|eingescannte?s? dokument)(?![\p{L}])/u;
/** A link into a WordPress site's code folders: a hijacked site hosting a phishing page, never a real login. */
export const HIJACKED_SITE_PATH = /https?:\/\/[^\s/]+\/(?:[^\s]*\/)?wp-(?:includes|content|admin)\/[^\s]*\.(?:html?|php)/i;
/** An archive's password given in the mail: what malware does to get past the scanners. */
export const ARCHIVE_PASSWORD =
  /(?<![\p{L}])(?:passwor[dt]|kennwort|senha(?: de acesso)?|contraseña|pw|pass)(?:\s*(?:für|for|zum|to)\s+(?:\S+\s+){0,2}?\S+)?\s*(?:[:=]|\s(?:lautet|ist|is))\s*\S+|passwortgeschützt|password[- ]protected/u;
/** Gift cards whose codes are to be sent: the scam itself, not a shop's offer. */
export const CODES_WANTED = /(?<![\p{L}])(?:codes?|rubbel\p{L}*|scratch|foto|photo|picture|bild)(?![\p{L}])/u;
/** Archives: the usual wrapping of malware in "invoice" mail, since mail filters block executables outright. */
export const ARCHIVE_ATTACHMENT = /\.(?:zip|rar|7z|gz|tgz|tar|ace|arj|cab|xz|bz2|z|r\d\d)$/i;
/** Top-level domains mostly seen on throwaway spam domains. */
export const CHEAP_TLD = /\.(?:biz|top|xyz|click|icu|buzz|loan|win|cfd|sbs|monster|rest|cyou|bond|quest|zip|mov)$/;
/** Attachments that run code or hide a login page: never sent by a bank or parcel service. */
export const RISKY_ATTACHMENT = /\.(?:html?|shtml|xhtml|svg|hta|iso|img|vhdx?|lnk|js|jse|vbs|vbe|wsf|exe|scr|com|pif|bat|cmd|ps1|msi|jar|dll|reg|one)$/i;
/** A harmless-looking name with a second, dangerous extension ("Rechnung.pdf.exe"). */
export const DOUBLE_EXTENSION = /\.(?:pdf|docx?|xlsx?|jpe?g|png|txt|zip)\.[a-z0-9]{2,4}$/i;
/** An archive or program behind a link (not attached): the same wrapping of malware, fetched past the mail filter. */
export const ARCHIVE_LINK = /https?:\/\/[^\s"'<>\]]+?\/[^\s"'<>\]?#]*\.(?:zip|rar|7z|iso|img|vhdx?|exe|scr|msi|lnk)(?=[?#\s"'<>\])]|$)/i;
/** An archive named as an invoice, a payment or a document: real invoices come as PDF, malware as "Rechnung.zip". */
export const BUSINESS_ARCHIVE_NAME = /invoice|rechnung|payment|zahlung|remittance|bestellung|(?<![a-z])order(?![a-z])|mahnung|receipt|beleg|vorladung/i;
/** Where real shared files live: a share announced with a link to one of these is what it says. */
export const SHARE_SERVICES = new Set([
  "sharepoint.com",
  "onedrive.com",
  "live.com",
  "1drv.ms",
  "office.com",
  "google.com",
  "dropbox.com",
  "db.tt",
  "wetransfer.com",
  "we.tl",
  "docsend.com",
  "box.com",
  "icloud.com",
  "adobe.com",
  "docusign.net",
  "docusign.com",
]);
/** The brands whose share notifications are imitated: named in a share lure, the lure is their fake notification. */
export const SHARE_BRANDS = new Set(["Microsoft", "Google", "Dropbox", "WeTransfer", "DocSend", "Adobe", "DocuSign", "Apple"]);
/** A file share announced (lower case): shared with you, released for you, files waiting. */
export const SHARE_LURE =
  /(?<![\p{L}])(?:hat (?:\S+ ){0,6}?(?:für sie|für dich|mit ihnen|mit dir) (?:freigegeben|geteilt)|(?:shared|sent) (?:\S+ ){0,6}?with you|(?:has|have) shared (?:a |the )?(?:file|document|folder)|shared a (?:file|document|folder)|(?:eine datei|ein dokument|einen ordner|dokumente|dateien) (?:\S+ ){0,3}?(?:freigegeben|geteilt)|(?:you have|sie haben) (?:received )?\(?\d+\)? (?:new )?(?:files?|documents?|dateien|dokumente)|new (?:files?|documents?) (?:waiting|available)|neue (?:dateien|dokumente) (?:warten|verfügbar)|(?:liegt|liegen|ist|sind|finden sie|findest du) (?:\S+ ){0,3}?(?:in|im|auf) (?:unserem|unserer|meinem|meiner|dem|der) (?:onedrive|sharepoint|dropbox|google drive|datenraum)|(?:is|are) (?:\S+ ){0,2}?(?:in|on) (?:our|my|the) (?:onedrive|sharepoint|dropbox|google drive|shared drive))(?![\p{L}])/u;
/** Salary and payroll "updates" to review behind a link (lower case): the HR lure, sent from outside the firm. */
export const PAYROLL_LURE =
  /(?<![\p{L}])(?:salary|payroll|bonus|gehalts?|lohn|vergütungs?)[- ]?(?:statement|adjustment|increase|update|review|change|letter|abrechnung|anpassung|erhöhung|änderung|übersicht|mitteilung)s?(?![\p{L}])/u;
/** Parcels (lower case) and what a parcel lure wants done about them: a fee paid, an address "confirmed", else the parcel is lost. */
export const PARCEL_WORD = /(?<![\p{L}])(?:paket|pakete|päckchen|sendung|lieferung|zustellung|package|parcel|shipment)(?![\p{L}])/u;
export const PARCEL_DEMAND =
  /(?<![\p{L}])(?:(?:liefer|zustell)?adresse (?:\S+ ){0,2}?(?:bestätigen|aktualisieren|vervollständigen)|(?:bestätigen|aktualisieren|vervollständigen) (?:sie )?(?:bitte )?(?:ihre |deine )?(?:liefer|zustell)?adresse|(?:confirm|update|verify) (?:your )?(?:delivery |shipping )?address|adress(?:angaben|daten)? (?:\S+ ){0,3}?(?:unvollständig|fehlerhaft)|(?:unvollständige|fehlerhafte|incomplete|incorrect) (?:\S+ )?(?:address|adresse|adressangaben|anschrift)|(?:zoll|neuzustellungs|lager)gebühr\p{L}*|(?:customs|redelivery|storage) (?:fee|duty|charge)|(?:wird|werden|will be) (?:\S+ ){0,2}?(?:vernichtet|zurückgeschickt|zurückgesendet|returned to (?:the )?sender|destroyed)|neuen (?:zustell|liefer)?termin (?:\S+ )?(?:wählen|auswählen|vereinbaren|festlegen|buchen)|(?:re)?schedule (?:your |a )?(?:re)?delivery|choose a (?:new )?delivery (?:date|time))(?![\p{L}])/u;
/** A debt collector's threat (lower case): the fake "last reminder" links to the "invoice" instead of attaching it. */
export const COLLECTION_THREAT =
  /(?<![\p{L}])(?:inkasso\p{L}*|schufa(?:-?eintrag)?|mahnbescheid|gerichtliche[sn]? mahnverfahren|zwangsvollstreckung|pfändung|debt collect\p{L}*|collections? agency)(?![\p{L}])/u;
/** A meeting service named (lower case), and the registrable domains its real links go to. */
export const MEETING_SERVICES: [RegExp, string, string[]][] = [
  [/(?<![\p{L}])(?:microsoft )?teams[- ](?:besprechung|meeting|call|anruf|einladung)(?![\p{L}])/u, "Microsoft Teams", ["microsoft.com", "live.com", "office.com", "skype.com"]],
  [/(?<![\p{L}])zoom[- ](?:meeting|besprechung|call|webinar)(?![\p{L}])/u, "Zoom", ["zoom.us", "zoom.com"]],
  [/(?<![\p{L}])webex(?![\p{L}])/u, "Webex", ["webex.com"]],
  [/(?<![\p{L}])google meet(?![\p{L}])/u, "Google Meet", ["google.com"]],
];
/** A QR code to scan (lower case): the lure that moves the link to a phone, out of reach of the mail filter. */
export const QR_LURE = /(?<![\p{L}])(?:qr[- ]?code|scan(?:nen|ne|nen sie)?|scan with|mit (?:ihrem|deinem|dem) (?:smartphone|handy))(?![\p{L}])/u;
/**
 * Words of service and alarm a throwaway domain is built from
 * ("paket-status-info.shop", "teams-meeting-login.cloud", "zahlungs-abteilung.com"):
 * counted as a whole part of a hyphenated name, weakly, since small firms use some of them too.
 */
const LURE_DOMAIN_WORDS = new Set(
  "login signin secure security sicherheit sicher verify verifizierung verification portal account accounts konto kunden kundenservice kundencenter billing payment payments zahlung zahlungs update updates notify notice notification alert alerts status zustellung tracking delivery redelivery rechnung invoice refund erstattung quota mailbox customs abteilung schutz mitgliedschaft".split(
    " ",
  ),
);

/** The sender's registrable domain built from service and alarm words: a hyphenated name with one of them as a part, digits stuck to it ("portal365", "konto24") ignored. */
export function lureDomain(organisation: string): boolean {
  const parts = organisation.split(".")[0]!.split("-");
  return parts.length >= 2 && parts.some((part) => LURE_DOMAIN_WORDS.has(part.replace(/\d+$/, "")));
}
