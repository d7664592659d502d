import type { CompiledPolicy, Recommendation } from '../engine';
import type { CounterItem } from './analytics/stats';
import type { ListingPage, ListingPlan } from './listing/plan';
import type { AuditRecord } from './model/audit';
import type { CaseRecord, Urgency } from './model/case';
import type { DeterminationRecord, ReviewAction } from './model/determination';
import type { NoticeRecord } from './model/notice';

/**
 * What the core needs from the outside, as interfaces: the store (lambda/store/) implements
 * the repositories over DynamoDB; the composition root (lambda/handlers/) supplies the
 * metrics. The core never sees a table, a key or a client.
 */

/** A case with its determinations, audit trail and notices (each oldest first): one read. */
export type CaseCollection = { case: CaseRecord; determinations: DeterminationRecord[]; audit: AuditRecord[]; notices: NoticeRecord[] };

/** One change to a case, written as one transaction (case, determination, audit, counters). */
export type CaseChange = {
  /** null for a new case (its idempotency key is claimed in the same transaction). */
  before: CaseRecord | null;
  after: CaseRecord;
  determination: DeterminationRecord | null;
  audit: AuditRecord;
  /** The notices the change issues, rendered before the commit and written in its transaction. */
  notices: NoticeRecord[];
};

export type CommitResult =
  | { ok: true }
  | { ok: false; reason: 'VERSION_CONFLICT' }
  | { ok: false; reason: 'IDEMPOTENT_REPLAY'; caseId: string }
  /** The determination's authorization number is held by another case (claimed as AUTH#<number>). */
  | { ok: false; reason: 'AUTHORIZATION_NUMBER_TAKEN' };

/** Why some changes of a batch could not be committed (then none was). */
export type BatchCommitFailure =
  | { index: number; reason: 'IDEMPOTENT_REPLAY'; caseId: string }
  | { index: number; reason: 'AUTHORIZATION_NUMBER_TAKEN' };
export type BatchCommitResult = { ok: true } | { ok: false; failures: [BatchCommitFailure, ...BatchCommitFailure[]] };

/** A case found by a secondary key (an authorization number, a member's requests). */
export type CaseSearch = { providerId: string; memberId: string; cptCode: string | null };

export interface CaseRepository {
  getCase(caseId: string): Promise<CaseRecord | null>;
  getCollection(caseId: string): Promise<CaseCollection | null>;
  /** One transaction; when the determination carries an authorization, its number is claimed in it (unique across the table). */
  commit(change: CaseChange): Promise<CommitResult>;
  /**
   * New cases, all in ONE transaction (at most MAX_CASES_PER_SUBMISSION: a transaction holds
   * at most 100 writes); either every change is written or none. Changes that share an
   * analytics counter item add their deltas in one write.
   */
  commitMany(changes: readonly CaseChange[]): Promise<BatchCommitResult>;
  /** The id of the case holding an authorization number (its AUTH#<number> item), or null. */
  caseIdForAuthorization(number: string): Promise<string | null>;
  /** A member's cases with one provider, newest received first, optionally of one service code (an index, never a scan). */
  findByMember(search: CaseSearch, limit: number): Promise<CaseRecord[]>;
}

export interface DeterminationRepository {
  /** By determination id (`<caseId>:<version>`); missing ids are absent from the map. */
  getMany(ids: readonly string[]): Promise<Map<string, DeterminationRecord>>;
}

export type PublishResult = { ok: true } | { ok: false; reason: 'VERSION_EXISTS' | 'VERSION_NOT_NEWER' };

export interface PolicyRepository {
  get(policyId: string, version: number): Promise<CompiledPolicy | null>;
  latest(policyId: string): Promise<CompiledPolicy | null>;
  /** The latest version of every policy. */
  list(): Promise<CompiledPolicy[]>;
  /** The version in effect for a service code on a date (YYYY-MM-DD). */
  inEffect(cptCode: string, date: string): Promise<CompiledPolicy | null>;
  publish(policy: CompiledPolicy): Promise<PublishResult>;
}

export type ListingResult = { ok: true; page: ListingPage } | { ok: false; reason: 'INVALID_CURSOR' };

export interface CaseListingRepository {
  page(plan: ListingPlan, first: number, after: string | null | undefined): Promise<ListingResult>;
}

export interface StatsRepository {
  /** The per-day counter items of received days fromDay..toDay (YYYY-MM-DD, inclusive). */
  read(fromDay: string, toDay: string): Promise<CounterItem[]>;
}

export type Repositories = {
  cases: CaseRepository;
  determinations: DeterminationRepository;
  policies: PolicyRepository;
  listing: CaseListingRepository;
  stats: StatsRepository;
};

/**
 * Business metrics (CloudWatch EMF in Lambda, lambda/observability/metrics.ts). Dimensions
 * are codes and enum values only: never an id, a member, a fact or free text.
 */
export interface BusinessMetrics {
  determination(d: { source: 'ENGINE' | 'REVIEWER'; recommendation: Recommendation; reviewAction: ReviewAction }): void;
  automaticApproval(): void;
  /** A decision (first-level or on appeal) recorded after its due date. */
  decisionPastDue(d: { urgency: Urgency; onAppeal: boolean }): void;
  /** A use case refused a request with this catalogue code. */
  refusal(d: { useCase: string; code: string }): void;
}

export const noMetrics: BusinessMetrics = {
  determination: () => undefined,
  automaticApproval: () => undefined,
  decisionPastDue: () => undefined,
  refusal: () => undefined,
};
