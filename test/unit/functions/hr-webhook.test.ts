import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SignatureHeaders, sign } from '../../../functions/commons/signature';
import { handler } from '../../../functions/hr-webhook';
import { lambdaContext } from '../../../sandbox/state-machines';
import { exampleJoiner } from '../../helpers/examples';

const secrets = mockClient(SecretsManagerClient);
const events = mockClient(EventBridgeClient);
const secret = 'unit-test-webhook-secret';

function request(body: string, headers: Record<string, string> = {}, sign_ = true): APIGatewayProxyEvent {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    body,
    isBase64Encoded: false,
    headers: {
      'Content-Type': 'application/json',
      ...(sign_
        ? {
            [SignatureHeaders.timestamp]: timestamp,
            [SignatureHeaders.signature]: sign(secret, timestamp, body),
          }
        : {}),
      ...headers,
    },
  } as unknown as APIGatewayProxyEvent;
}
const joined = JSON.stringify({ 'detail-type': 'Employee Joined', detail: exampleJoiner });
const call = async (event: APIGatewayProxyEvent) => {
  const result = await handler(event, lambdaContext('HrWebhook'));
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

beforeEach(() => {
  secrets.reset();
  events.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: secret });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
});

describe('hr-webhook', () => {
  it('Accepted_202WithTheEventIdAndTheEventOnTheBus', async () => {
    expect(await call(request(joined))).toEqual({
      status: 202,
      body: { eventId: 'evt-0001', busEventId: 'bus-1' },
    });
    expect(events).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        expect.objectContaining({
          Source: 'workspaces-lifecycle.hr',
          DetailType: 'Employee Joined',
          EventBusName: 'hr-events',
        }),
      ],
    });
  });

  it('EmployeeChanged_Accepted_NothingChanged_400', async () => {
    const changed = (detail: object) =>
      JSON.stringify({
        'detail-type': 'Employee Changed',
        detail: { eventId: 'evt-0301', employeeId: 'E1001', userName: 'ada.lovelace', ...detail },
      });
    expect(await call(request(changed({ department: 'Sales', contractEndDate: null })))).toMatchObject({
      status: 202,
    });
    expect(await call(request(changed({})))).toMatchObject({
      status: 400,
      body: { errors: [expect.stringContaining('at least one changed attribute')] },
    });
  });

  it('BadSignature_401AndNothingPut', async () => {
    const event = request(joined, { [SignatureHeaders.signature]: `sha256=${'a'.repeat(64)}` });
    expect(await call(event)).toEqual({
      status: 401,
      body: { message: 'unauthorized: signature does not match' },
    });
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it('Unsigned_401', async () => {
    expect((await call(request(joined, {}, false))).status).toBe(401);
  });

  it('BadContract_400NamingTheField', async () => {
    const body = JSON.stringify({
      'detail-type': 'Employee Joined',
      detail: { ...exampleJoiner, userName: 'no spaces allowed' },
    });
    const { status, body: answer } = await call(request(body));
    expect(status).toBe(400);
    expect(answer.errors).toEqual([expect.stringMatching(/^detail\.userName: /)]);
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it.each([
    [{ profile: 'gold' }, 'detail.profile: no profile named "gold" (known: standard, power, value)'],
    [
      { managerEmail: undefined },
      'detail.managerEmail: required, because the initial password is mailed to the manager',
    ],
  ])('RefusedByTheDeploymentsRules_400NamingTheField: %j', async (patch, error) => {
    const body = JSON.stringify({ 'detail-type': 'Employee Joined', detail: { ...exampleJoiner, ...patch } });

    expect(await call(request(body))).toEqual({
      status: 400,
      body: { message: 'invalid event', errors: [error] },
    });
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it('UnknownType_400', async () => {
    const { status, body } = await call(
      request(JSON.stringify({ 'detail-type': 'Employee Promoted', detail: {} })),
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual(['detail-type: unknown type "Employee Promoted"']);
  });

  it('NotJson_400', async () => {
    expect(await call(request('{not json'))).toEqual({
      status: 400,
      body: { message: 'body is not valid JSON' },
    });
  });

  it('WrongContentType_415', async () => {
    expect((await call(request(joined, { 'Content-Type': 'text/plain' }))).status).toBe(415);
  });

  it('TooLarge_413BeforeAnythingElse', async () => {
    const big = JSON.stringify({ 'detail-type': 'Employee Joined', detail: { pad: 'x'.repeat(300_000) } });
    expect((await call(request(big))).status).toBe(413);
    expect(secrets).not.toHaveReceivedCommand(GetSecretValueCommand);
  });

  it('Base64Body_Decoded', async () => {
    const event = request(joined);
    event.body = Buffer.from(joined).toString('base64');
    event.isBase64Encoded = true;
    expect((await call(event)).status).toBe(202);
  });

  it('BusRefusesEntry_502NotA202', async () => {
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const { status, body } = await call(request(joined));
    expect(status).toBe(502);
    expect(body.message).toContain('InternalFailure');
  });

  it('BusUnreachable_503WithoutAStackTrace', async () => {
    events
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('boom at line 12'), { name: 'InternalException' }));
    const result = await handler(request(joined), lambdaContext('HrWebhook'));
    expect(result.statusCode).toBe(503);
    expect(result.body).not.toContain('boom');
    expect(result.body).not.toContain(' at ');
  });
});

describe('hr-webhook freshness', () => {
  it('UsesApiGatewaysReceiptTime_WhenPresent', async () => {
    const event = request(joined);
    const signedAt = Number(event.headers[SignatureHeaders.timestamp]);
    (event as { requestContext: unknown }).requestContext = { requestTimeEpoch: (signedAt + 301) * 1000 };
    expect(await call(event)).toEqual({
      status: 401,
      body: { message: 'unauthorized: timestamp is too old' },
    });
  });
});
