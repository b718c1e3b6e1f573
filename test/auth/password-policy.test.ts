import { describe, expect, test } from "bun:test";
import { dictionary } from "@zxcvbn-ts/language-common";
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../src/auth/password-policy.ts";

const listed = new Set(dictionary["passwords-common"]);
/** 128 code points, umlauts included. */
const LONG_PASSPHRASE = "Der frühe Vogel fängt den Wurm, aber die zweite Maus bekommt den Käse; so sagt man jedenfalls bei uns im Dorf am Fluss seit je!!";

function reasonOf(password: string, context?: { email?: string }): string {
  const result = checkPassword(password, context);
  return result.ok ? "ok" : result.reason;
}

describe("checkPassword accepts", () => {
  test("passphrases, German ones included", () => {
    for (const password of ["Kaffeetasse Fahrrad Wolke 7", "correct horse battery staple", "Zugspitze-Morgenrot-42", "Grüße aus München", "sunshine über der Zugspitze"]) {
      expect(checkPassword(password)).toEqual({ ok: true });
    }
  });

  test("a 128-character passphrase", () => {
    expect([...LONG_PASSPHRASE]).toHaveLength(128);
    expect(checkPassword(LONG_PASSPHRASE)).toEqual({ ok: true });
  });

  test("exactly the maximum length", () => {
    const password = `${LONG_PASSPHRASE} ${LONG_PASSPHRASE.toUpperCase().slice(0, PASSWORD_MAX_LENGTH - 129)}`;
    expect([...password]).toHaveLength(PASSWORD_MAX_LENGTH);
    expect(checkPassword(password)).toEqual({ ok: true });
  });

  test("no composition rules: lower-case letters alone are fine", () => {
    expect(checkPassword("wolkenkratzer im nebel")).toEqual({ ok: true });
  });

  test("a listed word shorter than six characters with digits and punctuation appended", () => {
    // Precondition: "apple" is listed, and no longer prefix of the password is.
    expect(listed.has("apple")).toBe(true);
    for (let end = 6; end <= 12; end++) expect(listed.has("apple7315!?#".slice(0, end))).toBe(false);
    expect(checkPassword("apple7315!?#")).toEqual({ ok: true });
  });
});

describe("length, in code points after NFC", () => {
  test("exports the limits", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(256);
  });

  test("too_short below twelve", () => {
    for (const password of ["", "kurz", "Elf Zeichen", "a".repeat(11), "x7!Qz#9pL@2"]) {
      expect(reasonOf(password)).toBe("too_short");
    }
    expect(checkPassword("Mond 7 Stern")).toEqual({ ok: true });
  });

  test("an umlaut counts as one character, whether typed composed or decomposed", () => {
    const twelve = "Bärenhöhle 7"; // 12 code points composed, 14 decomposed
    expect(twelve.normalize("NFD")).toHaveLength(14);
    expect(checkPassword(twelve)).toEqual({ ok: true });
    expect(checkPassword(twelve.normalize("NFD"))).toEqual({ ok: true });
    const eleven = "Schöne Grüß"; // 11 code points composed, 13 UTF-16 units decomposed
    expect(eleven.normalize("NFD")).toHaveLength(13);
    expect(reasonOf(eleven)).toBe("too_short");
    expect(reasonOf(eleven.normalize("NFD"))).toBe("too_short");
  });

  test("characters outside the BMP count once, not as two UTF-16 units", () => {
    const fruit = [..."🍎🍐🍊🍋🍌🍉🍇"];
    const password = Array.from({ length: 130 }, (_, index) => fruit[index % fruit.length]).join("");
    expect(password.length).toBe(260);
    expect(checkPassword(password)).toEqual({ ok: true });
    expect(reasonOf("🍎🍐🍊🍋🍌🍉")).toBe("too_short");
  });

  test("too_long above 256", () => {
    expect(reasonOf(`${LONG_PASSPHRASE} ${LONG_PASSPHRASE}`)).toBe("too_long"); // 257
    expect(reasonOf("Kaffeetasse Fahrrad Wolke 7 ".repeat(10))).toBe("too_long");
    expect(reasonOf("x".repeat(1_000_000))).toBe("too_long");
  });
});

describe("common", () => {
  test("a listed password, in any case", () => {
    for (const password of ["password1234", "PASSWORD1234", "passwordpassword", "qwerty123456", "1qaz2wsx3edc", "administrator", "Unbelievable"]) {
      expect(listed.has(password.toLowerCase())).toBe(true);
      expect(reasonOf(password)).toBe("common");
    }
  });

  test("a listed password with up to four digits and four punctuation marks appended", () => {
    const derived = {
      "iloveyou2024!": "iloveyou",
      "sunshine!!!!": "sunshine",
      "football2024!": "football",
      "Superman1984!": "superman",
      "letmein!2024": "letmein",
      "SunShine#?!.": "sunshine",
      "trustno1€€€€": "trustno1",
    };
    for (const [password, core] of Object.entries(derived)) {
      expect(listed.has(password.toLowerCase())).toBe(false);
      expect(listed.has(core)).toBe(true);
      expect(reasonOf(password)).toBe("common");
    }
  });

  test("a listed password repeated, with or without a suffix", () => {
    for (const password of ["sunshinesunshine", "DragonDragonDragon", "trustno1trustno1", "monkeymonkey2024", "angelangelangel"]) {
      expect(listed.has(password.toLowerCase())).toBe(false);
      expect(reasonOf(password)).toBe("common");
    }
  });

  test("not when a listed password is only part of a phrase", () => {
    expect(checkPassword("my password is Kaffeetasse")).toEqual({ ok: true });
    expect(checkPassword("2024 sunshine holidays")).toEqual({ ok: true });
  });
});

describe("repetitive", () => {
  test("fewer than five distinct characters, ignoring case", () => {
    for (const password of ["aaaaaaaaaaaa", "AAAAaaaaAAAA", "abababababab", "111122223333", "abcdabcdabcd", "!!!!????....", "🍎🍐🍎🍐🍎🍐🍎🍐🍎🍐🍎🍐"]) {
      expect(reasonOf(password)).toBe("repetitive");
    }
  });

  test("one run along the alphabet, the digits or a keyboard row, either way", () => {
    for (const password of [
      "abcdefghijkl",
      "ABCDEFGHIJKLMNOP",
      "xyzabcdefghi",
      "zyxwvutsrqpo",
      "123456789012",
      "098765432109",
      "qwertyuiopas",
      "QWERTYUIOPASDFGH",
      "mnbvcxzlkjhg",
      "qwertzuiopüa",
      "azertyuiopqs",
    ]) {
      expect(reasonOf(password)).toBe("repetitive");
    }
  });

  test("not when the run is broken", () => {
    expect(checkPassword("abcdefghijkm")).toEqual({ ok: true });
    expect(checkPassword("qwertyuiopaz")).toEqual({ ok: true });
  });
});

describe("contains_email", () => {
  const email = "anna.schmidt@example.org";

  test("the local part of the address, in any case", () => {
    for (const password of ["anna.schmidt-2024", "ANNA.SCHMIDT fährt Rad", "ich bin Anna.Schmidt"]) {
      expect(reasonOf(password, { email })).toBe("contains_email");
      expect(reasonOf(password)).toBe("ok");
    }
  });

  test("a local part of four characters is enough", () => {
    expect(reasonOf("Anna fährt Fahrrad 9", { email: "anna@example.org" })).toBe("contains_email");
  });

  test("a local part shorter than four characters is ignored", () => {
    expect(checkPassword("bob mag Kaffeetasse", { email: "bob@example.org" })).toEqual({ ok: true });
  });

  test("compares after NFC, so umlauts match however they were typed", () => {
    expect(reasonOf("Jürgen.Weber fährt Rad".normalize("NFD"), { email: "jürgen.weber@example.de" })).toBe("contains_email");
    expect(reasonOf("Jürgen.Weber fährt Rad", { email: "jürgen.weber@example.de".normalize("NFD") })).toBe("contains_email");
  });

  test("not when the password only shares the domain", () => {
    expect(checkPassword("example.org ist meine Firma", { email })).toEqual({ ok: true });
  });
});
