import type { JWK } from 'jose';

export declare const DEV_ISSUER: string;
export declare const DEV_AUDIENCE: string;
export declare const DEV_ALG: 'ES256';
export declare const MAX_TOKEN_LIFETIME_SECONDS: number;
export declare const DEV_ROLES: readonly string[];

export type DevKeys = { privateJwk: JWK; publicJwk: JWK };
export type TokenClaims = { sub: string; role: string; providerId?: string | undefined };

export declare function dataDir(env?: Record<string, string | undefined>): string;
export declare function devKeyPath(env?: Record<string, string | undefined>): string;
export declare function loadOrCreateDevKeys(path: string): Promise<DevKeys>;
export declare function signDevToken(
  keys: DevKeys,
  claims: TokenClaims,
  opts?: { expiresIn?: string | number; audience?: string; issuer?: string },
): Promise<string>;
