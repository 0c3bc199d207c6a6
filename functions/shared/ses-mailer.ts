import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer, type SesMailerOptions } from '@entraide/ses-mailer';

/**
 * Loaded by `import()` on the first mail (adapters.ts): named imports, so esbuild keeps only the
 * SESv2 client and SendEmail, not every command of the service.
 */
export const createSesMailer = (client: SESv2Client | undefined, options: SesMailerOptions): SesMailer =>
  new SesMailer(client ?? new SESv2Client({}), options);
