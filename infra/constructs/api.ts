import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';

/**
 * Access-log fields. Deliberately no request path/query string, body, headers,
 * user agent or GraphQL variables: those can carry PHI or credentials. `sub` is the
 * workforce user's subject (not a patient identifier) for the HIPAA audit trail.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
  sub: '$context.authorizer.claims.sub',
} as const;

export type GraphqlApiProps = {
  config: EnvironmentConfig;
  handler: lambda.IFunction;
  authorizer: apigw.IHttpRouteAuthorizer;
  accessLogGroup: logs.ILogGroup;
};

/** HTTP API (payload format 2.0) with a JWT authorizer on every route. */
export class GraphqlApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly url: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    const { config } = props;

    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `medical-necessity-api-${config.envName}`,
      description: `Medical-necessity determinations GraphQL API (${config.envName})`,
      createDefaultStage: false,
      defaultAuthorizer: props.authorizer,
      corsPreflight: {
        allowOrigins: config.cors.allowedOrigins,
        allowMethods: [apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    const integration = new HttpLambdaIntegration('GraphqlIntegration', props.handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });

    // POST only: GET would put GraphQL variables (member ids, clinical facts) in the
    // URL, where browsers, proxies and logs keep them.
    this.api.addRoutes({
      path: '/graphql',
      methods: [apigw.HttpMethod.POST],
      integration,
      authorizer: props.authorizer,
    });

    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(props.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    this.url = `${this.stage.url}graphql`;
  }

  /**
   * The FHIR door's routes (Da Vinci PAS) on a second function: `POST /fhir/Claim/$submit`,
   * `POST /fhir/Claim/$inquire`, `GET /fhir/Questionnaire/{id}`, `GET /fhir/metadata`, the
   * Subscription routes, and every other `/fhir/...` path (answered 404). None has an API Gateway
   * authorizer: an HTTP API's JWT authorizer answers 401 with its own fixed body, and the
   * contract wants an OperationOutcome. The function verifies the bearer token itself
   * (lambda/auth/verify-jwt.ts, same issuer, audience and JWKS as the authorizer) and
   * publishes only the CapabilityStatement without one. GraphQL keeps the authorizer.
   */
  addFhirRoutes(handler: lambda.IFunction): string {
    const integration = new HttpLambdaIntegration('FhirIntegration', handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    // Explicitly none: the API's default authorizer would apply otherwise.
    const none = new apigw.HttpNoneAuthorizer();
    for (const [path, method] of [...FHIR_ROUTES, FHIR_FALLBACK_ROUTE]) {
      this.api.addRoutes({ path, methods: [method], integration, authorizer: none });
    }
    return `${this.stage.url}fhir`;
  }
}

/** Every other path under /fhir: the function answers 404 (an OperationOutcome), whoever asks. */
export const FHIR_FALLBACK_ROUTE = ['/fhir/{proxy+}', apigw.HttpMethod.ANY] as const;

/** The FHIR door's routes (lambda/handlers/fhir-app.ts serves exactly these). */
export const FHIR_ROUTES: readonly (readonly [string, apigw.HttpMethod])[] = [
  ['/fhir/Claim/$submit', apigw.HttpMethod.POST],
  ['/fhir/Claim/$inquire', apigw.HttpMethod.POST],
  ['/fhir/metadata', apigw.HttpMethod.GET],
  ['/fhir/Questionnaire/{id}', apigw.HttpMethod.GET],
  // PAS subscriptions (lambda/fhir/subscription-door.ts).
  ['/fhir/Subscription', apigw.HttpMethod.POST],
  ['/fhir/Subscription', apigw.HttpMethod.GET],
  ['/fhir/Subscription/{id}', apigw.HttpMethod.GET],
  ['/fhir/Subscription/{id}', apigw.HttpMethod.DELETE],
  ['/fhir/Subscription/{id}/$status', apigw.HttpMethod.GET],
];
