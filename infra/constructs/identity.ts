import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type EnvironmentConfig } from '../config';

export type IdentityProps = {
  config: EnvironmentConfig;
  removalPolicy: RemovalPolicy;
};

/**
 * Who may call the API. Either a Cognito user pool created for the environment
 * (one group per role; the handler reads the role from `cognito:groups` and the
 * provider id from `custom:providerId` in the ID token) or an external OIDC issuer
 * and audience from the config (claim names from the config as well).
 * Both end up as an API Gateway JWT authorizer.
 */
export class Identity extends Construct {
  readonly authorizer: IHttpRouteAuthorizer;
  readonly issuer: string;
  readonly audience: string[];
  readonly roleClaim: string;
  readonly providerClaim: string;
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const { config } = props;
    const identity = config.identity;

    if (identity.kind === 'external') {
      this.issuer = identity.issuer;
      this.audience = identity.audience;
      this.roleClaim = identity.roleClaim;
      this.providerClaim = identity.providerClaim;
      this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', identity.issuer, {
        authorizerName: `medical-necessity-${config.envName}-jwt`,
        jwtAudience: identity.audience,
      });
      return;
    }

    const pool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `medical-necessity-api-${config.envName}`,
      // Accounts are provisioned by administrators (payer staff, credentialed providers).
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: identity.mfa === 'REQUIRED' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      customAttributes: {
        // Set by administrators for PROVIDER users; app clients cannot write it (see writeAttributes).
        providerId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });

    ROLES.forEach((role, i) => {
      pool.addGroup(role, {
        groupName: role,
        description: `API role ${role}`,
        precedence: i,
      });
    });

    const client = pool.addClient('PortalClient', {
      userPoolClientName: 'portal',
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI / OAuth redirect flows; portals sign in with SRP (e.g. Amplify Auth).
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('providerId'),
      // Users must never be able to change their own providerId (it scopes PROVIDER access).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.userPool = pool;
    this.userPoolClient = client;
    // The `iss` of the pool's tokens, as the authorizer below checks it (the pool's ProviderURL
    // attribute lacks the https:// scheme). The FHIR function verifies against it too.
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${pool.userPoolId}`;
    this.audience = [client.userPoolClientId];
    this.roleClaim = 'cognito:groups';
    this.providerClaim = 'custom:providerId';
    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', pool, {
      authorizerName: `medical-necessity-${config.envName}-cognito`,
      userPoolClients: [client],
    });
  }
}
