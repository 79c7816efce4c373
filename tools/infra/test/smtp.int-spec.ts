import { createTransport } from 'nodemailer';
import { infra, mailbox, uniqueId } from '@gt/testing';

describe('SMTP catcher (maildev)', () => {
  const transport = createTransport({
    host: infra.smtp.host,
    port: infra.smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  const caught: string[] = [];

  afterAll(async () => {
    // Only our own mail: other suites may be waiting for theirs in the same inbox.
    for (const id of caught) await mailbox.remove(id);
    transport.close();
  });

  it('catches an email sent with nodemailer and shows it through the API', async () => {
    const subject = uniqueId('infra smtp check');
    await transport.sendMail({
      from: 'alerts@telemetry.local',
      to: 'dev@studio.example',
      subject,
      text: 'Threshold crossed',
    });
    const mail = await mailbox.waitForSubject(subject);
    caught.push(mail.id);
    expect(mail.to.map((a) => a.address)).toEqual(['dev@studio.example']);
    expect(mail.from[0]!.address).toBe('alerts@telemetry.local');
    expect(mail.text?.trim()).toBe('Threshold crossed');
  });
});
