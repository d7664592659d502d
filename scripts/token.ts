/** `npm run --silent token -- --role ROLE [--sub ID] [--provider ID]`: prints a token the local server accepts. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { roles } from '../lambda/auth/caller';
import { loadOrCreateDevKeys, signDevToken } from './local/dev-tokens';

const { values } = parseArgs({
  options: { role: { type: 'string' }, sub: { type: 'string' }, provider: { type: 'string' } },
  strict: true,
});
const role = values.role;
if (!role || !(roles as readonly string[]).includes(role)) {
  console.error(`--role is required, one of: ${roles.join(', ')}`);
  process.exit(2);
}
if (role === 'PROVIDER' && !values.provider) {
  console.error('--provider ID is required for the PROVIDER role');
  process.exit(2);
}
const keys = await loadOrCreateDevKeys(resolve('.data', 'dev-signing-key.json'));
const token = await signDevToken(keys, {
  sub: values.sub ?? `${role.toLowerCase()}-dev`,
  role,
  providerId: values.provider,
});
process.stdout.write(`${token}\n`);
