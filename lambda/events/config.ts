import * as z from 'zod/mini';
import { defaultDeliveryConfig, type DeliveryConfig } from './deliver';

const positiveInt = z.pipe(z.string(), z.transform((v) => Number(v))).check(z.refine((n) => Number.isInteger(n) && n > 0, 'a positive integer'));

/** Environment of the stream and deliverer Lambdas (infra/constructs/events.ts) and of the local poller. */
export const eventsConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1, 'TABLE_NAME is required')),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z.optional(z.string()),
  STAGE: z._default(z.enum(['local', 'dev', 'staging', 'prod']), 'dev'),
  /** The EventBridge bus case events go to; unset (npm start): they are logged instead. */
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  /** The SQS FIFO queue of deliveries; unset (npm start): the in-process queue. */
  DELIVERY_QUEUE_URL: z.optional(z.url()),
  /** The FHIR base the notifications name (the API's /fhir). */
  FHIR_BASE_URL: z.optional(z.url()),
  DELIVERY_MAX_ATTEMPTS: z.optional(positiveInt),
  DELIVERY_BACKOFF_MS: z.optional(positiveInt),
  DELIVERY_BACKOFF_MAX_MS: z.optional(positiveInt),
});

export type EventsConfig = {
  tableName: string;
  endpoint?: string | undefined;
  region?: string | undefined;
  stage: 'local' | 'dev' | 'staging' | 'prod';
  eventBusName: string | null;
  queueUrl: string | null;
  delivery: DeliveryConfig;
};

export function loadEventsConfig(env: Record<string, string | undefined>): EventsConfig {
  const e = eventsConfigSchema.parse(env);
  const base = defaultDeliveryConfig(e.FHIR_BASE_URL ?? `http://localhost:${env.PORT ?? 4000}/fhir`);
  return {
    tableName: e.TABLE_NAME,
    endpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
    stage: e.STAGE,
    eventBusName: e.EVENT_BUS_NAME ?? null,
    queueUrl: e.DELIVERY_QUEUE_URL ?? null,
    delivery: {
      ...base,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS ?? base.maxAttempts,
      backoffBaseMs: e.DELIVERY_BACKOFF_MS ?? base.backoffBaseMs,
      backoffMaxMs: e.DELIVERY_BACKOFF_MAX_MS ?? base.backoffMaxMs,
    },
  };
}
