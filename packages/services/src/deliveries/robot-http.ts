import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, request } from 'undici';
import { UncertainDeliveryError } from './flush.ts';

/**
 * The only way the server talks to a group robot. A robot address is typed in by a manager, so it
 * must never reach this machine or the networks behind it (the send test would become a port
 * scanner): every connection is checked on the address it actually connects to — after DNS, in
 * the socket's own lookup — so a name that resolves (or re-resolves) inside is refused too.
 */

/** Hosts allowed although not public: only what the operator names (WEBHOOK_ALLOW_HOSTS, tests' local robots). Empty by default. */
let allowedHosts = new Set<string>();

/** Called once at start-up with WEBHOOK_ALLOW_HOSTS (comma-separated host names or addresses, as written in the robot's URL). */
export function allowRobotHosts(hosts: readonly string[]): void {
  allowedHosts = new Set(hosts.map(normalHost).filter((h) => h !== ''));
}

/** Reads WEBHOOK_ALLOW_HOSTS ("127.0.0.1, robots.lan"). */
export function parseRobotHostList(value: string | undefined): string[] {
  return (value ?? '').split(',').map(normalHost).filter((h) => h !== '');
}

function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Whether a robot URL's host was let through explicitly by the operator. */
export function isAllowedRobotHost(hostname: string): boolean {
  return allowedHosts.has(normalHost(hostname));
}

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Public unicast only: loopback, private, CGNAT, link-local, multicast, broadcast, unspecified,
 * documentation and other special-purpose ranges (ipaddr.js's table), unique-local, IPv4-mapped
 * and the tunnelling prefixes are refused. A NAT64 address (64:ff9b::/96, what DNS64 gives on an
 * IPv6-only network) is judged by the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.parse(address);
  if (ip.range() === 'unicast') return true;
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).match(NAT64)) {
    return ipaddr.fromByteArray(ip.toByteArray().slice(12)).range() === 'unicast';
  }
  return false;
}

/** A robot address that leads inside this machine or its networks. */
export class RobotAddressRefused extends Error {
  readonly code = 'ROBOT_ADDRESS_REFUSED';
  constructor(host: string, address: string) {
    super(`robot address ${host} leads to ${address}, which is not a public address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses the name when any address it resolves to is not public. */
function checkedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (!isAllowedRobotHost(hostname)) {
      const inside = addresses.find((a) => !isPublicAddress(a.address));
      if (inside) return callback(new RobotAddressRefused(hostname, inside.address), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/**
 * How long a robot gets. None of the three providers documents a response time (they document
 * rate limits: WeCom and DingTalk 20 messages a minute per robot, Feishu 100 a minute), so:
 * 5 s to connect (a robot not reachable by then is not going to be), 10 s for the answer.
 */
export interface RobotTimeouts {
  connectMs: number;
  responseMs: number;
}
export const ROBOT_TIMEOUTS: RobotTimeouts = { connectMs: 5_000, responseMs: 10_000 };

const agents = new Map<string, Agent>();

function agentFor(timeouts: RobotTimeouts): Agent {
  const key = `${timeouts.connectMs}/${timeouts.responseMs}`;
  let agent = agents.get(key);
  if (!agent) {
    const connect = buildConnector({ timeout: timeouts.connectMs, lookup: checkedLookup });
    agent = new Agent({
      // An address written as an IP is connected to without a lookup: checked here instead.
      connect: (opts, callback) => {
        const host = normalHost(opts.hostname);
        if (isIP(host) && !isAllowedRobotHost(host) && !isPublicAddress(host)) {
          callback(new RobotAddressRefused(host, host), null);
          return;
        }
        connect(opts, callback);
      },
      headersTimeout: timeouts.responseMs,
      bodyTimeout: timeouts.responseMs,
    });
    agents.set(key, agent);
  }
  return agent;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Errors after which the robot may well have the message: it was sent, the answer never came. */
const ANSWER_LOST = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * POSTs JSON to a robot and returns its status and JSON answer (an empty object when it is not
 * JSON). Throws UncertainDeliveryError when the message may have arrived (no answer in time, the
 * connection lost while waiting); any other error means it did not leave.
 */
export async function postRobotJson(url: string, body: unknown, timeouts: RobotTimeouts = ROBOT_TIMEOUTS): Promise<{ status: number; json: Record<string, unknown> }> {
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      dispatcher: agentFor(timeouts),
    });
    // Read in full first: an answer cut off midway is a lost answer, not a refusal.
    return { status: res.statusCode, json: parseObject(await res.body.text()) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code && ANSWER_LOST.has(code)) throw new UncertainDeliveryError(`robot did not answer (${code}): it may have received the message`, { cause: e });
    throw e;
  }
}
