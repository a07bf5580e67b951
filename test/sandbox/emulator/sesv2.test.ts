import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { quotedPrintable } from '../../../sandbox/emulator/sesv2';
import { clientConfig, ManualClock, rejection } from './helpers';

describe('SES v2 emulator', () => {
  const clock = new ManualClock();
  let outboxDir: string;
  let emulator: Emulator;
  let client: SESv2Client;

  beforeAll(async () => {
    outboxDir = await mkdtemp(join(tmpdir(), 'outbox-'));
    emulator = await startEmulator({ clock, outboxDir });
    client = new SESv2Client(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
    await rm(outboxDir, { recursive: true, force: true });
  });

  test('a Simple email with text and HTML is written as a multipart/alternative .eml and kept in memory', async () => {
    const out = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'it-desk@example.com',
        Destination: { ToAddresses: ['alex.moreno@example.com'], BccAddresses: ['audit@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Your WorkSpace is ready – welcome' },
            Body: {
              Text: { Data: 'Registration code: SLiad+ABCDEF' },
              Html: { Data: '<p>Registration code: <b>SLiad+ABCDEF</b></p>' },
            },
          },
        },
      }),
    );
    const email = emulator.state.emails.find((e) => e.messageId === out.MessageId);
    expect(email).toMatchObject({
      to: ['alex.moreno@example.com'],
      bcc: ['audit@example.com'],
      text: 'Registration code: SLiad+ABCDEF',
    });
    const eml = await readFile(email?.file ?? '', 'utf8');
    expect(eml).toBe(email?.eml);
    expect(eml).toMatch(/^From: it-desk@example\.com\r\nTo: alex\.moreno@example\.com\r\n/);
    expect(eml).toContain('Subject: =?UTF-8?B?');
    expect(eml).toContain(`Message-ID: <${out.MessageId}@email.amazonses.com>`);
    expect(eml).toContain('Date: Mon, 05 Jan 2026 09:00:00 +0000');
    expect(eml).toMatch(/Content-Type: multipart\/alternative; boundary="[^"]+"/);
    expect(eml.indexOf('text/plain')).toBeLessThan(eml.indexOf('text/html'));
    expect(eml).toContain('Registration code: SLiad+ABCDEF');
    expect(eml).not.toContain('audit@example.com');
    expect(await readdir(outboxDir)).toContain(email?.file.split('/').pop());
  });

  test('a Raw email is written as sent, with subject and recipients read from its headers', async () => {
    const raw =
      'From: it-desk@example.com\r\nTo: sky.patel@example.com\r\nSubject: Raw hello\r\n\r\nHello\r\n';
    const out = await client.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));
    const email = emulator.state.emails.find((e) => e.messageId === out.MessageId);
    expect(email).toMatchObject({ subject: 'Raw hello', to: ['sky.patel@example.com'], eml: raw });
    expect(await readFile(email?.file ?? '', 'utf8')).toBe(raw);
  });

  test('emailFailure answers MessageRejected', async () => {
    emulator.setFaults({ emailFailure: 1 });
    const error = await rejection(
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'it-desk@example.com',
          Destination: { ToAddresses: ['alex.moreno@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      ),
    );
    emulator.setFaults({ emailFailure: 0 });
    expect(error.name).toBe('MessageRejected');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  test('an email without content is a BadRequestException', async () => {
    const error = await rejection(
      client.send(new SendEmailCommand({ FromEmailAddress: 'a@example.com', Content: {} })),
    );
    expect(error.name).toBe('BadRequestException');
  });

  test('quoted-printable keeps lines at 76 characters and never splits an escape', () => {
    const encoded = quotedPrintable(`${'é'.repeat(60)} end`);
    for (const line of encoded.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/=[0-9A-F]?=$/);
    }
    const decoded = Buffer.from(
      encoded
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
    expect(decoded).toBe(`${'é'.repeat(60)} end`);
  });
});
