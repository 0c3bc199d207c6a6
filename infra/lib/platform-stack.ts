import { CfnOutput, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { FunctionBundle } from './bundling.js';
import type { MailSettings } from './house-function.js';
import { MailRelayPlatform, type RelayPlatformSettings } from './mail-relay.js';
import { PlatformAlarms } from './platform-alarms.js';

export interface PlatformStackProps extends StackProps {
  /** The domain mail is sent from (`entraide.example`): one SES identity for every tenant. */
  mailDomain: string;
  /** The `From:` of every platform mail, on `mailDomain`. */
  mailFrom: string;
  /** Named, so tenant stacks can refer to it by a plain string rather than a cross-stack export. */
  configurationSetName: string;
  /** The mail dispatcher's bundle (functions/mail-dispatch), built once per synth. */
  bundle: FunctionBundle;
  /** The operator's address: the platform's alarms are mailed there. */
  alarmEmail: string;
}

/** The secret CloudFront sends every tenant API as proof of origin (functions/shared/http.ts), by name. */
const originSecretName = 'entraide/origin-secret';

/**
 * The origin secret as a deploy-time value (a CloudFormation dynamic reference): CloudFormation
 * resolves it into the CloudFront origin header and the HTTP functions' `ORIGIN_SECRET`; it never
 * appears in a template or in the repository.
 */
export const originSecretValue = (): string => SecretValue.secretsManager(originSecretName).unsafeUnwrap();

/**
 * What every tenant shares: the SES identity and configuration set, the relay's receipt rule and
 * dispatcher, the origin secret, the operator's alarms and the mail dead-letter queue (the site
 * bucket and CloudFront are the site stack's). Tenant stacks receive plain strings from it, not
 * cross-stack references: a tenant deploys without touching the platform's exports.
 */
export class PlatformStack extends Stack {
  readonly mail: MailSettings;
  /** The contact relay's shared names: receipt rule set, relay domain, SES events topic. */
  readonly relay: RelayPlatformSettings;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);

    const configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: props.configurationSetName,
      // Relay and verification mails carry personal data: never in clear between mail servers.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      // Stop mailing addresses that bounce or complain: protects the sending reputation of all tenants.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const identity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: ses.Identity.domain(props.mailDomain),
      configurationSet,
    });

    // The operator publishes these three CNAMEs in the domain's DNS to verify it (Easy DKIM).
    identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM CNAME ${index + 1} to publish for ${props.mailDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });

    // Generated once by Secrets Manager; the site's CloudFront and every tenant's HTTP functions read it by name.
    const originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      secretName: originSecretName,
      description: 'Entraide: the header CloudFront sends every tenant API, proof a request came through the site',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret is only a proof of origin between CloudFront and the tenant APIs; rotating it means redeploying the site and the tenants (docs/architecture.md), which an automatic rotation Lambda could not do.',
    });

    // A few alarms for the whole platform, and the dead-letter queue every tenant's mail sender fails into.
    new PlatformAlarms(this, 'Alarms', { alarmEmail: props.alarmEmail });

    this.relay = new MailRelayPlatform(this, 'MailRelay', {
      configurationSet,
      mailDomain: props.mailDomain,
      bundle: props.bundle,
    }).settings;

    this.mail = {
      identity: props.mailDomain,
      from: props.mailFrom,
      configurationSetName: props.configurationSetName,
    };
  }
}
