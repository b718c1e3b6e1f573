/**
 * The administrator's exceptions to the outbound policy, one per line:
 *
 *   127.0.0.1/32        a network (any port)
 *   10.0.0.5            one address (any port)
 *   127.0.0.1:11434     one address, one port
 *   [fd00::/8]:993      IPv6 in brackets when a port follows
 *   mail.internal:993   a host name (port optional): whatever it resolves to
 *
 * A host name entry trusts the name, not the addresses: it is for an
 * internal server whose address the administrator does not want to pin.
 * Matching is exact (no wildcards), case-insensitive, trailing dot ignored.
 *
 * @example
 *   parseAllowedTarget("127.0.0.1/32") // { ok: true, target: { kind: "network", … , text: "127.0.0.1/32" } }
 *   parseAllowedTarget("*.internal")   // { ok: false }
 */
import { BlockList, isIP } from "node:net";
import { MAX_ALLOWED_TARGETS } from "../limits.ts";

export type AllowedTarget = { kind: "network"; address: string; prefix: number; family: 4 | 6; port: number | null; text: string } | { kind: "host"; name: string; port: number | null; text: string };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const BRACKETED = /^\[([0-9a-f:.]+)(?:\/(\d{1,3}))?\](?::(\d{1,5}))?$/;
const IPV4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?::(\d{1,5}))?$/;
const BARE_IPV6 = /^([0-9a-f]*:[0-9a-f:.]*)(?:\/(\d{1,3}))?$/;
const NAME = /^([a-z0-9.-]+?)\.?(?::(\d{1,5}))?$/;

export function normaliseHostName(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

function port(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

function network(address: string, prefixText: string | undefined, portText: string | undefined): AllowedTarget | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  const p = port(portText);
  if (!(prefix >= 0 && prefix <= max) || p === undefined) return undefined;
  const cidr = `${address}/${prefix}`;
  const text = p === null ? cidr : family === 6 ? `[${cidr}]:${p}` : `${cidr}:${p}`;
  return { kind: "network", address, prefix, family: family as 4 | 6, port: p, text };
}

export function parseAllowedTarget(line: string): { ok: true; target: AllowedTarget } | { ok: false } {
  const text = line.trim().toLowerCase();
  let match: RegExpExecArray | null;
  let target: AllowedTarget | undefined;
  if ((match = BRACKETED.exec(text))) target = network(match[1]!, match[2], match[3]);
  else if ((match = IPV4.exec(text))) target = network(match[1]!, match[2], match[3]);
  else if ((match = BARE_IPV6.exec(text))) target = network(match[1]!, match[2], undefined);
  else if ((match = NAME.exec(text)) && HOST_NAME.test(match[1]!) && !/^[\d.]+$/.test(match[1]!)) {
    const p = port(match[2]);
    if (p !== undefined) target = { kind: "host", name: match[1]!, port: p, text: p === null ? match[1]! : `${match[1]}:${p}` };
  }
  return target ? { ok: true, target } : { ok: false };
}

/** Parses the admin form's text (one entry per line, `#` starts a comment); names the lines that are not entries. */
export function parseAllowedTargetList(text: string): { ok: true; targets: AllowedTarget[] } | { ok: false; invalid: string[] } {
  const targets = new Map<string, AllowedTarget>();
  const invalid: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const parsed = parseAllowedTarget(line);
    if (parsed.ok) targets.set(parsed.target.text, parsed.target);
    else invalid.push(line.slice(0, 100));
  }
  if (invalid.length) return { ok: false, invalid };
  if (targets.size > MAX_ALLOWED_TARGETS) return { ok: false, invalid: [`> ${MAX_ALLOWED_TARGETS}`] };
  return { ok: true, targets: [...targets.values()] };
}

const portMatches = (allowed: number | null, port: number) => allowed === null || allowed === port;

/** Whether an entry names this host name (before resolving): then any address it resolves to may be used. */
export function allowsHostName(targets: readonly AllowedTarget[], host: string, port: number): boolean {
  const name = normaliseHostName(host);
  return targets.some((target) => target.kind === "host" && target.name === name && portMatches(target.port, port));
}

/** Whether an entry's network holds this address (and its port, if the entry names one). */
export function allowsAddress(targets: readonly AllowedTarget[], address: string, port: number): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return targets.some((target) => {
    if (target.kind !== "network" || !portMatches(target.port, port)) return false;
    const list = new BlockList();
    list.addSubnet(target.address, target.prefix, target.family === 4 ? "ipv4" : "ipv6");
    return list.check(address, family === 4 ? "ipv4" : "ipv6");
  });
}
