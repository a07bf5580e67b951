import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EmulatorContext } from './context';
import {
  ApiError,
  jsonResponse,
  parseJsonObject,
  type ServiceRequest,
  type ServiceResponse,
  validate,
} from './protocol';

/** An email accepted by SendEmail, kept for inspection. */
export interface SentEmail {
  messageId: string;
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject?: string;
  text?: string;
  html?: string;
  /** The whole message as written to the outbox (RFC 5322). */
  eml: string;
  /** Where the .eml file was written. */
  file: string;
  sentAt: number;
}

const content = z.object({ Data: z.string(), Charset: z.string().optional() });
const sendEmail = z.object({
  FromEmailAddress: z.string().optional(),
  Destination: z
    .object({
      ToAddresses: z.array(z.string()).optional(),
      CcAddresses: z.array(z.string()).optional(),
      BccAddresses: z.array(z.string()).optional(),
    })
    .optional(),
  ReplyToAddresses: z.array(z.string()).optional(),
  Content: z.object({
    Simple: z
      .object({ Subject: content, Body: z.object({ Text: content.optional(), Html: content.optional() }) })
      .optional(),
    Raw: z.object({ Data: z.string() }).optional(),
    Template: z.unknown().optional(),
  }),
});

/** SES v2 (REST-JSON): SendEmail. Every accepted email is written as an .eml file to the outbox. */
export class SesV2 {
  readonly sent: SentEmail[] = [];

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly outboxDir: string,
  ) {}

  /** Answers a request; an ApiError it throws is rendered by the server as REST-JSON. */
  async handle(request: ServiceRequest): Promise<ServiceResponse> {
    if (request.method !== 'POST' || request.path !== '/v2/email/outbound-emails') {
      throw new ApiError('NotFoundException', `No operation at ${request.method} ${request.path}`, 404);
    }
    this.ctx.metrics.count('ses', 'SendEmail');
    const input = validate(
      sendEmail,
      parseJsonObject(request.body, 'BadRequestException'),
      'BadRequestException',
    );
    return jsonResponse(200, { MessageId: await this.send(input) });
  }

  private async send(input: z.infer<typeof sendEmail>): Promise<string> {
    const { Simple, Raw } = input.Content;
    if (!Simple === !Raw)
      throw new ApiError('BadRequestException', 'Content must hold exactly one of Simple or Raw.');
    const to = input.Destination?.ToAddresses ?? [];
    const cc = input.Destination?.CcAddresses ?? [];
    const bcc = input.Destination?.BccAddresses ?? [];
    if (Simple && (!input.FromEmailAddress || to.length + cc.length + bcc.length === 0)) {
      throw new ApiError(
        'BadRequestException',
        'FromEmailAddress and at least one destination are required.',
      );
    }
    // Both are SendEmail's declared errors (SES API v2 reference, SendEmail "Errors").
    if (this.ctx.rng.chance(this.ctx.faults().emailFailure)) {
      throw new ApiError('MessageRejected', 'Email address is not verified (emulated fault).');
    }
    if (this.ctx.rng.chance(this.ctx.faults().emailPaused)) {
      throw new ApiError(
        'SendingPausedException',
        "The account's ability to send email is currently paused (emulated fault).",
      );
    }
    const { rng, clock } = this.ctx;
    const now = clock.now();
    const messageId = `0100${rng.chars(12)}-${rng.uuid()}-000000`;
    let email: Omit<SentEmail, 'file'>;
    if (Simple) {
      const eml = buildMessage({
        from: input.FromEmailAddress ?? '',
        to,
        cc,
        replyTo: input.ReplyToAddresses ?? [],
        subject: Simple.Subject.Data,
        text: Simple.Body.Text?.Data,
        html: Simple.Body.Html?.Data,
        date: new Date(now),
        messageId: `<${messageId}@email.amazonses.com>`,
        boundary: `=_${rng.chars(24)}`,
      });
      const body = { text: Simple.Body.Text?.Data, html: Simple.Body.Html?.Data };
      email = {
        messageId,
        from: input.FromEmailAddress,
        to,
        cc,
        bcc,
        subject: Simple.Subject.Data,
        ...body,
        eml,
        sentAt: now,
      };
    } else {
      const eml = Buffer.from(Raw?.Data ?? '', 'base64').toString('utf8');
      const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(eml)?.[1]?.trim();
      const split = (value?: string) => (value ? value.split(',').map((a) => a.trim()) : []);
      email = {
        messageId,
        from: input.FromEmailAddress ?? header('From'),
        to: to.length ? to : split(header('To')),
        cc: cc.length ? cc : split(header('Cc')),
        bcc,
        subject: header('Subject'),
        eml,
        sentAt: now,
      };
    }
    await mkdir(this.outboxDir, { recursive: true });
    const file = join(
      this.outboxDir,
      `${new Date(now).toISOString().replace(/[:.]/g, '-')}-${messageId}.eml`,
    );
    await writeFile(file, email.eml);
    this.sent.push({ ...email, file });
    return messageId;
  }
}

interface MessageParts {
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  date: Date;
  messageId: string;
  boundary: string;
}

/** Builds an RFC 5322 message; with both bodies it is multipart/alternative (text first). Bcc is never written. */
export function buildMessage(parts: MessageParts): string {
  const headers = [
    `From: ${parts.from}`,
    ...(parts.to.length ? [`To: ${parts.to.join(', ')}`] : []),
    ...(parts.cc.length ? [`Cc: ${parts.cc.join(', ')}`] : []),
    ...(parts.replyTo.length ? [`Reply-To: ${parts.replyTo.join(', ')}`] : []),
    `Subject: ${encodeHeader(parts.subject)}`,
    `Date: ${parts.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${parts.messageId}`,
    'MIME-Version: 1.0',
  ];
  const section = (type: string, body: string) =>
    [
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(body),
    ].join('\r\n');
  const bodies = [
    ...(parts.text !== undefined ? [section('text/plain', parts.text)] : []),
    ...(parts.html !== undefined ? [section('text/html', parts.html)] : []),
  ];
  if (bodies.length === 1) return `${headers.join('\r\n')}\r\n${bodies[0]}\r\n`;
  const b = parts.boundary;
  const multipart = [
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    ...bodies.flatMap((body) => [`--${b}`, body]),
    `--${b}--`,
    '',
  ];
  return `${headers.join('\r\n')}\r\n${multipart.join('\r\n')}`;
}

/** RFC 2047 encoded-word for a header value that is not plain ASCII. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

/** Quoted-printable (RFC 2045): readable for ASCII text, safe for any UTF-8, lines of at most 76. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let encoded = '';
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const plain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        encoded += plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      let out = '';
      while (encoded.length > 76) {
        // Never split an =XX escape across a soft line break.
        let cut = 75;
        const lastEscape = encoded.lastIndexOf('=', cut);
        if (lastEscape > cut - 3) cut = lastEscape;
        out += `${encoded.slice(0, cut)}=\r\n`;
        encoded = encoded.slice(cut);
      }
      return out + encoded;
    })
    .join('\r\n');
}
