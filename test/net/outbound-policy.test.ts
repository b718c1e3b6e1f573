/**
 * The outbound policy's building blocks without a server: which addresses
 * count as public, how the administrator's entries read and match, and
 * what checkOutboundTarget makes of names and literals (real DNS for
 * `localhost`, nothing mocked).
 */
import { describe, expect, test } from "bun:test";
import { classifyAddress } from "../../src/net/address-ranges.ts";
import { allowsAddress, allowsHostName, parseAllowedTarget, parseAllowedTargetList, type AllowedTarget } from "../../src/net/allowed-targets.ts";
import { checkOutboundTarget, OutboundTargetError, PUBLIC_ONLY } from "../../src/net/outbound-policy.ts";
import { isPublicRemoteUrl } from "../../src/net/remote-content.ts";

const entries = (...lines: string[]): AllowedTarget[] =>
  lines.map((line) => {
    const parsed = parseAllowedTarget(line);
    if (!parsed.ok) throw new Error(line);
    return parsed.target;
  });

describe("classifyAddress", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.1", "private"],
    ["fc00::1", "private"],
    ["fdff:ffff::1", "private"],
    ["169.254.169.254", "link_local"],
    ["169.254.0.1", "link_local"],
    ["fe80::1", "link_local"],
    ["febf::1", "link_local"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["::7f00:1", "reserved"],
  ] as const)("%s is %s", (address, kind) => expect(classifyAddress(address)).toBe(kind));

  test.each([
    ["8.8.8.8"],
    ["1.1.1.1"],
    ["172.15.255.255"],
    ["172.32.0.0"],
    ["100.63.255.255"],
    ["100.128.0.0"],
    ["169.253.255.255"],
    ["223.255.255.255"],
    ["2a00:1450:4001:81c::200e"],
    ["2606:4700::1111"],
  ])("%s is public", (address) => expect(classifyAddress(address)).toBe("public"));

  test("an IPv4 address inside IPv6 (mapped, NAT64, 6to4) is judged as that IPv4 address", () => {
    expect(classifyAddress("::ffff:127.0.0.1")).toBe("loopback");
    expect(classifyAddress("::ffff:7f00:1")).toBe("loopback");
    expect(classifyAddress("::FFFF:169.254.169.254")).toBe("link_local");
    expect(classifyAddress("::ffff:a00:1")).toBe("private");
    expect(classifyAddress("64:ff9b::c0a8:101")).toBe("private");
    expect(classifyAddress("2002:7f00:1::1")).toBe("loopback");
    expect(classifyAddress("::ffff:8.8.8.8")).toBe("public");
  });

  test("what is no IP address is never public", () => {
    for (const text of ["", "localhost", "127.1", "1.2.3.4.5", "::g"]) expect(classifyAddress(text)).not.toBe("public");
  });
});

describe("allowed targets", () => {
  test("entries are read and printed in one canonical form", () => {
    const texts = ["127.0.0.1/32", "127.0.0.1", "10.0.0.0/8", "127.0.0.1:11434", "[fd00::/8]:993", "::1", "Mail.Internal.:993", "ollama"].map((line) => {
      const parsed = parseAllowedTarget(line);
      return parsed.ok ? parsed.target.text : null;
    });
    expect(texts).toEqual(["127.0.0.1/32", "127.0.0.1/32", "10.0.0.0/8", "127.0.0.1/32:11434", "[fd00::/8]:993", "::1/128", "mail.internal:993", "ollama"]);
  });

  test("what is not an entry is refused, line by line", () => {
    for (const line of ["*.internal", "10.0.0.0/33", "::1/129", "127.0.0.1:0", "127.0.0.1:70000", "http://127.0.0.1", "300.1.1.1", "a b", "-x.example"]) {
      expect({ line, ok: parseAllowedTarget(line).ok }).toEqual({ line, ok: false });
    }
    expect(parseAllowedTargetList("127.0.0.1/32\n# a comment\n\nnope!\n")).toEqual({ ok: false, invalid: ["nope!"] });
    expect(parseAllowedTargetList("127.0.0.1/32 # Ollama\r\nmail.internal")).toMatchObject({ ok: true, targets: [{ text: "127.0.0.1/32" }, { text: "mail.internal" }] });
  });

  test("a network matches the addresses inside it, on its port if it names one", () => {
    const allowed = entries("10.0.0.0/8", "127.0.0.1:11434", "[fd00::/8]:993");
    expect(allowsAddress(allowed, "10.200.0.1", 22)).toBe(true);
    expect(allowsAddress(allowed, "11.0.0.1", 22)).toBe(false);
    expect(allowsAddress(allowed, "127.0.0.1", 11434)).toBe(true);
    expect(allowsAddress(allowed, "127.0.0.1", 11435)).toBe(false);
    expect(allowsAddress(allowed, "::ffff:127.0.0.1", 11434)).toBe(true);
    expect(allowsAddress(allowed, "fd12::1", 993)).toBe(true);
    expect(allowsAddress(allowed, "fd12::1", 143)).toBe(false);
  });

  test("a host name matches exactly, never a neighbour", () => {
    const allowed = entries("mail.internal:993");
    expect(allowsHostName(allowed, "MAIL.internal.", 993)).toBe(true);
    expect(allowsHostName(allowed, "mail.internal", 143)).toBe(false);
    expect(allowsHostName(allowed, "x.mail.internal", 993)).toBe(false);
  });
});

describe("checkOutboundTarget", () => {
  const refusal = async (host: string, port: number, policy = PUBLIC_ONLY) => {
    try {
      await checkOutboundTarget(policy, host, port);
      return "allowed";
    } catch (error) {
      return error instanceof OutboundTargetError ? error.refusal : String(error);
    }
  };

  test("loopback, private and metadata addresses are refused by default, in any spelling", async () => {
    for (const host of ["127.0.0.1", "[::1]", "::ffff:127.0.0.1", "10.1.2.3", "169.254.169.254", "0.0.0.0", "[fe80::1]"])
      expect({ host, outcome: await refusal(host, 993) }).toEqual({ host, outcome: "not_allowed" });
  });

  test("a name is resolved and refused for the address it resolves to", async () => {
    expect(await refusal("localhost", 993)).toBe("not_allowed");
    expect(await refusal("no-such-host.invalid", 993)).toBe("dns_failed");
  });

  test("an allowed network lets its address through, with the name kept for TLS", async () => {
    const policy = { allowed: entries("127.0.0.0/8", "::1/128") };
    expect(await checkOutboundTarget(policy, "127.0.0.1", 993)).toEqual({ host: "127.0.0.1", address: "127.0.0.1", family: 4, port: 993, servername: undefined });
    const viaName = await checkOutboundTarget(policy, "localhost", 993);
    expect(viaName.servername).toBe("localhost");
    expect(["127.0.0.1", "::1"]).toContain(viaName.address);
  });

  test("an allowed host name lets it through whatever it resolves to; another port stays refused", async () => {
    const policy = { allowed: entries("localhost:11434") };
    expect(await refusal("localhost", 11434, policy)).toBe("allowed");
    expect(await refusal("localhost", 993, policy)).toBe("not_allowed");
    expect(await refusal("127.0.0.1", 11434, policy)).toBe("not_allowed");
  });
});

describe("remote content URLs", () => {
  test("this machine and private networks are refused, in every spelling the URL parser knows", () => {
    for (const url of [
      "https://127.0.0.1/a.png",
      "https://2130706433/a.png",
      "https://0x7f.1/a.png",
      "https://[::1]/a.png",
      "https://[::ffff:127.0.0.1]/a.png",
      "https://localhost:631/",
      "https://printer.localhost/",
      "https://router/",
      "https://nas.local/x.png",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data",
      "https://wiki.internal/",
      "https://100.64.1.1/",
      "not a url",
    ])
      expect({ url, public: isPublicRemoteUrl(url) }).toEqual({ url, public: false });
  });

  test("public hosts pass", () => {
    for (const url of ["https://cdn.example.com/a.png", "https://8.8.8.8/a.png", "https://[2606:4700::1111]/x"]) expect(isPublicRemoteUrl(url)).toBe(true);
  });
});
