import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalKey, localSealer } from '../../../lambda/events/secrets';
import { backoffMs } from '../../../lambda/events/deliver';

const dir = mkdtempSync(join(tmpdir(), 'sealer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local sealer (npm start)', () => {
  const file = join(dir, 'subscription-secret.key');
  const sealer = localSealer(loadOrCreateLocalKey(file));

  it('creates a 256-bit key readable by its owner only, and reuses it', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateLocalKey(file)).toEqual(Buffer.from(readFileSync(file, 'utf8'), 'base64'));
  });

  it('seals so that the ciphertext shows nothing, and opens only with the same subscription as context', async () => {
    const secret = '["Authorization: Bearer abc.def.ghi"]';
    const sealed = await sealer.seal(secret, { subscriptionId: 's-1' });
    expect(sealed).not.toContain('Bearer');
    expect(sealed).not.toEqual(await sealer.seal(secret, { subscriptionId: 's-1' }));
    expect(await sealer.open(sealed, { subscriptionId: 's-1' })).toBe(secret);
    await expect(sealer.open(sealed, { subscriptionId: 's-2' })).rejects.toThrow(/does not open/);
    const other = localSealer(loadOrCreateLocalKey(join(dir, 'other.key')));
    await expect(other.open(sealed, { subscriptionId: 's-1' })).rejects.toThrow(/does not open/);
  });
});

describe('delivery back-off', () => {
  it('doubles from the base up to the ceiling, within ±20%', () => {
    const c = { backoffBaseMs: 1_000, backoffMaxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffMs(a, c, () => 0.5))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(backoffMs(3, c, () => 0)).toBe(3_200);
    expect(backoffMs(3, c, () => 1)).toBe(4_800);
  });
});
