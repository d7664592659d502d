/** The roles of the API (one Cognito group each, infra/config.ts); a token carries exactly one. */
export const roles = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'ANALYST', 'POLICY_ADMIN'] as const;
export type Role = (typeof roles)[number];

/** Who acts: the verified caller (sub, role, the provider it speaks for; a reviewer's npi and specialty). */
export type Actor = { sub: string; role: Role; providerId: string | null; npi?: string | null; specialty?: string | null };
