import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { callerFromClaims } from '../auth/caller';
import { bearerToken, createJwtVerifier, type VerifyJwt } from '../auth/verify-jwt';
import type { CoreContext, PolicyRepository, Repositories } from '../core';
import { capabilityStatement, inquirePas, readQuestionnaire, refuse, submitPas, type DoorOptions, type FhirAnswer } from '../fhir/door';
import { issue } from '../fhir/operation-outcome';
import { getLogger } from '../observability/log';
import { createBusinessMetrics } from '../observability/metrics';
import { createDocumentClient, requestTally } from '../store/client';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, parseJsonBody, withSecurityHeaders } from './http-edge';
import { createStores, type Stores } from '../store';
import { SubscriptionStore } from '../store/subscriptions';
import type { SecretSealer, SubscriptionDeps } from '../core/model/subscription';
import { serveSubscription, subscriptionRoute } from '../fhir/subscription-door';
import { createEndpointGuard, endpointPolicyFor } from '../events/endpoint-guard';
// Types only (erased): the GraphQL door's code never loads in this function.
import type { ApiEvent, ApiHandler, HandlerOptions } from './graphql-app';

/** The `message` of the FHIR door's one log line per request. */
export const FHIR_REQUEST_LOG_MESSAGE = 'fhir request';

export const FHIR_CONTENT_TYPE = 'application/fhir+json';

/** The Lambda handler of the FHIR door, with its store (tests and benchmarks read the table through it). */
export type FhirAppHandler = ApiHandler & { stores: Stores; db: DynamoDBDocumentClient };

export type FhirHandlerOptions = HandlerOptions &
  DoorOptions & {
    /** Seals subscriptions' channel headers (lambda/events/secrets.ts); none: headers are refused. */
    subscriptionSealer?: SecretSealer | null;
    /** Overrides the subscription dependencies (tests). */
    subscriptions?: SubscriptionDeps;
  };

import { routeOf, type Route } from './fhir-routes';

const fhir = (a: FhirAnswer, correlationId: string): APIGatewayProxyResultV2 => ({
  statusCode: a.status,
  headers: withSecurityHeaders({ 'content-type': FHIR_CONTENT_TYPE, 'x-correlation-id': correlationId }),
  body: JSON.stringify(a.resource),
});

/** The JSON body of a POST, or the answer refusing it (never quoting the body: it may hold PHI). */
function readBody(event: ApiEvent, correlationId: string): { ok: true; value: unknown } | { ok: false; answer: FhirAnswer } {
  const type = (event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && type !== FHIR_CONTENT_TYPE && type !== 'application/json') {
    return { ok: false, answer: { ...refuse([issue('not-supported', `Send the Bundle as ${FHIR_CONTENT_TYPE}.`)]), status: 415 } };
  }
  const text = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8') : '';
  // Depth before parsing: a body nested 20,000 deep overflowed the stack further on (HTTP 500).
  const body = parseJsonBody(text);
  if (body.ok) return body;
  const diagnostics =
    body.problem === 'too-deep'
      ? `The request body is nested more than ${MAX_JSON_DEPTH} levels deep (correlation id ${correlationId}).`
      : `The request body is not JSON: send a FHIR Bundle (correlation id ${correlationId}).`;
  return { ok: false, answer: refuse([issue('structure', diagnostics)]) };
}

/**
 * The repositories of one request, with `policies.inEffect` read once per code and day:
 * $submit asks for the same policy to parse the Bundle, to validate each item and to submit.
 */
function withPolicyMemo(stores: Stores): Repositories {
  const seen = new Map<string, ReturnType<PolicyRepository['inEffect']>>();
  const p = stores.policies;
  const policies: PolicyRepository = {
    get: (id, version) => p.get(id, version),
    latest: (id) => p.latest(id),
    list: () => p.list(),
    publish: (policy) => p.publish(policy),
    inEffect: (cptCode, date) => {
      const key = `${cptCode}|${date}`;
      if (!seen.has(key)) seen.set(key, p.inEffect(cptCode, date));
      return seen.get(key)!;
    },
  };
  return { ...stores, policies };
}

/**
 * The composition root of the FHIR door (Da Vinci PAS): config, DynamoDB client and
 * repositories, Powertools logger and business metrics, the same claims mapping as the
 * GraphQL door. A second Lambda function, so the GraphQL function's cold start never pays
 * for FHIR code; both go through the same core and table.
 */
export function createFhirHandler(options: FhirHandlerOptions): FhirAppHandler {
  const now = options.now ?? (() => new Date());
  const metrics = options.metrics ?? createBusinessMetrics();
  const db = createDocumentClient(options);
  const stores = createStores(db, options.tableName);
  const mapping = { roleClaim: options.roleClaim, providerClaim: options.providerClaim };
  // The routes have no API Gateway authorizer in AWS: the function checks the token itself.
  // Without a verifier config no token is accepted here (fail closed).
  const verify: VerifyJwt | null = options.jwt ? createJwtVerifier(options.jwt) : null;

  /** The claims API Gateway verified (local server, or a deployment keeping an authorizer), else the function's own check. */
  async function claimsOf(event: ApiEvent): Promise<Record<string, unknown> | undefined> {
    const fromGateway = event.requestContext.authorizer?.jwt?.claims;
    if (fromGateway) return fromGateway;
    const token = bearerToken(event.headers);
    if (!token || !verify) return undefined;
    const checked = await verify(token);
    if (checked.ok) return checked.claims;
    getLogger().warn('bearer token refused', { reason: checked.reason });
    return undefined;
  }
  const subscriptionDeps: SubscriptionDeps = options.subscriptions ?? {
    subscriptions: new SubscriptionStore(db, options.tableName),
    endpoints: createEndpointGuard(endpointPolicyFor(options.stage)),
    sealer: options.subscriptionSealer ?? null,
  };
  const door: DoorOptions = {
    ...(options.canonicalBase ? { canonicalBase: options.canonicalBase } : {}),
    ...(options.payer ? { payer: options.payer } : {}),
  };

  async function handle(event: ApiEvent, correlationId: string): Promise<{ answer: FhirAnswer; route: Route | 'subscription' | null; ctx: CoreContext | null }> {
    const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (size > MAX_BODY_BYTES) return { answer: refuse([issue('too-costly', 'The request body is larger than 1 MB.')]), route: null, ctx: null };
    const matched = routeOf(event.requestContext.http.method, event.rawPath);
    // FHIR servers publish their CapabilityStatement: no token (the HTTP API route has no authorizer).
    if (matched?.route === 'metadata') {
      const base = `https://${event.requestContext.domainName}/fhir`;
      return { answer: capabilityStatement(base, now().toISOString().slice(0, 10)), route: 'metadata', ctx: null };
    }
    const subscription = matched ? null : subscriptionRoute(event.requestContext.http.method, event.rawPath);
    // An unknown route, whoever asks (in AWS the fallback route has no authorizer: no claims reach it).
    if (!matched && !subscription) return { answer: refuse([issue('not-found', 'This FHIR endpoint serves Claim/$submit, Claim/$inquire, metadata, Questionnaire reads and Subscription.')]), route: null, ctx: null };
    const caller = callerFromClaims(await claimsOf(event), mapping);
    // A 401 OperationOutcome (contract: every FHIR answer is one), not API Gateway's fixed body.
    if (!caller) return { answer: refuse([issue('login', 'Unauthorized: send a bearer token.')]), route: null, ctx: null };
    if (!matched) {
      const ctx: CoreContext = { actor: caller, clock: now, correlationId, repos: stores, metrics, ...(options.plan ? { plan: options.plan } : {}) };
      const base = `https://${event.requestContext.domainName}/fhir`;
      const answered = await serveSubscription(ctx, subscriptionDeps, subscription!, () => readBody(event, correlationId), base);
      // A Subscription resource is serialized like the others (fhir() only stringifies it).
      return { answer: answered as unknown as FhirAnswer, route: 'subscription', ctx };
    }
    const ctx: CoreContext = { actor: caller, clock: now, correlationId, repos: withPolicyMemo(stores), metrics, ...(options.plan ? { plan: options.plan } : {}) };
    switch (matched.route) {
      case 'questionnaire':
        if (matched.id == null) return { answer: refuse([issue('structure', 'The Questionnaire id is not a valid percent-encoded path segment.')]), route: 'questionnaire', ctx };
        return { answer: await readQuestionnaire(ctx, matched.id, door), route: 'questionnaire', ctx };
      case 'submit':
      case 'inquire': {
        const body = readBody(event, correlationId);
        if (!body.ok) return { answer: body.answer, route: matched.route, ctx };
        const answer = matched.route === 'submit' ? await submitPas(ctx, body.value, door) : await inquirePas(ctx, body.value, door);
        return { answer, route: matched.route, ctx };
      }
    }
  }

  const handler = (async (event: ApiEvent, context: Context) => {
    getLogger().addContext(context);
    const started = Date.now();
    const correlationId = event.requestContext.requestId || randomUUID();
    const tally = requestTally.getStore() ?? { dynamoDbRequests: 0 };
    return requestTally.run(tally, async () => {
      let answer: FhirAnswer;
      let route: Route | 'subscription' | null = null;
      let caller: CoreContext['actor'] | null = null;
      try {
        const r = await handle(event, correlationId);
        answer = r.answer;
        route = r.route;
        caller = r.ctx?.actor ?? null;
      } catch (e) {
        // The error's name only: messages may quote stored values.
        getLogger().error('fhir request failed', { correlationId, errorName: e instanceof Error ? e.name : 'unknown' });
        answer = refuse([issue('exception', `The request could not be processed (correlation id ${correlationId}).`)]);
      }
      // One line per request: ids, codes and counts only (never the Bundle, member ids or facts).
      getLogger().info(FHIR_REQUEST_LOG_MESSAGE, {
        correlationId,
        route,
        sub: caller?.sub ?? null,
        role: caller?.role ?? null,
        httpStatus: answer.status,
        issueCodes: answer.issueCodes,
        dynamoDbRequests: tally.dynamoDbRequests,
        durationMs: Date.now() - started,
      });
      return fhir(answer, correlationId);
    });
  }) as FhirAppHandler;
  handler.stores = stores;
  handler.db = db;
  return handler;
}
