// The delivery queue of `npm start` and the connected tests, in place of SQS: one worker per
// subscription (a slow endpoint holds up only its own subscription), messages of a
// subscription in order, and a failed message retried after the back-off the same handler
// returns (the Lambda turns it into the SQS message's visibility timeout instead). Nothing
// here is durable: the table is (notifications and the delivery cursor), and the poller
// requeues what is pending when it starts (scripts/local/stream-poller.ts).
import type { DeliveryOutcome } from './deliver';
import type { DeliveryMessage, DeliveryQueue } from './ports';

type Work = { handshake: boolean; upTo: number };

export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly work = new Map<string, Work>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handle: (m: DeliveryMessage) => Promise<DeliveryOutcome>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    if (this.stopped) return;
    for (const m of messages) {
      const w = this.work.get(m.subscriptionId) ?? { handshake: false, upTo: 0 };
      if (m.kind === 'handshake') w.handshake = true;
      else w.upTo = Math.max(w.upTo, m.eventNumber);
      this.work.set(m.subscriptionId, w);
      if (!this.running.has(m.subscriptionId)) {
        const run = this.drain(m.subscriptionId).finally(() => {
          this.running.delete(m.subscriptionId);
          if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
        this.running.set(m.subscriptionId, run);
      }
    }
  }

  private async drain(subscriptionId: string): Promise<void> {
    while (!this.stopped) {
      const w = this.work.get(subscriptionId);
      if (!w) return;
      const message: DeliveryMessage = w.handshake ? { kind: 'handshake', subscriptionId } : { kind: 'notify', subscriptionId, eventNumber: w.upTo };
      let outcome: DeliveryOutcome;
      try {
        outcome = await this.handle(message);
      } catch (err) {
        // The table or the key failed, not the endpoint: try again shortly, as SQS would.
        this.onError(err);
        outcome = { done: false, retryAfterMs: 1_000, delivered: 0 };
      }
      if (this.stopped) return;
      if (!outcome.done) {
        await new Promise((r) => setTimeout(r, outcome.retryAfterMs));
        continue;
      }
      const now = this.work.get(subscriptionId)!;
      if (message.kind === 'handshake') now.handshake = false;
      else if (now.upTo <= message.eventNumber) now.upTo = 0;
      if (!now.handshake && now.upTo === 0) this.work.delete(subscriptionId);
    }
  }

  /** Resolves when no subscription has work left (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops taking and retrying work; what is in flight is abandoned (the table still says it is pending). */
  stop(): void {
    this.stopped = true;
    this.work.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
