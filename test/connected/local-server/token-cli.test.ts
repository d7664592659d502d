import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { roles } from '../../../lambda/auth/caller';
import { DEV_ROLES, MAX_TOKEN_LIFETIME_SECONDS } from '../../../scripts/local/dev-jwt.mjs';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const token = (...args: string[]) => run(process.execPath, ['scripts/token.mjs', ...args], { env: { ...process.env, DATA_DIR: dataDir } });

describe('npm run token (scripts/token.mjs)', () => {
  it('knows exactly the roles the API knows', () => {
    expect([...DEV_ROLES]).toEqual([...roles]);
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const { stdout, stderr } = await token('--help');
    expect(stdout).toContain('Usage: npm run --silent token -- --role ROLE');
    expect(stdout).toContain('PHYSICIAN_REVIEWER');
    expect(stderr).toBe('');
  });

  it('an unknown option or a missing role exits 2 with the reason and usage, no stack trace', async () => {
    for (const args of [['--bogus'], [], ['--role', 'PROVIDER']]) {
      const err = (await token(...args).catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(err.code).toBe(2);
      expect(err.stderr).toContain('Usage:');
      expect(err.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--role ADMIN (no such role) says the role is unknown and names the roles, exits 2, prints no token', async () => {
    const err = (await token('--role', 'ADMIN').catch((e: unknown) => e)) as { code: number; stdout: string; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr.split('\n')[0]).toBe(`Unknown role "ADMIN": the roles are ${DEV_ROLES.join(', ')}`);
    expect(err.stdout).toBe('');
  });

  it('prints a token with the role, provider id, and a bounded exp', async () => {
    const { stdout } = await token('--role', 'PROVIDER', '--provider', 'PRV-1');
    const claims = decodeJwt(stdout.trim());
    expect(claims).toMatchObject({ role: 'PROVIDER', providerId: 'PRV-1', sub: 'provider-dev' });
    expect(claims.exp! - claims.iat!).toBe(MAX_TOKEN_LIFETIME_SECONDS);
  });
});
