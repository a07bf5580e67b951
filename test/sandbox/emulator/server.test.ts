import { CreateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { signingName } from '../../../sandbox/emulator/server';
import { clientConfig, ManualClock } from './helpers';

const DIR = 'd-5555555555';
const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

describe('emulator server', () => {
  const clock = new ManualClock();
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      directories: [{ directoryId: DIR, registrationCode: 'R', mode: 'existing', users: ['parker.lee'] }],
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const post = (headers: Record<string, string>, body: string, path = '/') =>
    fetch(`${emulator.url}${path}`, { method: 'POST', headers, body });

  test('tells services apart by the signing name in the credential scope', () => {
    expect(signingName(auth('ds-data'))).toBe('ds-data');
    expect(signingName(auth('states'))).toBe('states');
    expect(signingName('Bearer x')).toBeUndefined();
  });

  test('the admin API shows WorkSpaces with their current state, metrics and faults', async () => {
    const client = new WorkSpacesClient(clientConfig(emulator));
    await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [{ DirectoryId: DIR, UserName: 'parker.lee', BundleId: 'wsb-abcdefgh1' }],
      }),
    );
    client.destroy();
    const get = async (path: string) => (await fetch(`${emulator.url}${path}`)).json();
    expect(await get('/_sandbox/workspaces')).toEqual([
      expect.objectContaining({ UserName: 'parker.lee', State: 'PENDING', visible: false }),
    ]);
    expect(await get('/_sandbox/metrics')).toEqual({
      apiCalls: { 'workspaces.CreateWorkspaces': 1 },
      throttled: {},
    });
    expect(await get('/_sandbox/faults')).toMatchObject({
      quota: 100,
      rateLimit: { refillPerSecond: 2, burst: 5 },
    });
    expect((await get('/_sandbox')) as { collections: string[] }).toMatchObject({
      collections: expect.arrayContaining(['/_sandbox/executions', '/_sandbox/emails']),
    });
    expect((await fetch(`${emulator.url}/_sandbox/nothing`)).status).toBe(404);
  });

  test('malformed requests get the service protocol 400 error and the server keeps serving', async () => {
    const json = await post(
      {
        authorization: auth('workspaces'),
        'x-amz-target': 'WorkspacesService.DescribeWorkspaces',
        'content-type': 'application/x-amz-json-1.1',
      },
      '{"Limit":',
    );
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ __type: 'SerializationException' });
    const wrongType = await post(
      {
        authorization: auth('states'),
        'x-amz-target': 'AWSStepFunctions.StartExecution',
        'content-type': 'application/x-amz-json-1.0',
      },
      '{"stateMachineArn":42}',
    );
    expect(await wrongType.json()).toMatchObject({ __type: 'ValidationException' });
    const unknownOp = await post({ authorization: auth('events'), 'x-amz-target': 'AWSEvents.Nope' }, '{}');
    expect(await unknownOp.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const sns = await post(
      { authorization: auth('sns'), 'content-type': 'application/x-www-form-urlencoded' },
      'Action=Nope',
    );
    expect(sns.status).toBe(400);
    expect(await sns.text()).toContain('<Code>InvalidAction</Code>');
    const ses = await post(
      { authorization: auth('ses'), 'content-type': 'application/json' },
      '[]',
      '/v2/email/outbound-emails',
    );
    expect(ses.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect((await post({}, '{}')).status).toBe(403);
    expect((await post({ authorization: auth('lambda') }, '{}')).status).toBe(400);
    expect((await fetch(`${emulator.url}/_sandbox/workspaces`)).status).toBe(200);
  });
});
