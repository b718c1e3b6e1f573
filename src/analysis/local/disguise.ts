/**
 * Text as it reads to a person, not to a filter: spam writes its bait with
 * letters of other alphabets that look Latin ("Pаypal" with a Cyrillic а),
 * the dotless ı, the mathematical alphabets ("𝖦𝖾𝗐𝗂𝗇𝗇"), or a stroke laid
 * over every letter ("C̷a̷r̷r̷e̷f̷o̷u̷r̷"), so that word lists miss it.
 * `undisguised` gives back the words as they read, and the first disguised
 * word, which is itself a sign: real German or English text never mixes
 * alphabets inside a word.
 */
/** Cyrillic and Greek letters that look like Latin ones, and the Latin letter each passes for. */
const LOOKALIKE_LETTERS: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ӏ: "l",
  ԛ: "q",
  ԝ: "w",
  α: "a",
  β: "b",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKE_LETTERS).join("")}]`, "u");
const MATH_LETTERS = /[\u{1D400}-\u{1D7FF}]/u;
const STYLED_WORD = /\S*[\u{1D400}-\u{1D7FF}]\S*/u;
/** Combining overlays (tilde, stroke, solidus): struck-through text, in no word of any language. */
const OVERLAYS = /[\u0334-\u0338]/gu;
const OVERLAID_WORD = /\S*[\u0334-\u0338]\S*/u;
const WORD_WITH_LATIN = /[\p{L}\p{M}]*[a-z][\p{L}\p{M}]*/gu;

/**
 * Lower-case text with its disguises undone: a word of Latin letters with
 * Cyrillic or Greek look-alikes mixed in ("Pаypal", "Gеwinnspiel"), or with
 * the dotless ı of Turkish ("ım wert von"), reads as the Latin word it
 * pretends to be. Returns the first such mixed word too: no real German or
 * English word mixes alphabets, filter evasion does.
 */
export function undisguised(lowerAsSent: string): { text: string; mixed: string | null; styled: string | null } {
  // A typographic apostrophe reads as the plain one ("you’ve" as "you've").
  let lower = lowerAsSent.includes("’") ? lowerAsSent.replace(/’/g, "'") : lowerAsSent;
  // Letters from the mathematical alphabets ("𝖣𝖾𝗎𝗍𝗌𝖼𝗁") read as the plain ones; styled text is a way past filters too.
  let styled = MATH_LETTERS.test(lower) ? (STYLED_WORD.exec(lower)?.[0] ?? null) : null;
  if (styled) lower = lower.normalize("NFKC").toLowerCase();
  // Struck-through letters ("s̶t̶a̶t̶t̶ 99 €" in a shop's subject, "C̷a̷r̷r̷e̷f̷o̷u̷r̷" in a scam's name) read without the stroke.
  const unstruck = lower.replace(OVERLAYS, "");
  if (unstruck !== lower) {
    styled ??= OVERLAID_WORD.exec(lower)?.[0] ?? null;
    lower = unstruck;
  }
  if (!LOOKALIKE.test(lower) && !lower.includes("ı")) return { text: lower, mixed: null, styled };
  let mixed: string | null = null;
  const text = lower.replace(WORD_WITH_LATIN, (word) => {
    if (!LOOKALIKE.test(word) && !word.includes("ı")) return word;
    if (LOOKALIKE.test(word)) mixed ??= word;
    return [...word].map((letter) => LOOKALIKE_LETTERS[letter] ?? (letter === "ı" ? "i" : letter)).join("");
  });
  return { text, mixed, styled };
}
