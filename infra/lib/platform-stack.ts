import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { MailSettings } from './house-function.js';
import { MailRelayPlatform, type RelayPlatformSettings } from './mail-relay.js';

export interface PlatformStackProps extends StackProps {
  /** The domain mail is sent from (`entraide.example`): one SES identity for every tenant. */
  mailDomain: string;
  /** The `From:` of every platform mail, on `mailDomain`. */
  mailFrom: string;
  /** Named, so tenant stacks can refer to it by a plain string rather than a cross-stack export. */
  configurationSetName: string;
}

/**
 * What every tenant shares: the SES identity and configuration set (the site bucket, CloudFront
 * and alarms come with their own issues). Tenant stacks receive plain strings from it, not
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

    this.relay = new MailRelayPlatform(this, 'MailRelay', { configurationSet, mailDomain: props.mailDomain }).settings;

    this.mail = {
      identity: props.mailDomain,
      from: props.mailFrom,
      configurationSetName: props.configurationSetName,
    };
  }
}
