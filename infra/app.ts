/**
 * CDK entry point (cdk.json: "app": "npx tsx infra/app.ts").
 *   npx cdk synth  -c env=dev|staging|prod
 *   npx cdk deploy -c env=staging [-c alarmEmail=ops@example.org] [-c allowedOrigins=https://portal.example.org]
 */
import { App } from 'aws-cdk-lib';
import { ConfigError, contextOverrides } from './config';
import { buildApp } from './build';

const app = new App();
try {
  buildApp(app.node.tryGetContext('env'), {
    app,
    overrides: contextOverrides((key) => app.node.tryGetContext(key)),
  });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`\n${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
app.synth();
