import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '@entraide/core';
import { SesMailer, type SesMailerOptions } from '@entraide/ses-mailer';

/**
 * Loaded by `import()` on the first mail (adapters.ts): named imports, so esbuild keeps only the
 * SESv2 client and SendEmail, not every command of the service.
 */
export function createSesMailer(client: SESv2Client | undefined, options: SesMailerOptions): Mailer {
  const ses = new SesMailer(client ?? new SESv2Client({}), options);
  // Without a queue there is no sender to thread anything: the Message-ID SES gave is not needed.
  return { send: async (mail) => void (await ses.send(mail)) };
}
