// Sealing a subscription's channel headers (they may carry a bearer token for the
// subscriber's endpoint). In AWS: KMS Encrypt/Decrypt with a customer-managed key and the
// subscription id as encryption context (the FHIR function may only encrypt, the deliverer
// only decrypt). Locally: AES-256-GCM with a key generated under DATA_DIR on first use.
// Either way the table holds ciphertext only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretSealer } from '../core/model/subscription';

export class SealError extends Error {
  override readonly name = 'SealError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const aad = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort()), 'utf8');

/** A local key file (32 random bytes, base64, mode 0600), created on first use. */
export function loadOrCreateLocalKey(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new SealError('the local subscription key file does not hold a 256-bit key');
  return key;
}

export function localSealer(key: Buffer): SecretSealer {
  return {
    async seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `local:v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    async open(sealed, context) {
      const [scheme, version, iv, tag, body] = sealed.split(':');
      if (scheme !== 'local' || version !== 'v1' || !iv || !tag || body === undefined) throw new SealError('not a locally sealed value');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(aad(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new SealError('the sealed value does not open with this key and context', { cause: err });
      }
    },
  };
}

/** KMS, loaded on first use (the client stays out of a cold start that seals nothing). */
export function kmsSealer(keyId: string, region?: string): SecretSealer {
  let client: Promise<import('@aws-sdk/client-kms').KMSClient> | null = null;
  const kms = () => (client ??= import('@aws-sdk/client-kms').then((m) => new m.KMSClient({ ...(region ? { region } : {}), maxAttempts: 3 })));
  return {
    async seal(plaintext, context) {
      const { EncryptCommand } = await import('@aws-sdk/client-kms');
      const out = await (await kms()).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: context }));
      if (!out.CiphertextBlob) throw new SealError('KMS returned no ciphertext');
      return `kms:v1:${Buffer.from(out.CiphertextBlob).toString('base64')}`;
    },
    async open(sealed, context) {
      const [scheme, version, blob] = sealed.split(':');
      if (scheme !== 'kms' || version !== 'v1' || !blob) throw new SealError('not a KMS-sealed value');
      const { DecryptCommand } = await import('@aws-sdk/client-kms');
      const out = await (await kms()).send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(blob, 'base64'), EncryptionContext: context }));
      if (!out.Plaintext) throw new SealError('KMS returned no plaintext');
      return Buffer.from(out.Plaintext).toString('utf8');
    },
  };
}

/** The sealer the environment configures: SUBSCRIPTION_KEY_ID (AWS) or SUBSCRIPTION_KEY_FILE (local); none otherwise. */
export function sealerFromEnv(env: Record<string, string | undefined>): SecretSealer | null {
  if (env.SUBSCRIPTION_KEY_ID) return kmsSealer(env.SUBSCRIPTION_KEY_ID, env.AWS_REGION);
  if (env.SUBSCRIPTION_KEY_FILE) return localSealer(loadOrCreateLocalKey(env.SUBSCRIPTION_KEY_FILE));
  return null;
}
