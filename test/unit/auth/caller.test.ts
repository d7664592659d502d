import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '../../../lambda/auth/caller';

const custom = { roleClaim: 'role', providerClaim: 'providerId' };
const cognito = { roleClaim: 'cognito:groups', providerClaim: 'custom:providerId' };

describe('callerFromClaims', () => {
  it('reads sub, role and provider from a custom role claim', () => {
    expect(callerFromClaims({ sub: 'u1', role: 'PROVIDER', providerId: 'P1' }, custom)).toEqual({ sub: 'u1', role: 'PROVIDER', providerId: 'P1' });
  });
  it("reads Cognito groups as API Gateway flattens them ('[A B]')", () => {
    expect(callerFromClaims({ sub: 'u2', 'cognito:groups': '[PHYSICIAN_REVIEWER]' }, cognito)?.role).toBe('PHYSICIAN_REVIEWER');
    expect(callerFromClaims({ sub: 'u2', 'cognito:groups': ['UM_NURSE'] }, cognito)?.role).toBe('UM_NURSE');
  });
  it('refuses no sub, unknown roles, several roles, and a provider without providerId', () => {
    expect(callerFromClaims({ role: 'UM_NURSE' }, custom)).toBeNull();
    expect(callerFromClaims({ sub: 'u', role: 'ADMIN' }, custom)).toBeNull();
    expect(callerFromClaims({ sub: 'u', 'cognito:groups': '[UM_NURSE PHYSICIAN_REVIEWER]' }, cognito)).toBeNull();
    expect(callerFromClaims({ sub: 'u', role: 'PROVIDER' }, custom)).toBeNull();
    expect(callerFromClaims(undefined, custom)).toBeNull();
  });
});
