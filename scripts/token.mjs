#!/usr/bin/env node
// `npm run --silent token -- --role ROLE [--provider ID] [--sub ID]`: prints a development
// token the local server (npm start) accepts. Plain JavaScript: no compile step per call.
import { parseArgs } from 'node:util';
import { DEV_ROLES, devKeyPath, loadOrCreateDevKeys, signDevToken } from './local/dev-jwt.mjs';

const usage = `Usage: npm run --silent token -- --role ROLE [--provider ID] [--sub ID]

Prints a development token (a JWT valid for 12 hours) that the local server started by
\`npm start\` accepts, signed with the key in \${DATA_DIR:-.data}/dev-signing-key.json.

  --role ROLE      one of ${DEV_ROLES.join(', ')}
  --provider ID    the provider id the token speaks for (required with --role PROVIDER)
  --sub ID         the subject (default: <role>-dev, e.g. um_nurse-dev)
  -h, --help       this help

Example:
  curl -s http://localhost:4000/graphql \\
    -H "authorization: Bearer $(npm run --silent token -- --role UM_NURSE)" \\
    -H 'content-type: application/json' -d '{"query":"{ cases(first: 5) { edges { node { id status } } } }"}'

In a browser, http://localhost:4000/graphql has a role picker that does this for you.`;

function fail(message) {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      provider: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const role = values.role;
if (!role) fail(`--role is required, one of: ${DEV_ROLES.join(', ')}`);
if (!DEV_ROLES.includes(role)) fail(`Unknown role "${role}": the roles are ${DEV_ROLES.join(', ')}`);
if (role === 'PROVIDER' && !values.provider) fail('--provider ID is required for the PROVIDER role');

const keys = await loadOrCreateDevKeys(devKeyPath());
const token = await signDevToken(keys, {
  sub: values.sub ?? `${role.toLowerCase()}-dev`,
  role,
  providerId: role === 'PROVIDER' ? values.provider : undefined,
});
process.stdout.write(`${token}\n`);
