import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { getLogger } from '../observability/log';

type ApolloLogger = NonNullable<ApolloServerOptions<BaseContext>['logger']>;

/** The message of every line Apollo Server logs through this adapter. */
export const APOLLO_LOG_MESSAGE = 'apollo server';

/**
 * The fixed text Apollo puts before a colon ("Unexpected error processing request: <error>");
 * whatever follows the colon may carry an error message, so it is never logged.
 */
export function apolloEvent(message: unknown): string {
  // Apollo hands over a string or an Error; anything else is not a message we recognise.
  const text = typeof message === 'string' || message instanceof Error ? String(message) : '';
  const head = text.split(':', 1)[0]!.trim();
  return /^[A-Za-z][A-Za-z .`'-]{0,79}$/.test(head) ? head : 'unrecognised';
}

/**
 * Apollo Server's own logger (start-up, hooks that threw, unexpected pipeline errors) on the
 * same JSON logger as the request lines, reduced to its fixed event text: no error
 * message, no input.
 */
export function apolloLogger(logger = getLogger): ApolloLogger {
  const line = (message: unknown) => ({ apolloEvent: apolloEvent(message) });
  return {
    debug: (m) => logger().debug(APOLLO_LOG_MESSAGE, line(m)),
    info: (m) => logger().info(APOLLO_LOG_MESSAGE, line(m)),
    warn: (m) => logger().warn(APOLLO_LOG_MESSAGE, line(m)),
    error: (m) => logger().error(APOLLO_LOG_MESSAGE, line(m)),
  };
}
