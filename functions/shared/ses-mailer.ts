import type { Mailer } from '@entraide/core';
import { SesHttpClient, SesMailer, type SdkSesClient, type SesClient, type SesMailerOptions } from '@entraide/ses-mailer';

/** Loaded by `import()` on the first mail (adapters.ts): most requests send none. */
export function createSesMailer(client: SesClient | SdkSesClient | undefined, options: SesMailerOptions): Mailer {
  const ses = new SesMailer(client ?? new SesHttpClient(), options);
  // Without a queue there is no sender to thread anything: the Message-ID SES gave is not needed.
  return { send: async (mail) => void (await ses.send(mail)) };
}
