import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { mapAwsError } from '../../../../functions/commons/aws-errors';
import {
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  DirectoryServiceDataClient,
  DirectoryServiceDataServiceError,
  DisableUserCommand,
} from '../../../../functions/commons/directory-service-data';
import { TransientError } from '../../../../functions/commons/errors';

interface Received {
  method?: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

const directoryId = 'd-906700c0de';
let server: Server;
let endpoint: string;
let received: Received[];
let answer: Answer;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      received.push({
        method: req.method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
});

const createUser = () =>
  new CreateUserCommand({
    DirectoryId: directoryId,
    SAMAccountName: 'ada.lovelace',
    GivenName: 'Ada',
    Surname: 'Lovelace',
    EmailAddress: 'ada@example.com',
    ClientToken: 'token-1',
  });

/** Signs what the server received again, with the same key and date, as the service would check it. */
async function expectedAuthorization(request: Received, region: string): Promise<string> {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1].split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = String(request.headers[name]);
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    service: 'ds-data',
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: request.path,
      query: Object.fromEntries(request.query),
      headers,
      body: request.body,
    },
    { signingDate },
  );
  return String(signed.headers.authorization);
}

describe('DirectoryServiceDataClient', () => {
  it('CreateUser_PostsTheBodyWithoutDirectoryIdToItsPathWithDirectoryIdInTheQuery', async () => {
    // Prepare
    answer = {
      status: 200,
      body: JSON.stringify({ DirectoryId: directoryId, SAMAccountName: 'ada.lovelace', SID: 'S-1' }),
    };
    const client = new DirectoryServiceDataClient({ endpoint });

    // Act
    const output = await client.send(createUser());

    // Assess
    expect(output).toEqual({ DirectoryId: directoryId, SAMAccountName: 'ada.lovelace', SID: 'S-1' });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/Users/CreateUser');
    expect([...request.query]).toEqual([['DirectoryId', directoryId]]);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      SAMAccountName: 'ada.lovelace',
      GivenName: 'Ada',
      Surname: 'Lovelace',
      EmailAddress: 'ada@example.com',
      ClientToken: 'token-1',
    });
  });

  it('AnyRequest_IsSignedWithSigV4ForDsDataInTheRegion', async () => {
    // Prepare
    const client = new DirectoryServiceDataClient({ endpoint, region: 'eu-west-1' });

    // Act
    await client.send(createUser());

    // Assess
    const [request] = received;
    const authorization = String(request.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/ds-data\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(authorization).toMatch(/SignedHeaders=[^,]*\bhost\b/);
    expect(authorization).toMatch(/SignedHeaders=[^,]*\bx-amz-date\b/);
    expect(authorization).toBe(await expectedAuthorization(request, 'eu-west-1'));
  });

  it.each([
    ['DescribeUser', new DescribeUserCommand({ DirectoryId: directoryId, SAMAccountName: 'ada' })],
    [
      'DisableUser',
      new DisableUserCommand({ DirectoryId: directoryId, SAMAccountName: 'ada', ClientToken: 't' }),
    ],
    [
      'DeleteUser',
      new DeleteUserCommand({ DirectoryId: directoryId, SAMAccountName: 'ada', ClientToken: 't' }),
    ],
  ])('%s_PostsToItsOwnPath', async (operation, command) => {
    const client = new DirectoryServiceDataClient({ endpoint });

    await client.send(command);

    expect(received[0].path).toBe(`/Users/${operation}`);
    expect(received[0].query.get('DirectoryId')).toBe(directoryId);
    expect(JSON.parse(received[0].body)).not.toHaveProperty('DirectoryId');
  });

  it('EmptySuccessBody_ReturnsAnEmptyObject', async () => {
    answer = { status: 200 };
    const client = new DirectoryServiceDataClient({ endpoint });

    await expect(
      client.send(new DisableUserCommand({ DirectoryId: directoryId, SAMAccountName: 'ada' })),
    ).resolves.toEqual({});
  });

  it('ErrorTypeHeader_NamesTheErrorWithStatusInMetadata', async () => {
    // Prepare
    answer = {
      status: 409,
      headers: {
        'x-amzn-ErrorType': 'ConflictException:http://internal.amazon.com/coral/com.amazonaws.ds-data/',
      },
      body: JSON.stringify({ Message: 'User ada.lovelace already exists' }),
    };
    const client = new DirectoryServiceDataClient({ endpoint });

    // Act
    const error = await client.send(createUser()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DirectoryServiceDataServiceError);
    expect(error).toMatchObject({
      name: 'ConflictException',
      message: 'User ada.lovelace already exists',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('BodyTypeOnly_NamesTheErrorFromTheShapeId', async () => {
    answer = {
      status: 403,
      body: JSON.stringify({
        __type: 'com.amazonaws.directoryservicedata#AccessDeniedException',
        message: 'denied',
      }),
    };
    const client = new DirectoryServiceDataClient({ endpoint });

    await expect(client.send(createUser())).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'denied',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('HeaderAndBody_TheHeaderWins', async () => {
    answer = {
      status: 429,
      headers: { 'x-amzn-ErrorType': 'ThrottlingException' },
      body: JSON.stringify({ __type: 'com.amazonaws#ValidationException', Message: 'slow down' }),
    };
    const client = new DirectoryServiceDataClient({ endpoint });

    await expect(client.send(createUser())).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'slow down',
    });
  });

  it('NoErrorType_IsUnknownErrorWithTheStatusText', async () => {
    answer = { status: 500 };
    const client = new DirectoryServiceDataClient({ endpoint });

    await expect(client.send(createUser())).rejects.toMatchObject({
      name: 'UnknownError',
      message: 'Internal Server Error',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('ServerError_MapsToTransientError', async () => {
    answer = {
      status: 503,
      headers: { 'x-amzn-ErrorType': 'InternalServerException' },
      body: '{"Message":"x"}',
    };
    const client = new DirectoryServiceDataClient({ endpoint });

    const error = await client.send(createUser()).catch((e: unknown) => e);

    expect(mapAwsError(error, 'CreateUser')).toBeInstanceOf(TransientError);
  });

  it('NobodyListening_FailsAsANetworkingErrorThatIsRetried', async () => {
    // Prepare: a port that was just free
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new DirectoryServiceDataClient({ endpoint: `http://127.0.0.1:${port}` });

    // Act
    const error = await client.send(createUser()).catch((e: unknown) => e);

    // Assess: named as an unanswered request, with the socket's code, so the state machine retries it.
    expect(error).toMatchObject({
      name: 'NetworkingError',
      message: 'Directory Service Data did not answer (ECONNREFUSED)',
    });
    expect(mapAwsError(error, 'CreateUser')).toBeInstanceOf(TransientError);
  });

  it('NoEndpointConfigured_UsesTheServiceEndpointVariable', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA;
    process.env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA = endpoint;
    try {
      await new DirectoryServiceDataClient().send(createUser());
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA;
      else process.env.AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA = saved;
    }

    expect(received).toHaveLength(1);
    expect(String(received[0].headers.authorization)).toContain('/us-east-1/ds-data/aws4_request');
  });
});

describe('DirectoryServiceDataClient: request timeout', () => {
  /** A loopback server that reads each request and then does `respond` (or nothing at all). */
  async function silentServer(respond: (res: ServerResponse) => void = () => undefined) {
    const silent = createServer((req, res) => {
      req.resume();
      req.on('end', () => respond(res));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    return {
      endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      close: () => {
        // The requests it holds would keep the server (and jest) waiting.
        silent.closeAllConnections();
        return new Promise((resolve) => silent.close(resolve));
      },
    };
  }

  it.each([
    ['NeverAnswers', () => undefined],
    [
      'AnswerStopsHalfWay',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"SID":');
      },
    ],
  ])('%s_GivenUpAfterTheTimeoutAsANetworkingErrorThatIsRetried', async (_, respond) => {
    // Prepare
    const silent = await silentServer(respond);
    const client = new DirectoryServiceDataClient({ endpoint: silent.endpoint, requestTimeoutMs: 200 });
    const started = Date.now();

    try {
      // Act
      const error = await client.send(createUser()).catch((e: unknown) => e);

      // Assess
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({
        name: 'NetworkingError',
        message: 'Directory Service Data did not answer within 200 ms (TimeoutError)',
      });
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(2000);
      expect(mapAwsError(error, 'CreateUser')).toBeInstanceOf(TransientError);
      expect(mapAwsError(error, 'CreateUser').name).toBe('TransientError');
    } finally {
      await silent.close();
    }
  });

  it('AnswerWithinTheTimeout_IsTheAnswer', async () => {
    answer = { status: 200, body: '{"SAMAccountName":"ada.lovelace","SID":"S-1-5-21"}' };
    const client = new DirectoryServiceDataClient({ endpoint, requestTimeoutMs: 2000 });

    await expect(client.send(createUser())).resolves.toEqual({
      SAMAccountName: 'ada.lovelace',
      SID: 'S-1-5-21',
    });
  });
});
