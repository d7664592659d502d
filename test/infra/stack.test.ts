import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../lambda/store/table';
import { ENVIRONMENTS, ROLES, type EnvName } from '../../infra/config';
import { businessMetrics, METRICS_NAMESPACE } from '../../lambda/observability/metric-names';
import { hashDirectory } from '../../infra/hash';
import { SUPPRESSION_REASONS } from '../../infra/nag';
import { paths } from '../../infra/paths';
import { API_TABLE_ACTIONS } from '../../infra/stack';
import { ACCESS_LOG_FIELDS, FHIR_FALLBACK_ROUTE, FHIR_ROUTES } from '../../infra/constructs/api';
import { cleanup, idsOfType, logicalId, synth, type Synthesized } from './synth';

const SYNTH_TIMEOUT = 180_000;
const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

afterAll(() => cleanup());

describe.each(ENVIRONMENTS)('%s stack', (envName: EnvName) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(envName);
  }, SYNTH_TIMEOUT);

  describe('DynamoDB table', () => {
    it('is built from the shared table definition (keys, GSIs with projection ALL, its stream), on demand', () => {
      const indexes = Object.values(tableDefinition.indexes);
      s.template.resourceCountIs('AWS::DynamoDB::Table', 1);
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Match.arrayWith(
          indexes.map((ix) => ({
            IndexName: ix.indexName,
            KeySchema: [
              { AttributeName: ix.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: ix.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        ),
        // Case events and subscriptions read it (test/infra/events.test.ts).
        StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
      });
      const [table] = Object.values(s.template.findResources('AWS::DynamoDB::Table'));
      expect(table!.Properties.GlobalSecondaryIndexes).toHaveLength(indexes.length);
    });

    it('has point-in-time recovery and customer-managed KMS encryption', () => {
      const keyId = logicalId(s, s.stack.keys.dataKey);
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(keyId) },
      });
    });

    it(`is ${envName === 'dev' ? 'destroyable' : 'protected and retained'}`, () => {
      const protectedEnv = envName !== 'dev';
      s.template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({ DeletionProtectionEnabled: protectedEnv }),
        DeletionPolicy: protectedEnv ? 'Retain' : 'Delete',
        UpdateReplacePolicy: protectedEnv ? 'Retain' : 'Delete',
      });
      if (envName === 'prod') expect(s.stack.terminationProtection).toBe(true);
    });

    it(envName === 'dev' ? 'has no backup plan (synthetic data)' : 'is in a daily AWS Backup plan with a KMS-encrypted vault', () => {
      const tableId = logicalId(s, s.stack.data.table);
      if (envName === 'dev') {
        s.template.resourceCountIs('AWS::Backup::BackupSelection', 0);
        return;
      }
      s.template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: Match.arrayWith([getAtt(tableId)]) }),
      });
      s.template.hasResourceProperties('AWS::Backup::BackupVault', {
        EncryptionKeyArn: getAtt(logicalId(s, s.stack.keys.dataKey)),
      });
    });
  });

  describe('encryption and logs', () => {
    it('uses customer-managed KMS keys with rotation', () => {
      const keys = s.template.findResources('AWS::KMS::Key');
      expect(Object.keys(keys).length).toBeGreaterThanOrEqual(2);
      for (const key of Object.values(keys)) {
        expect(key.Properties.EnableKeyRotation).toBe(true);
        expect(key.DeletionPolicy).toBe(envName === 'dev' ? 'Delete' : 'Retain');
      }
    });

    it('lets CloudWatch Logs and CloudWatch alarms use the ops key', () => {
      const opsKey = s.json.Resources[logicalId(s, s.stack.keys.opsKey)]!;
      const statements: any[] = opsKey.Properties.KeyPolicy.Statement;
      const logs = statements.find((st) => st.Sid === 'AllowCloudWatchLogsOfThisAccount');
      expect(JSON.stringify(logs.Principal)).toContain('logs.');
      expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBeDefined();
      const alarms = statements.find((st) => st.Sid === 'AllowCloudWatchAlarmsToPublishToEncryptedTopic');
      expect(alarms.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    });

    it('gives every log group KMS encryption and the environment retention', () => {
      const groups = s.template.findResources('AWS::Logs::LogGroup');
      // API function, FHIR function, API access logs, seed function, provider framework, stream and deliver functions
      expect(Object.keys(groups)).toHaveLength(7);
      for (const g of Object.values(groups)) {
        expect(g.Properties.KmsKeyId).toEqual(getAtt(logicalId(s, s.stack.keys.opsKey)));
        expect(g.Properties.RetentionInDays).toBe(s.config.logRetentionDays);
      }
    });
  });

  describe('API function', () => {
    let fnId: string;
    let fn: any;
    beforeAll(() => {
      fnId = logicalId(s, s.stack.apiFunction);
      fn = s.json.Resources[fnId]!.Properties;
    });

    it('runs nodejs22.x on arm64 from the esbuild-bundled asset', () => {
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe('index.handler');
      expect(fn.Code.S3Bucket).toBeDefined();
      expect(fn.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
      const assetDir = join(s.outdir, `asset.${fn.Code.S3Key.replace(/\.zip$/, '')}`);
      expect(existsSync(assetDir)).toBe(true);
      // The handler and the chunks it loads (the core and the engine on first use), each with
      // its source map, and nothing else.
      const files = readdirSync(assetDir).sort();
      const code = files.filter((f) => f.endsWith('.mjs'));
      expect(code).toContain('index.mjs');
      expect(code.some((f) => /^core-[A-Z0-9]+\.mjs$/.test(f))).toBe(true);
      expect(files.filter((f) => !f.endsWith('.mjs'))).toEqual(code.map((f) => `${f}.map`).sort());
    });

    it('has the environment memory, timeout, reserved concurrency, log group and variables', () => {
      expect(fn.MemorySize).toBe(s.config.lambda.memoryMb);
      expect(fn.Timeout).toBe(s.config.lambda.timeoutSeconds);
      expect(fn.ReservedConcurrentExecutions).toBe(s.config.lambda.reservedConcurrency);
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(s, s.stack.apiFunction.logGroup) });
      expect(fn.Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: logicalId(s, s.stack.data.table) },
        STAGE: envName,
        ROLE_CLAIM: 'cognito:groups',
        PROVIDER_CLAIM: 'custom:providerId',
        POWERTOOLS_SERVICE_NAME: 'medical-necessity-api',
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('has least-privilege IAM: only the handler actions, only on the table, its indexes, the key and its log group', () => {
      const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = s.json.Resources[roleId]!.Properties;
      expect(role.Policies).toBeUndefined(); // no inline policies
      const attached: { Ref: string }[] = role.ManagedPolicyArns;
      expect(attached).toHaveLength(1); // our own policy, no AWS managed policy (no AWSLambdaBasicExecutionRole)
      expect(attached[0]).toHaveProperty('Ref');
      const inline = Object.values(s.template.findResources('AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.Roles ?? []).includes(roleId),
      );
      expect(inline).toEqual([]);

      const statements: any[] = s.json.Resources[attached[0]!.Ref]!.Properties.PolicyDocument.Statement;
      const tableId = logicalId(s, s.stack.data.table);
      const keyId = logicalId(s, s.stack.keys.dataKey);
      const logGroupId = fn.LoggingConfig.LogGroup.Ref;
      const allowed = [
        JSON.stringify(getAtt(tableId)),
        ...Object.values(tableDefinition.indexes).map((ix) =>
          JSON.stringify({ 'Fn::Join': ['', [getAtt(tableId), `/index/${ix.indexName}`]] }),
        ),
        JSON.stringify(getAtt(keyId)),
        JSON.stringify(getAtt(logGroupId)),
      ];
      const dynamoActions: string[] = [];
      for (const st of statements) {
        expect(st.Effect).toBe('Allow');
        for (const action of asArray<string>(st.Action)) {
          expect(action).not.toContain('*');
          if (action.startsWith('dynamodb:')) dynamoActions.push(action);
          else expect(action).toMatch(/^(kms|logs):/);
        }
        expect(st.NotAction).toBeUndefined();
        expect(st.NotResource).toBeUndefined();
        for (const resource of asArray(st.Resource)) expect(allowed).toContain(JSON.stringify(resource));
      }
      expect(dynamoActions.sort()).toEqual([...API_TABLE_ACTIONS].sort());
      const kms = statements.find((st) => asArray<string>(st.Action).some((a) => a.startsWith('kms:')));
      expect(kms.Condition.StringEquals['kms:ViaService']).toBeDefined();
    });

    it('has no wildcard action and no inline policy anywhere in the stack', () => {
      s.template.resourceCountIs('AWS::IAM::Policy', 0);
      for (const p of Object.values(s.template.findResources('AWS::IAM::ManagedPolicy'))) {
        for (const st of p.Properties.PolicyDocument.Statement) {
          for (const a of asArray<string>(st.Action)) expect(a === '*' || /^[a-z0-9-]+:\*$/.test(a)).toBe(false);
        }
      }
    });
  });

  describe('FHIR function (Da Vinci PAS door)', () => {
    let fn: any;
    beforeAll(() => {
      fn = s.json.Resources[logicalId(s, s.stack.fhirFunction)]!.Properties;
    });

    it('is a second nodejs22.x/arm64 function from its own entry, with the same table and claims as the GraphQL function', () => {
      expect(paths.fhirHandler).toMatch(/lambda\/handlers\/fhir\.ts$/);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      const api = s.json.Resources[logicalId(s, s.stack.apiFunction)]!.Properties;
      expect(fn.Code.S3Key).not.toEqual(api.Code.S3Key);
      // Plus the key that seals subscription headers (infra/constructs/events.ts) and the JWKS it verifies tokens with.
      const { SUBSCRIPTION_KEY_ID, JWT_JWKS_URL, ...shared } = fn.Environment.Variables;
      expect(SUBSCRIPTION_KEY_ID).toBeDefined();
      expect(JWT_JWKS_URL).toBeDefined();
      expect(shared).toEqual(api.Environment.Variables);
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(s, s.stack.fhirFunction.logGroup) });
      expect(fn.LoggingConfig.LogGroup).not.toEqual(api.LoggingConfig.LogGroup);
    });

    it('has its own least-privilege role: the handler actions on the table and indexes, the key through DynamoDB, its own log group', () => {
      const roleId = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const apiRoleId = s.json.Resources[logicalId(s, s.stack.apiFunction)]!.Properties.Role['Fn::GetAtt'][0];
      expect(roleId).not.toBe(apiRoleId);
      const attached: { Ref: string }[] = s.json.Resources[roleId]!.Properties.ManagedPolicyArns;
      expect(attached).toHaveLength(1);
      const statements: any[] = s.json.Resources[attached[0]!.Ref]!.Properties.PolicyDocument.Statement;
      const dynamo = statements.flatMap((st) => asArray<string>(st.Action)).filter((a) => a.startsWith('dynamodb:'));
      expect(dynamo.sort()).toEqual([...API_TABLE_ACTIONS].sort());
      const logs = statements.find((st) => st.Sid === 'WriteOwnLogGroup');
      expect(logs.Resource).toEqual(getAtt(fn.LoggingConfig.LogGroup.Ref));
    });

    it('verifies bearer tokens itself: the Cognito pool\'s issuer, the portal client as audience and the pool\'s JWKS, as the GraphQL routes\' authorizer', () => {
      const env = fn.Environment.Variables;
      const authorizer = Object.values(s.template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
      expect(env.JWT_ISSUER).toEqual(authorizer.JwtConfiguration.Issuer);
      expect([env.JWT_AUDIENCE]).toEqual(authorizer.JwtConfiguration.Audience);
      // The pool's provider URL followed by the well-known JWKS path.
      expect(JSON.stringify(env.JWT_JWKS_URL)).toContain('/.well-known/jwks.json');
      expect(JSON.stringify(env.JWT_JWKS_URL)).toContain(logicalId(s, s.stack.identity.userPool!));
    });

    it('serves the FHIR routes (and only those) through its own integration', () => {
      const integrations = s.template.findResources('AWS::ApiGatewayV2::Integration');
      const fhirFnId = logicalId(s, s.stack.fhirFunction);
      const fhirIntegration = Object.entries(integrations).find(([, i]) => JSON.stringify(i.Properties.IntegrationUri).includes(fhirFnId))![0];
      const routes = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route'));
      const viaFhir = routes.filter((r) => JSON.stringify(r.Properties.Target).includes(fhirIntegration)).map((r) => r.Properties.RouteKey);
      expect(viaFhir.sort()).toEqual([...FHIR_ROUTES, FHIR_FALLBACK_ROUTE].map(([path, method]) => `${method} ${path}`).sort());
    });
  });

  describe('HTTP API', () => {
    it('puts the JWT authorizer on POST /graphql and none on the FHIR routes (the FHIR function verifies tokens, so a 401 is an OperationOutcome), and exposes only POST /graphql and the FHIR door\'s routes', () => {
      const routes = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route'));
      expect(routes.length).toBeGreaterThan(0);
      for (const r of routes) {
        if (r.Properties.RouteKey.startsWith('POST /graphql')) {
          expect(r.Properties.AuthorizationType).toBe('JWT');
          expect(r.Properties.AuthorizerId).toBeDefined();
          continue;
        }
        expect(r.Properties.RouteKey).toMatch(/ \/fhir\//);
        expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(r.Properties.AuthorizerId).toBeUndefined();
      }
      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
        [
          'POST /graphql',
          'POST /fhir/Claim/$submit',
          'POST /fhir/Claim/$inquire',
          'GET /fhir/metadata',
          'GET /fhir/Questionnaire/{id}',
          'POST /fhir/Subscription',
          'GET /fhir/Subscription',
          'GET /fhir/Subscription/{id}',
          'DELETE /fhir/Subscription/{id}',
          'GET /fhir/Subscription/{id}/$status',
          'ANY /fhir/{proxy+}',
        ].sort(),
      );
      expect(FHIR_ROUTES).toHaveLength(9);
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() },
      });
    });

    it('uses payload format 2.0 and allows only API Gateway (this API) to invoke the function', () => {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'apigateway.amazonaws.com',
        SourceArn: Match.anyValue(),
      });
    });

    it('allows only the configured portal origins (CORS)', () => {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: Match.objectLike({ AllowOrigins: s.config.cors.allowedOrigins }),
      });
    });

    it('throttles the stage and writes PHI-free JSON access logs to an encrypted log group', () => {
      const [stage] = Object.values(s.template.findResources('AWS::ApiGatewayV2::Stage'));
      const p = stage!.Properties;
      expect(p.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: s.config.throttling.rateLimit,
        ThrottlingBurstLimit: s.config.throttling.burstLimit,
      });
      const format = JSON.parse(p.AccessLogSettings.Format);
      expect(format).toEqual(ACCESS_LOG_FIELDS);
      for (const k of ['requestId', 'ip', 'routeKey', 'status', 'latency', 'integrationError']) expect(format).toHaveProperty(k);
      const text = p.AccessLogSettings.Format.toLowerCase();
      for (const banned of ['querystring', 'rawquerystring', '$context.path', 'body', 'authorization', 'useragent', '$input', '$request']) {
        expect(text).not.toContain(banned);
      }
      const logGroupId = p.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
      expect(s.json.Resources[logGroupId]!.Properties.KmsKeyId).toBeDefined();
    });
  });

  describe('identity', () => {
    it('creates a Cognito user pool with one group per role and a client that cannot write providerId', () => {
      const groups = Object.values(s.template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
      expect(groups.sort()).toEqual([...ROLES].sort());
      s.template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: s.config.identity.kind === 'cognito' && s.config.identity.mfa === 'REQUIRED' ? 'ON' : 'OPTIONAL',
      });
      const [client] = Object.values(s.template.findResources('AWS::Cognito::UserPoolClient'));
      expect(client!.Properties.GenerateSecret).toBe(false);
      expect(client!.Properties.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
      expect(client!.Properties.ReadAttributes).toContain('custom:providerId');
      expect(client!.Properties.WriteAttributes).not.toContain('custom:providerId');
    });
  });

  describe('operations', () => {
    it('sees an internal error of either door: both doors answer one on the one HTTP API, whose 5xx count alarms', () => {
      // GraphQL answers an internal error with HTTP 500 (lambda/handlers/graphql-app.ts), the FHIR
      // door with 500 and an OperationOutcome: both are 5xx of the API the alarm watches.
      const [apiId, ...moreApis] = idsOfType(s, 'AWS::ApiGatewayV2::Api');
      expect(moreApis).toEqual([]);
      const routes = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route'));
      const keys = routes.map((r) => r.Properties.RouteKey as string);
      expect(keys).toEqual(expect.arrayContaining(['POST /graphql', 'POST /fhir/Claim/$submit']));
      for (const r of routes) expect(r.Properties.ApiId).toEqual({ Ref: apiId });
      const integrations = Object.values(s.template.findResources('AWS::ApiGatewayV2::Integration'));
      expect(new Set(integrations.map((i) => JSON.stringify(i.Properties.IntegrationUri))).size).toBe(2);
      const alarm = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).find((a) => (a.Properties.AlarmName as string).endsWith('-api-5xx'))!;
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(alarm.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'ApiId', Value: { Ref: apiId } }]));
      expect(alarm.Properties.Threshold).toBeLessThanOrEqual(s.config.alarms.api5xxPer5Minutes);
    });

    it('alarms on API 5xx, Lambda errors, throttles, p99 duration and DynamoDB throttles to an encrypted, SSL-only topic', () => {
      // The event path's alarms are test/infra/events.test.ts's; these are the Monitoring construct's.
      const eventAlarms = new Set(s.stack.events.alarms.map((a) => logicalId(s, a)));
      const alarms = Object.entries(s.template.findResources('AWS::CloudWatch::Alarm'))
        .filter(([id]) => !eventAlarms.has(id))
        .map(([, a]) => a);
      expect(alarms).toHaveLength(6);
      const topicId = idsOfType(s, 'AWS::SNS::Topic')[0]!;
      for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      const names = alarms.map((a) => a.Properties.AlarmName as string).sort();
      expect(names).toEqual(
        ['api-5xx', 'dynamodb-throttles', 'fhir-lambda-errors', 'lambda-duration-p99', 'lambda-errors', 'lambda-throttles'].map(
          (n) => `medical-necessity-api-${envName}-${n}`,
        ),
      );
      const p99 = alarms.find((a) => (a.Properties.AlarmName as string).endsWith('duration-p99'))!;
      expect(p99.Properties.ExtendedStatistic).toBe('p99');
      expect(p99.Properties.Threshold).toBe(s.config.alarms.durationP99Ms);

      s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(logicalId(s, s.stack.keys.opsKey)) });
      s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        }),
      });
      s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: s.config.alarmEmail });
      s.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    });

    it('shows the business metrics (EMF) of this stage on the dashboard', () => {
      const [dashboard] = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'));
      const body = JSON.stringify(dashboard!.Properties.DashboardBody);
      for (const m of Object.values(businessMetrics)) expect(body).toContain(m.name);
      expect(body).toContain(METRICS_NAMESPACE);
      // Search expressions over the exact dimension schema the Lambda emits, scoped to this stage.
      expect(body).toContain(`{${METRICS_NAMESPACE},service,stage,source,recommendation,reviewAction}`);
      expect(body.replace(/\\/g, '')).toContain(`service="medical-necessity-api" stage="${envName}"`);
      // A metric's own dimensions never repeat the default ones (a clash drops the metric).
      for (const m of Object.values(businessMetrics)) for (const d of m.dimensions) expect(['service', 'stage']).not.toContain(d);
    });

    it('seeds the shipped policies with a custom resource keyed on the policies/ hash', () => {
      s.template.hasResourceProperties('Custom::PolicySeed', {
        ServiceToken: getAtt(logicalId(s, s.stack.policySeed.frameworkFunction)),
        PoliciesHash: hashDirectory(paths.policies),
        TableName: { Ref: logicalId(s, s.stack.data.table) },
      });
      const seedFn = s.json.Resources[logicalId(s, s.stack.policySeed.function)]!.Properties;
      expect(seedFn.Runtime).toBe('nodejs22.x');
      const roleId = seedFn.Role['Fn::GetAtt'][0];
      const policyId = s.json.Resources[roleId]!.Properties.ManagedPolicyArns[0].Ref;
      const actions = s.json.Resources[policyId]!.Properties.PolicyDocument.Statement.flatMap((st: any) => asArray(st.Action));
      expect(actions.filter((a: string) => a.startsWith('dynamodb:')).sort()).toEqual(
        ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:TransactWriteItems'],
      );
    });

    it("bundles every policy file into the seed function's asset, where the bundled seeder reads them", () => {
      const seedFn = s.json.Resources[logicalId(s, s.stack.policySeed.function)]!.Properties;
      const assetDir = join(s.outdir, `asset.${seedFn.Code.S3Key.replace(/\.zip$/, '')}`);
      const jsonUnder = (dir: string) =>
        readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.split(sep).join('/'))
          .sort();
      const shipped = jsonUnder(paths.policies);
      expect(shipped.length).toBeGreaterThanOrEqual(4);
      // Laid out as under policies/, next to index.mjs, byte for byte.
      expect(jsonUnder(assetDir)).toEqual(shipped);
      for (const f of shipped) expect(readFileSync(join(assetDir, f), 'utf8')).toBe(readFileSync(join(paths.policies, f), 'utf8'));

      // The bundle loads them when it starts (a broken file fails the deployment, naming it).
      const copy = mkdtempSync(join(tmpdir(), 'seed-asset-'));
      try {
        cpSync(assetDir, copy, { recursive: true });
        const load = () =>
          spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(copy, 'index.mjs')).href)})`], {
            encoding: 'utf8',
          });
        expect(load().status).toBe(0);
        writeFileSync(join(copy, 'lumbar-mri', 'v1.json'), '{"id":"lumbar-mri","version":1}');
        const broken = load();
        expect(broken.status).not.toBe(0);
        expect(broken.stderr).toContain('policies/lumbar-mri/v1.json: not a policy document');
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });
  });

  describe('cdk-nag HIPAA Security', () => {
    it('has no unacknowledged findings', () => {
      expect(s.nagViolations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    });

    it('has no error or warning annotations', () => {
      const problems = s.messages.filter((m) => m.level === 'error' || m.level === 'warning');
      expect(problems.map((m) => `${m.id}: ${String(m.entry.data)}`)).toEqual([]);
    });

    it('acknowledges only the catalogued rules, each with its reason', () => {
      const acks: { path: string; id: string; reason: string }[] = [];
      for (const c of s.stack.node.findAll()) {
        for (const m of c.node.metadata) {
          if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acks.push({ path: c.node.path, id, reason });
        }
      }
      const reasons = Object.values(SUPPRESSION_REASONS) as string[];
      for (const a of acks) {
        expect(a.id).toMatch(/HIPAA\.Security-/);
        expect(reasons).toContain(a.reason);
      }
      const rules = [...new Set(acks.map((a) => a.id.replace(/^.*HIPAA\.Security-/, '')))].sort();
      expect(rules).toEqual(envName === 'dev' ? ['DynamoDBInBackupPlan', 'LambdaDLQ', 'LambdaInsideVPC'] : ['LambdaDLQ', 'LambdaInsideVPC']);
      // + the FHIR function's LambdaInsideVPC and LambdaDLQ, + the stream and deliver functions' (infra/constructs/events.ts)
      expect(acks).toHaveLength(envName === 'dev' ? 13 : 12);
    });
  });
});

describe('environment differences', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod');
  }, SYNTH_TIMEOUT);

  const apiFn = (s: Synthesized) => s.json.Resources[logicalId(s, s.stack.apiFunction)]!.Properties;
  const retention = (s: Synthesized) =>
    Object.values(s.template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays as number);

  it('prod gets more memory and reserved concurrency than dev', () => {
    expect(apiFn(prod).MemorySize).toBeGreaterThan(apiFn(dev).MemorySize);
    expect(apiFn(prod).ReservedConcurrentExecutions).toBeGreaterThan(apiFn(dev).ReservedConcurrentExecutions);
    expect(apiFn(dev).MemorySize).toBe(1024);
    expect(apiFn(prod).MemorySize).toBe(1769);
  });

  it('prod keeps logs six years, dev two weeks', () => {
    expect(new Set(retention(prod))).toEqual(new Set([2192]));
    expect(new Set(retention(dev))).toEqual(new Set([14]));
  });

  it('prod is protected, dev is destroyable', () => {
    expect(prod.json.Resources[logicalId(prod, prod.stack.data.table)]!.DeletionPolicy).toBe('Retain');
    expect(dev.json.Resources[logicalId(dev, dev.stack.data.table)]!.DeletionPolicy).toBe('Delete');
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });

  it('prod throttles higher than dev', () => {
    expect(prod.config.throttling.rateLimit).toBeGreaterThan(dev.config.throttling.rateLimit);
  });
});

describe('external identity provider', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(
      'staging',
      {
        identity: {
          kind: 'external',
          issuer: 'https://idp.example.org/oauth2/default',
          audience: ['api://medical-necessity'],
          roleClaim: 'groups',
          providerClaim: 'npi',
        },
      },
      'staging-external',
    );
  }, SYNTH_TIMEOUT);

  it('uses the configured issuer/audience, creates no user pool, and passes the claim names to the handler', () => {
    s.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://idp.example.org/oauth2/default', Audience: ['api://medical-necessity'] },
    });
    const fn = s.json.Resources[logicalId(s, s.stack.apiFunction)]!.Properties;
    expect(fn.Environment.Variables).toMatchObject({ ROLE_CLAIM: 'groups', PROVIDER_CLAIM: 'npi', STAGE: 'staging' });
    for (const r of Object.values(s.template.findResources('AWS::ApiGatewayV2::Route'))) {
      // The FHIR routes have none: the FHIR function verifies the token itself.
      expect(r.Properties.AuthorizationType ?? 'NONE').toBe(r.Properties.RouteKey === 'POST /graphql' ? 'JWT' : 'NONE');
    }
    // Against the external issuer's audience and keys.
    const fhir = s.json.Resources[logicalId(s, s.stack.fhirFunction)]!.Properties;
    expect(fhir.Environment.Variables).toMatchObject({
      JWT_ISSUER: 'https://idp.example.org/oauth2/default',
      JWT_AUDIENCE: 'api://medical-necessity',
      JWT_JWKS_URL: 'https://idp.example.org/oauth2/default/.well-known/jwks.json',
    });
    expect(s.nagViolations).toEqual([]);
  });
});
