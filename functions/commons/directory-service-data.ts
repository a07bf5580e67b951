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

export interface DirectoryServiceDataClientConfig {
  region?: string;
  endpoint?: string;
}

/** Sends signed requests to Directory Service Data. One attempt: callers decide on retries. */
export class DirectoryServiceDataClient {
  private readonly region: string;
  private readonly endpoint: string;
  private readonly signer: SignatureV4;

  constructor(config: DirectoryServiceDataClientConfig = {}) {
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
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body: payload,
      });
    } catch (error) {
      // fetch says only "fetch failed"; name it as the SDK clients name an unanswered request.
      const code = (error as { cause?: { code?: string } }).cause?.code ?? 'unknown';
      throw Object.assign(new Error(`Directory Service Data did not answer (${code})`, { cause: error }), {
        name: 'NetworkingError',
      });
    }
    const text = await response.text();
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
}
