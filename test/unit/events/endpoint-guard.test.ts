import { describe, expect, it } from 'vitest';
import { createEndpointGuard, endpointPolicyFor, isPrivateAddress } from '../../../lambda/events/endpoint-guard';

const resolvesTo = (addresses: string[]) => async () => addresses;
const fails = async (): Promise<string[]> => {
  throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('subscriber endpoints outside STAGE=local', () => {
  const guard = (addresses: string[] = ['93.184.215.14']) => createEndpointGuard(endpointPolicyFor('prod'), resolvesTo(addresses));

  it('accepts https on a public address', async () => {
    expect(await guard().check('https://ehr.example.org/pas/notify')).toBe('OK');
  });

  it.each([
    ['http', 'http://ehr.example.org/notify', 'NOT_HTTPS'],
    ['not a URL', 'ehr.example.org/notify', 'NOT_A_URL'],
    ['credentials in the URL', 'https://user:pw@ehr.example.org/', 'NOT_A_URL'],
    ['loopback', 'https://127.0.0.1:8443/', 'PRIVATE_ADDRESS'],
    ['localhost', 'https://localhost/', 'PRIVATE_ADDRESS'],
    ['the instance metadata service', 'https://169.254.169.254/latest/meta-data/', 'PRIVATE_ADDRESS'],
    ['a private network', 'https://10.1.2.3/', 'PRIVATE_ADDRESS'],
    ['IPv6 loopback', 'https://[::1]/', 'PRIVATE_ADDRESS'],
    ['IPv6 unique local', 'https://[fd00::1]/', 'PRIVATE_ADDRESS'],
    ['IPv4-mapped IPv6 of a private address', 'https://[::ffff:192.168.1.1]/', 'PRIVATE_ADDRESS'],
  ])('refuses %s', async (_name, url, verdict) => {
    expect(await guard().check(url)).toBe(verdict);
  });

  it('refuses a public name that resolves to a private address, and a name that does not resolve', async () => {
    expect(await guard(['203.0.113.9', '10.0.0.5']).check('https://rebind.example.org/')).toBe('PRIVATE_ADDRESS');
    expect(await createEndpointGuard(endpointPolicyFor('prod'), fails).check('https://nowhere.example.org/')).toBe('UNRESOLVABLE');
  });

  it('classifies addresses', () => {
    expect(['8.8.8.8', '2606:4700:4700::1111'].map(isPrivateAddress)).toEqual([false, false]);
    expect(['172.16.0.1', '100.64.0.1', '0.0.0.0', 'fe80::1', 'not-an-ip'].map(isPrivateAddress)).toEqual([true, true, true, true, true]);
  });
});

describe('STAGE=local', () => {
  it('allows http and loopback, for a receiver on the developer machine', async () => {
    const guard = createEndpointGuard(endpointPolicyFor('local'), fails);
    expect(await guard.check('http://127.0.0.1:9000/notify')).toBe('OK');
    expect(await guard.check('ftp://127.0.0.1/')).toBe('NOT_HTTPS');
  });
});
