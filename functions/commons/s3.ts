import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A small client for the two S3 operations the fleet review needs (GetObject, PutObject of text
 * objects), because `@aws-sdk/client-s3` is not among this project's packages. Shaped like an SDK
 * v3 client (`client.send(new GetObjectCommand(input))`) so it can be swapped for it. SigV4 with
 * signing name `s3` and a signed payload hash (`x-amz-content-sha256`), as the S3 API reference's
 * "Authenticating Requests (AWS Signature Version 4)" describes; path-style addressing when an
 * endpoint is given (the sandbox), virtual-hosted style otherwise.
 */

export interface GetObjectInput {
  Bucket: string;
  Key: string;
}
export interface GetObjectOutput {
  Body: string;
  ContentType?: string;
}
export interface PutObjectInput {
  Bucket: string;
  Key: string;
  Body: string;
  ContentType?: string;
}

abstract class S3Command<I extends { Bucket: string; Key: string }, O> {
  declare readonly output: O;
  abstract readonly method: 'GET' | 'PUT';
  constructor(readonly input: I) {}
}
export class GetObjectCommand extends S3Command<GetObjectInput, GetObjectOutput> {
  readonly method = 'GET';
}
export class PutObjectCommand extends S3Command<PutObjectInput, Record<string, never>> {
  readonly method = 'PUT';
}

/** An error S3 answered, named by its `<Code>` (`NoSuchKey`, `AccessDenied`, `SlowDown`...). */
export class S3ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(message);
  }
}

export interface S3ClientConfig {
  region?: string;
  endpoint?: string;
  requestTimeoutMs?: number;
  /** Default: the SDK's default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Sends signed requests to S3. One attempt: the state machine retries. */
export class S3Client {
  private readonly region: string;
  private readonly endpoint?: string;
  private readonly signer: SignatureV4;
  private readonly requestTimeoutMs: number;

  constructor(config: S3ClientConfig = {}) {
    this.region = config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.endpoint = config.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    this.requestTimeoutMs = config.requestTimeoutMs ?? 10_000;
    this.signer = new SignatureV4({
      service: 's3',
      region: this.region,
      credentials: config.credentials ?? defaultProvider(),
      sha256: Sha256,
      // S3 signs the path as sent, not encoded twice.
      uriEscapePath: false,
    });
  }

  async send<I extends { Bucket: string; Key: string }, O>(command: S3Command<I, O>): Promise<O> {
    const { Bucket, Key } = command.input;
    const key = Key.split('/').map(encodeURIComponent).join('/');
    const url = this.endpoint
      ? new URL(`/${Bucket}/${key}`, this.endpoint)
      : new URL(`https://${Bucket}.s3.${this.region}.amazonaws.com/${key}`);
    const put = command.input as Partial<PutObjectInput>;
    const body = command.method === 'PUT' ? (put.Body ?? '') : '';
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    };
    if (command.method === 'PUT') headers['content-type'] = put.ContentType ?? 'application/octet-stream';
    const signed = await this.signer.sign({
      method: command.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers,
      body: body || undefined,
    });
    const signal = AbortSignal.timeout(this.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: command.method,
        headers: signed.headers as Record<string, string>,
        body: command.method === 'PUT' ? body : undefined,
        signal,
      });
      text = await response.text();
    } catch (error) {
      const code = signal.aborted ? 'TimeoutError' : 'unknown';
      throw Object.assign(new Error(`S3 did not answer (${code})`, { cause: error }), {
        name: 'NetworkingError',
      });
    }
    if (response.ok) {
      return (
        command.method === 'GET'
          ? { Body: text, ContentType: response.headers.get('content-type') ?? undefined }
          : {}
      ) as O;
    }
    const code =
      /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? (response.status === 404 ? 'NotFound' : 'UnknownError');
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? response.statusText;
    throw new S3ServiceError(code, message, { httpStatusCode: response.status });
  }
}
