// Where a subscriber's notifications may go. Outside STAGE=local: https only, and never to a
// private, loopback, link-local or otherwise non-public address (no server-side request
// forgery into the payer's network or the instance metadata service). Checked when the
// subscription is created and again on every connection (lambda/events/http-sender.ts
// resolves through `publicLookup`), so a name that later resolves inward is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { EndpointGuard, EndpointVerdict } from '../core/model/subscription';

// Node's own BlockList (no hand-written CIDR parsing): every range that is not the public internet.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True when the address is not on the public internet (IPv4-mapped IPv6 checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

export type EndpointPolicy = { allowHttp: boolean; allowPrivate: boolean };
/** STAGE=local lets a developer point a subscription at a receiver on this machine. */
export const endpointPolicyFor = (stage: string): EndpointPolicy => (stage === 'local' ? { allowHttp: true, allowPrivate: true } : { allowHttp: false, allowPrivate: false });

type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs: LookupAddress[]) => (err ? reject(err) : resolve(addrs.map((a) => a.address)))));

export function createEndpointGuard(policy: EndpointPolicy, resolve: Resolve = resolveAll): EndpointGuard {
  return {
    async check(endpoint: string): Promise<EndpointVerdict> {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return 'NOT_A_URL';
      }
      if (url.username || url.password || endpoint.length > 2048) return 'NOT_A_URL';
      if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) return 'NOT_HTTPS';
      if (policy.allowPrivate) return 'OK';
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host)) return isPrivateAddress(host) ? 'PRIVATE_ADDRESS' : 'OK';
      if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'PRIVATE_ADDRESS';
      let addresses: string[];
      try {
        addresses = await resolve(host);
      } catch {
        return 'UNRESOLVABLE';
      }
      if (addresses.length === 0) return 'UNRESOLVABLE';
      return addresses.some(isPrivateAddress) ? 'PRIVATE_ADDRESS' : 'OK';
    },
  };
}

/** A `lookup` for http(s).request that refuses to connect to a private address (checked at connect time). */
export function publicLookup(policy: EndpointPolicy): typeof dnsLookup {
  const guarded = (hostname: string, options: unknown, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, options as { all: true }, (err, address, family?: number) => {
      const found = address as unknown as string | LookupAddress[];
      if (err) return callback(err, found, family);
      const list = Array.isArray(found) ? found.map((a) => a.address) : [found];
      if (!policy.allowPrivate && list.some(isPrivateAddress)) {
        const refused = Object.assign(new Error('endpoint resolves to a non-public address'), { code: 'EPRIVATEADDRESS' }) as NodeJS.ErrnoException;
        return callback(refused, found, family);
      }
      callback(null, found, family);
    });
  };
  return guarded as unknown as typeof dnsLookup;
}
