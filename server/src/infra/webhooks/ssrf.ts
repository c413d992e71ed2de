/**
 * SSRF guard for outgoing webhooks. A tenant chooses the URL, so without this guard a webhook could reach the
 * cloud metadata service, the database or anything else on our private network. Only globally routable unicast
 * addresses pass; `WEBHOOK_ALLOW_HOSTS` (hosts or CIDRs) is the one explicit way to allow a private target.
 *
 * Checked twice: when the URL is registered (a clear 422), and when connecting, because DNS can change between
 * the two (rebinding). At connection time `guardedLookup` resolves the name, checks every address, and hands the
 * socket only checked addresses, so nothing is resolved twice.
 */
import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** Resolves a host name to all its addresses (injectable so tests never use real DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class UrlNotAllowedError extends Error {
  constructor(
    message: string,
    readonly reason: "scheme" | "address" | "unresolvable" | "invalid",
  ) {
    super(message);
  }
}

export interface AllowList {
  hosts: Set<string>;
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Parses `WEBHOOK_ALLOW_HOSTS`: a comma list of host names, addresses and CIDRs. */
export function parseAllowList(value: string): AllowList {
  const list: AllowList = { hosts: new Set(), cidrs: [] };
  for (const raw of value.split(",")) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "");
    if (!entry) continue;
    if (entry.includes("/") && ipaddr.isValidCIDR(entry)) list.cidrs.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) list.cidrs.push(hostCidr(ipaddr.parse(entry)));
    else list.hosts.add(entry);
  }
  return list;
}

function hostCidr(addr: ipaddr.IPv4 | ipaddr.IPv6): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  return [addr, addr.kind() === "ipv4" ? 32 : 128];
}

function inAllowList(addr: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList): boolean {
  return allow.cidrs.some(([net, bits]) => {
    if (net.kind() !== addr.kind()) {
      // An allowed IPv4 range also covers its IPv4-mapped IPv6 form, and the reverse.
      const other = addr.kind() === "ipv6" ? embeddedIPv4(addr as ipaddr.IPv6) : null;
      return other !== null && net.kind() === "ipv4" && other.match(net as ipaddr.IPv4, bits);
    }
    return addr.kind() === "ipv4"
      ? (addr as ipaddr.IPv4).match(net as ipaddr.IPv4, bits)
      : (addr as ipaddr.IPv6).match(net as ipaddr.IPv6, bits);
  });
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address. */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = addr.parts;
  const zeros = p.slice(0, 5).every((x) => x === 0);
  if (!zeros || (p[5] !== 0xffff && p[5] !== 0)) return null;
  const b = addr.toByteArray().slice(12);
  return new ipaddr.IPv4(b);
}

/**
 * Why an address may not be contacted, or null when it may: loopback, private, link-local (with the metadata
 * service 169.254.169.254), unspecified, multicast, broadcast, CGNAT, reserved and documentation ranges, and
 * IPv6 forms that embed any of them.
 */
export function forbiddenReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let addr = ipaddr.parse(address);
  if (addr.kind() === "ipv6") {
    const v4 = embeddedIPv4(addr as ipaddr.IPv6);
    // `::` and `::1` are IPv6's own unspecified and loopback, not IPv4-compatible forms.
    const range = addr.range();
    if (v4 && range !== "unspecified" && range !== "loopback") addr = v4;
  }
  const range = addr.range();
  return range === "unicast" ? null : range;
}

export function isForbiddenAddress(address: string): boolean {
  return forbiddenReason(address) !== null;
}

export interface GuardOptions {
  allow: AllowList;
  resolve?: Resolver;
}

function checkAddress(address: string, allow: AllowList): void {
  const plain = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(plain)) throw new UrlNotAllowedError(`${address} is not an IP address.`, "invalid");
  if (inAllowList(ipaddr.parse(plain), allow)) return;
  const reason = forbiddenReason(plain);
  if (reason) throw new UrlNotAllowedError(`The address ${plain} is not allowed (${reason}).`, "address");
}

/** Resolves a host and returns its addresses if every one of them may be contacted; throws otherwise. */
export async function resolveAllowed(hostname: string, opts: GuardOptions): Promise<LookupAddress[]> {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) {
    checkAddress(host, opts.allow);
    return [{ address: host, family: ipaddr.parse(host).kind() === "ipv4" ? 4 : 6 }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await (opts.resolve ?? systemResolver)(host);
  } catch {
    throw new UrlNotAllowedError(`The host ${host} could not be resolved.`, "unresolvable");
  }
  if (addresses.length === 0) throw new UrlNotAllowedError(`The host ${host} has no address.`, "unresolvable");
  // An allowed host name is trusted whatever it resolves to; otherwise every address must pass, since the
  // connection may use any of them.
  if (!opts.allow.hosts.has(host)) for (const a of addresses) checkAddress(a.address, opts.allow);
  return addresses;
}

/** Parses a webhook URL: http or https, with a host, no credentials. Throws UrlNotAllowedError. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlNotAllowedError("The URL is not valid.", "invalid");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UrlNotAllowedError("Only http and https URLs are allowed.", "scheme");
  }
  if (!url.hostname) throw new UrlNotAllowedError("The URL has no host.", "invalid");
  if (url.username || url.password) throw new UrlNotAllowedError("The URL may not carry credentials.", "invalid");
  return url;
}

/**
 * Checks a URL as at registration. A name that does not resolve at all is accepted (it may be set up later and is
 * checked again at every connection); a name that resolves to a forbidden address is refused.
 */
export async function checkWebhookUrl(raw: string, opts: GuardOptions): Promise<URL> {
  const url = parseWebhookUrl(raw);
  try {
    await resolveAllowed(url.hostname, opts);
  } catch (err) {
    if (!(err instanceof UrlNotAllowedError) || err.reason !== "unresolvable") throw err;
  }
  return url;
}

/**
 * A `lookup` for http.request / net.connect that refuses forbidden addresses at connection time and returns only
 * the addresses it checked (node then connects to exactly those).
 */
export function guardedLookup(opts: GuardOptions): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, opts).then(
      (addresses) => {
        const family = typeof options === "object" ? options.family : undefined;
        const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (typeof options === "object" && options.all) callback(null, list);
        else callback(null, (list[0] as LookupAddress).address, (list[0] as LookupAddress).family);
      },
      (err: Error) => callback(Object.assign(err, { code: "EWEBHOOKADDRESS" }) as NodeJS.ErrnoException, "", 0),
    );
  };
}
