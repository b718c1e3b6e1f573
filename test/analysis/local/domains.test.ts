import { describe, expect, test } from "bun:test";
import { authenticationOf } from "../../../src/analysis/local/authentication.ts";
import { isPublicIpHost, isPunycode, linkHosts, organisationDomain, skeleton } from "../../../src/analysis/local/domains.ts";
import { serverSpamVerdict } from "../../../src/analysis/local/server-verdict.ts";

describe("domains", () => {
  test("link hosts include bare IPv4 addresses; only public ones count as a phishing sign", () => {
    expect(linkHosts("see http://203.0.113.45/login and https://www.example.org/x")).toEqual(["203.0.113.45", "www.example.org"]);
    expect(["203.0.113.45", "192.168.178.1", "10.0.0.1", "172.20.1.1", "127.0.0.1", "example.org"].filter(isPublicIpHost)).toEqual(["203.0.113.45"]);
  });

  test("a host ends where a host cannot go on: at a sentence's full stop, not at a quoted-printable soft line break", () => {
    expect(linkHosts("Besuchen Sie www.example.org. Oder https://shop.example.de/x.")).toEqual(["example.org", "shop.example.de"]);
    // Undecoded quoted-printable: the name goes on after "=" and a line break, so "www.faceboo" is no host of its own.
    expect(linkHosts("http://www.faceboo=\nk.com/n/?x and http://www.facebook.com/n/")).toEqual(["www.facebook.com"]);
  });

  test("the organisation of a host, with two-label suffixes", () => {
    expect(organisationDomain("mail.sparkasse-koelnbonn.de")).toBe("sparkasse-koelnbonn.de");
    expect(organisationDomain("shop.example.co.uk")).toBe("example.co.uk");
    expect(organisationDomain("Example.DE.")).toBe("example.de");
  });

  test("punycode and look-alike letters are recognised", () => {
    expect(isPunycode("xn--pypal-4ve.com")).toBe(true);
    expect(isPunycode("login.xn--80ak6aa92e.com")).toBe(true);
    expect(isPunycode("paypal.com")).toBe(false);
    expect(skeleton("paypa1")).toBe(skeleton("paypal"));
    expect(skeleton("arnazon")).toBe(skeleton("amazon"));
    expect(skeleton("micr0soft")).toBe(skeleton("microsoft"));
    expect(skeleton("sparkasse")).not.toBe(skeleton("sparkassa"));
  });
});

describe("authentication results", () => {
  const top = "Authentication-Results: mx.posteo.de; spf=pass smtp.mailfrom=bounce.shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example";

  test("passing results aligned with the From domain", () => {
    const auth = authenticationOf(top, "news@shop.example");
    expect(auth).toMatchObject({ known: true, aligned: true, failed: false, dmarc: "pass", authservId: "mx.posteo.de" });
    expect(authenticationOf(top, "news@other.example").aligned).toBe(false);
  });

  test("DMARC fail or SPF fail without any pass is a failure; no header is not", () => {
    expect(authenticationOf("Authentication-Results: mx.posteo.de; spf=fail smtp.mailfrom=x.example", "a@x.example").failed).toBe(true);
    expect(authenticationOf("Authentication-Results: mx.posteo.de; dkim=pass header.d=x.example; dmarc=fail header.from=x.example", "a@x.example")).toMatchObject({ failed: true, aligned: false });
    expect(authenticationOf("", "a@x.example")).toMatchObject({ known: false, failed: false, aligned: false });
  });

  test("headers with another authserv-id than the topmost one are ignored; ARC stands in when there is no A-R", () => {
    const raw = ["Authentication-Results: mx.posteo.de; spf=none", "Received: by x", "Authentication-Results: evil.example; dmarc=pass header.from=x.example"].join("\r\n");
    expect(authenticationOf(raw, "a@x.example").aligned).toBe(false);
    const arc = "ARC-Authentication-Results: i=2; mx.google.com;\r\n dkim=pass header.d=x.example;\r\n dmarc=pass header.from=x.example\r\nARC-Authentication-Results: i=1; other.example; dmarc=fail";
    expect(authenticationOf(arc, "a@x.example")).toMatchObject({ aligned: true, authservId: "mx.google.com" });
  });
});

describe("Microsoft's authentication results (no authserv-id)", () => {
  const microsoft = [
    "Authentication-Results: spf=pass (sender IP is 192.0.2.7)",
    " smtp.mailfrom=bounce.shop.example; dkim=pass (signature was verified)",
    " header.d=shop.example;dmarc=pass action=none header.from=shop.example;compauth=pass",
    " reason=100",
  ].join("\r\n");

  test("the first part is a result: SPF is read, DKIM and DMARC as before", () => {
    expect(authenticationOf(microsoft, "news@shop.example")).toMatchObject({ known: true, spf: "pass", dkim: "pass", dmarc: "pass", aligned: true, authservId: null });
    expect(
      authenticationOf(
        "Authentication-Results: spf=softfail (sender IP is 192.0.2.9) smtp.mailfrom=x.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=x.example",
        "a@x.example",
      ),
    ).toMatchObject({ spf: "softfail", failed: true });
  });

  test("a field the sender wrote below Microsoft's is not trusted: nothing names the provider's own", () => {
    const forged = [
      "Authentication-Results: spf=fail (sender IP is 203.0.113.5) smtp.mailfrom=paypal.com; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=paypal.com",
      "Received: from attacker.example",
      "Authentication-Results: dmarc=pass header.from=paypal.com",
    ].join("\r\n");
    expect(authenticationOf(forged, "service@paypal.com")).toMatchObject({ dmarc: "fail", aligned: false, failed: true });
  });
});

describe("server spam verdicts", () => {
  test("the filters' yes, and no verdict from a no or a score", () => {
    expect(serverSpamVerdict("X-Rspamd-Action: add header", null)?.header).toBe("x-rspamd-action: add header");
    expect(serverSpamVerdict("X-MS-Exchange-Organization-SCL: 6", null)).not.toBeNull();
    expect(serverSpamVerdict("X-Forefront-Antispam-Report: CIP:1.2.3.4;SFV:SPM;SCL:9", null)).not.toBeNull();
    expect(serverSpamVerdict("X-UI-Filterresults: junk:10;V03:K0:abc", null)).not.toBeNull();
    expect(serverSpamVerdict("X-UI-Filterresults: notjunk:1;V03:K0:abc", null)).toBeNull();
    expect(serverSpamVerdict("X-Spam-Status: No, score=0.1", null)).toBeNull();
    expect(serverSpamVerdict("X-Spam: spam MAILTO_LINK", null)).toBeNull();
    expect(serverSpamVerdict("", "junk")).toEqual({ header: null, junkFolder: true });
  });
});
