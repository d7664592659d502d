/**
 * Da Vinci PAS subscriptions (FHIR R4 Subscriptions Backport): a provider organization's
 * system asks to be told about every change of its pended requests. Stored in the table
 * (lambda/store/subscriptions.ts); the channel's headers only sealed (SecretSealer).
 */

/** The one topic PAS defines. */
export const PAS_SUBSCRIPTION_TOPIC = 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic';
export const SUBSCRIPTION_CHANNEL = 'rest-hook';
export const SUBSCRIPTION_PAYLOAD_MIME = 'application/fhir+json';
export const SUBSCRIPTION_CONTENT = 'full-resource';

/** FHIR Subscription.status: `requested` until the handshake, `active` or `error` after it, `off` once deleted. */
export const subscriptionStatuses = ['requested', 'active', 'error', 'off'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** Longest wait for a subscriber's endpoint, per request (the Backport `timeout` extension may ask for less). */
export const MAX_DELIVERY_TIMEOUT_SECONDS = 30;
export const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 10;
export const MAX_SUBSCRIPTION_HEADERS = 10;

export type SubscriptionRecord = {
  id: string;
  status: SubscriptionStatus;
  topic: typeof PAS_SUBSCRIPTION_TOPIC;
  /** The organization whose pended requests are reported: its NPI (the cases' providerId). */
  orgNpi: string;
  endpoint: string;
  channelType: typeof SUBSCRIPTION_CHANNEL;
  payloadMimeType: typeof SUBSCRIPTION_PAYLOAD_MIME;
  content: typeof SUBSCRIPTION_CONTENT;
  /** The channel headers ("Name: value" lines), sealed; null when none. Never returned, never logged. */
  sealedHeaders: string | null;
  headerCount: number;
  /** Per-request timeout of a delivery. */
  timeoutSeconds: number;
  reason: string | null;
  end: string | null;
  createdAt: string;
  createdBy: string;
  /** Events assigned to this subscription so far (eventsSinceSubscriptionStart); an atomic counter. */
  eventCount: number;
  /** Notifications 1..deliveredThrough are settled (delivered, or kept as undeliverable). */
  deliveredThrough: number;
  /** Notifications given up on after every retry (kept in the table, counted). */
  undeliverableCount: number;
  /** The last delivery or handshake problem, as a code (HTTP_503, TIMEOUT, ...): never a body. */
  lastError: string | null;
  updatedAt: string;
};

/** What a door asks for, read from its format (the FHIR door: a Subscription resource). */
export type SubscriptionRequest = {
  topic: string;
  channelType: string;
  endpoint: string;
  payloadMimeType: string | null;
  content: string | null;
  /** Filters as given: name and the comma-separated values. */
  filters: { name: string; values: string[] }[];
  headers: string[];
  timeoutSeconds: number | null;
  reason: string | null;
  end: string | null;
};

export type EndpointVerdict = 'OK' | 'NOT_HTTPS' | 'NOT_A_URL' | 'PRIVATE_ADDRESS' | 'UNRESOLVABLE';

/** Checks a subscriber's endpoint before it is stored (lambda/events/endpoint-guard.ts). */
export interface EndpointGuard {
  check(endpoint: string): Promise<EndpointVerdict>;
}

/** Seals channel headers (KMS in AWS, a local key for npm start): lambda/events/secrets.ts. */
export interface SecretSealer {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

export interface SubscriptionRepository {
  create(s: SubscriptionRecord): Promise<void>;
  get(id: string): Promise<SubscriptionRecord | null>;
  /** The live subscriptions (not off) of one organization. */
  listByOrg(orgNpi: string): Promise<SubscriptionRecord[]>;
  /** Turns it off: no further event is assigned or delivered; its sealed headers are erased. */
  remove(id: string, at: string): Promise<void>;
}

export type SubscriptionDeps = {
  subscriptions: SubscriptionRepository;
  endpoints: EndpointGuard;
  /** Null when no key is configured: subscriptions with headers are then refused. */
  sealer: SecretSealer | null;
};
