import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A small client for the Directory Service Data API (REST-JSON, signing name `ds-data`),
 * whose SDK v3 package is not on the registry this project builds from. It is shaped like an
 * SDK v3 client (`client.send(new CreateUserCommand(input))`), so it can be swapped for
 * `@aws-sdk/client-directory-service-data` and mocked with aws-sdk-client-mock.
 * API reference: https://docs.aws.amazon.com/directoryservicedata/latest/DirectoryServiceDataAPIReference/
 */

export interface CreateUserInput {
  DirectoryId: string;
  SAMAccountName: string;
  EmailAddress?: string;
  GivenName?: string;
  Surname?: string;
  ClientToken?: string;
}
export interface CreateUserOutput {
  DirectoryId?: string;
  SAMAccountName?: string;
  SID?: string;
}
export interface UserRefInput {
  DirectoryId: string;
  SAMAccountName: string;
  ClientToken?: string;
}
export interface DescribeUserOutput {
  DirectoryId?: string;
  SAMAccountName?: string;
  Enabled?: boolean;
  EmailAddress?: string;
  GivenName?: string;
  Surname?: string;
  SID?: string;
  DistinguishedName?: string;
}

export interface UpdateUserInput {
  DirectoryId: string;
  SAMAccountName: string;
  EmailAddress?: string;
  GivenName?: string;
  Surname?: string;
  /** REPLACE sets the attributes given; ADD and REMOVE are for multi-valued ones. */
  UpdateType?: 'ADD' | 'REPLACE' | 'REMOVE';
  ClientToken?: string;
}

export interface ListUsersInput {
  DirectoryId: string;
  /** 1-250 (API reference, ListUsers). */
  MaxResults?: number;
  NextToken?: string;
}
/** One user as ListUsers summarises it (API reference, "UserSummary"). */
export interface UserSummary {
  SAMAccountName?: string;
  Enabled?: boolean;
  GivenName?: string;
  Surname?: string;
  SID?: string;
}
export interface ListUsersOutput {
  DirectoryId?: string;
  Realm?: string;
  Users?: UserSummary[];
  NextToken?: string;
}

/** Base of the commands: the REST path of the operation and its input. */
abstract class DsDataCommand<I extends { DirectoryId: string }, O> {
  declare readonly output: O;
  abstract readonly path: string;
  constructor(readonly input: I) {}
}
export class CreateUserCommand extends DsDataCommand<CreateUserInput, CreateUserOutput> {
  readonly path = '/Users/CreateUser';
}
export class DescribeUserCommand extends DsDataCommand<UserRefInput, DescribeUserOutput> {
  readonly path = '/Users/DescribeUser';
}
export class DisableUserCommand extends DsDataCommand<UserRefInput, Record<string, never>> {
  readonly path = '/Users/DisableUser';
}
export class DeleteUserCommand extends DsDataCommand<UserRefInput, Record<string, never>> {
  readonly path = '/Users/DeleteUser';
}
export class UpdateUserCommand extends DsDataCommand<UpdateUserInput, Record<string, never>> {
  readonly path = '/Users/UpdateUser';
}
export class ListUsersCommand extends DsDataCommand<ListUsersInput, ListUsersOutput> {
  readonly path = '/Users/ListUsers';
}

/** An error answered by the service, with the SDK's `name` and `$metadata` conventions. */
export class DirectoryServiceDataServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(message);
  }
}

/** Milliseconds a request may take, answer included, unless the client is told otherwise. */
export const defaultRequestTimeoutMs = 5000;

export interface DirectoryServiceDataClientConfig {
  region?: string;
  endpoint?: string;
  /**
   * Milliseconds before an unanswered request (or an answer that stops half-way) is given up,
   * as an unanswered request the state machines retry. Default {@link defaultRequestTimeoutMs}:
   * without it, a silent endpoint would hold the call until the Lambda function's own 30 s
   * timeout, which fails the task with an error no Retry names.
   */
  requestTimeoutMs?: number;
}

/** Sends signed requests to Directory Service Data. One attempt: callers decide on retries. */
export class DirectoryServiceDataClient {
  private readonly region: string;
  private readonly endpoint: string;
  private readonly signer: SignatureV4;
  private readonly requestTimeoutMs: number;

  constructor(config: DirectoryServiceDataClientConfig = {}) {
    this.requestTimeoutMs = config.requestTimeoutMs ?? defaultRequestTimeoutMs;
    this.region = config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    // Honour the same endpoint variables as the SDK clients, so the sandbox reaches this one too.
    this.endpoint =
      config.endpoint ??
      process.env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA ??
      process.env.AWS_ENDPOINT_URL ??
      `https://ds-data.${this.region}.amazonaws.com`;
    this.signer = new SignatureV4({
      service: 'ds-data',
      region: this.region,
      credentials: defaultProvider(),
      sha256: Sha256,
    });
  }

  async send<I extends { DirectoryId: string }, O>(command: DsDataCommand<I, O>): Promise<O> {
    const { DirectoryId, ...body } = command.input;
    const url = new URL(command.path, this.endpoint);
    url.searchParams.set('DirectoryId', DirectoryId);
    const payload = JSON.stringify(body);
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: { DirectoryId },
      headers: { host: url.host, 'content-type': 'application/json' },
      body: payload,
    });
    // One signal for the whole exchange: an answer whose body never ends is no answer either.
    const signal = AbortSignal.timeout(this.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body: payload,
        signal,
      });
      text = await response.text();
    } catch (error) {
      throw this.unanswered(error, signal);
    }
    let parsed: Record<string, unknown> = {};
    try {
      if (text) parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A proxy's HTML error page: keep the status, so a 5xx is still retried.
      if (response.ok)
        throw new DirectoryServiceDataServiceError('SerializationException', 'Answer is not JSON', {
          httpStatusCode: response.status,
        });
    }
    if (response.ok) return parsed as O;
    const type = response.headers.get('x-amzn-errortype') ?? String(parsed.__type ?? 'UnknownError');
    const name = type.split(':')[0].split('#').pop() ?? 'UnknownError';
    const message = String(parsed.Message ?? parsed.message ?? response.statusText);
    throw new DirectoryServiceDataServiceError(name, message, { httpStatusCode: response.status });
  }

  /**
   * fetch says only "fetch failed" or "The operation was aborted due to timeout": name it as the
   * SDK clients name an unanswered request, which the error mapping makes a TransientError.
   */
  private unanswered(error: unknown, signal: AbortSignal): Error {
    const timedOut = signal.aborted;
    const code = timedOut
      ? 'TimeoutError'
      : ((error as { cause?: { code?: string } }).cause?.code ?? 'unknown');
    const message = timedOut
      ? `Directory Service Data did not answer within ${this.requestTimeoutMs} ms (${code})`
      : `Directory Service Data did not answer (${code})`;
    return Object.assign(new Error(message, { cause: error }), { name: 'NetworkingError', code });
  }
}
