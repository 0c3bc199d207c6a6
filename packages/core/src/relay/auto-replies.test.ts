import { automaticMailReason, type MailHeader } from './auto-replies.js';

const headers = (entries: Record<string, string>): MailHeader[] => Object.entries(entries).map(([key, value]) => ({ key, value }));

describe('automaticMailReason: mail no person wrote', () => {
  it.each([
    ['Auto-Submitted: auto-replied (RFC 3834, Exchange and Gmail out-of-office)', { 'auto-submitted': 'auto-replied' }, 'Re: courses'],
    ['Auto-Submitted: auto-generated', { 'auto-submitted': 'auto-generated; owner-email="x@example.org"' }, 'Re'],
    ['Precedence: bulk', { precedence: 'bulk' }, 'Re'],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }, 'Re'],
    ['Precedence: junk', { precedence: 'junk' }, 'Re'],
    ['Precedence: list', { precedence: 'list' }, 'Re'],
    ['X-Autoreply', { 'x-autoreply': 'yes' }, 'Re'],
    ['X-Autorespond', { 'x-autorespond': 'Vacances' }, 'Re'],
    ['a delivery status notification', { 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' }, 'Undelivered'],
    ['a French out-of-office subject with no header', {}, 'Réponse automatique : absente jusqu’au 4 janvier'],
    ['Outlook’s English subject', {}, 'Automatic reply: Minou'],
    ['an “Out of Office” subject', {}, 'Out of Office: back on Monday'],
  ])('%s', (_what, entries, subject) => {
    expect(automaticMailReason(headers(entries), subject, 'carla@example.org')).toBeDefined();
  });

  it('a mailer-daemon sender is a delivery report', () => {
    expect(automaticMailReason([], 'Delivery Status Notification (Failure)', 'MAILER-DAEMON@mx.example.org')).toBe('delivery-report');
  });

  it.each([
    ['no header at all', {}, 'Re: Je garde vos chats'],
    ['Auto-Submitted: no (a person)', { 'auto-submitted': 'no' }, 'Re: Minou'],
    ['Precedence: first-class', { precedence: 'first-class' }, 'Re'],
    ['a subject that only mentions an absence', {}, 'Re: mon absence samedi'],
  ])('a person’s mail is not automatic: %s', (_what, entries, subject) => {
    expect(automaticMailReason(headers(entries), subject, 'carla@example.org')).toBeUndefined();
  });
});
