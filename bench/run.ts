/**
 * `npm run bench`: performance budgets of the API, each figure measured in this run
 * beside its yardstick and reported as a ratio (the machine is shared and noisy;
 * absolute times are context only). Prints a table and writes bench/results/latest.json
 * (git-ignored), or the tracked bench/results.json with --save.
 *
 *   1. cold start  bundle size and load time vs the minimal handler (bench/minimal)
 *   2. warm        case, cases(first: 50), submitCase, determinationStats: handler time
 *                  net of DynamoDB vs the minimal handler's, interleaved
 *   3. requests    DynamoDB requests per operation (requestTally; deterministic)
 *   4. engine      SIJ policy evaluations/s (bench/engine.ts)
 *   5. load        local HTTP server + autocannon submitting cases, then a recount
 *   5b. events    commit → subscriber notification p50/p99; deliverer throughput (bench/events.ts)
 *   6. DoS         case(id) latency beside the worst policy the bounds accept and the
 *                  largest query the cost limit accepts (bench/dos.ts; also alone:
 *                  npx tsx bench/dos.ts)
 *
 * Options: --quick (fewer iterations, shorter load: a smoke run, figures noisier);
 * --save (write the tracked bench/results.json, for a commit).
 * Exit code 0 when the run completes (goals met or not: see the table and `goals`);
 * 1 when it fails, the measured bundle does not work, or the load run's correctness
 * checks fail (errors, double storage, counters off).
 */

// As in Lambda (infra/constructs/functions.ts): NODE_ENV=production, which Apollo Server
// and graphql-js read when their modules load, hence set before the suite is imported.
process.env.NODE_ENV = 'production';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Business metrics (EMF lines) are measured by nothing here; the DoS seeding alone would print thousands.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
await import('./suite');

export {};
