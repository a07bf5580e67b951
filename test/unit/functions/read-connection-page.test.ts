import { DescribeWorkspacesConnectionStatusCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { Env } from '../../../functions/commons/env';
import { ReviewStoreError, ThrottledError } from '../../../functions/commons/errors';
import { S3Client } from '../../../functions/commons/s3';
import { installClock, ScaledClock } from '../../../sandbox/clock';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
// Loaded in this file's registry (so the mocks on its clients apply) with the cost part on;
// configuration is read at cold start. `load` gives other settings, for calls that make no call.
process.env[Env.FleetReviewSettings] = JSON.stringify({ cost: { enabled: true } });
const enabled = (require('../../../functions/read-connection-page') as { handler: Handler }).handler;
const workspaces = mockClient(WorkSpacesClient);
let stored: Array<{ Key: string; Body?: string }>;
let page: string | undefined;
let uninstall: () => void;

/** The handler as loaded with `cost` settings: configuration is read at cold start. */
function load(cost: Record<string, unknown>): Handler {
  const saved = process.env[Env.FleetReviewSettings];
  process.env[Env.FleetReviewSettings] = JSON.stringify({ cost });
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = (require('../../../functions/read-connection-page') as { handler: Handler }).handler;
  });
  process.env[Env.FleetReviewSettings] = saved;
  return handler as Handler;
}
const run = (handler: Handler, event: unknown = { reviewId: 'r1', page: 1, pages: 3, calls: 4 }) =>
  handler(event, lambdaContext('ReadConnectionPage'));

beforeAll(() => {
  uninstall = installClock(new ScaledClock(100_000));
});
afterAll(() => uninstall());
beforeEach(() => {
  workspaces.reset();
  stored = [];
  page = JSON.stringify([{ workspaceId: 'ws-a00000001' }, { workspaceId: 'ws-a00000002' }]);
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    const input = command.input as { Key: string; Body?: string };
    if (input.Body === undefined) {
      if (page === undefined) throw Object.assign(new Error('no key'), { name: 'NoSuchKey' });
      return { Body: page };
    }
    stored.push(input);
    return {};
  });
});

describe('handler', () => {
  it('OneCallForThePage_NeverConnectedIsNull', async () => {
    workspaces.on(DescribeWorkspacesConnectionStatusCommand).resolves({
      WorkspacesConnectionStatus: [
        {
          WorkspaceId: 'ws-a00000001',
          ConnectionState: 'DISCONNECTED',
          LastKnownUserConnectionTimestamp: new Date('2026-11-20T08:00:00Z'),
        },
        { WorkspaceId: 'ws-a00000002', ConnectionState: 'UNKNOWN' },
      ],
    });
    await expect(run(enabled)).resolves.toEqual({ page: 2, pages: 3, calls: 5, read: true });
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesConnectionStatusCommand, 1);
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesConnectionStatusCommand, {
      WorkspaceIds: ['ws-a00000001', 'ws-a00000002'],
    });
    expect(stored[0].Key).toBe('reviews/r1/connections/00001.json');
    expect(JSON.parse(stored[0].Body ?? '{}')).toEqual({
      'ws-a00000001': { connectionState: 'DISCONNECTED', lastConnection: '2026-11-20T08:00:00.000Z' },
      'ws-a00000002': { connectionState: 'UNKNOWN', lastConnection: null },
    });
  });
  it('CostOff_NoCall_EndsTheLoop', async () => {
    await expect(run(load({}))).resolves.toEqual({ page: 3, pages: 3, calls: 4, read: false });
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesConnectionStatusCommand, 0);
    expect(stored).toEqual([]);
  });
  it('Throttled_ThrottledError', async () => {
    workspaces.on(DescribeWorkspacesConnectionStatusCommand).rejects(serviceError('ThrottlingException'));
    await expect(run(enabled)).rejects.toBeInstanceOf(ThrottledError);
  });
  it('PageMissing_ReviewStoreError', async () => {
    page = undefined;
    await expect(run(enabled)).rejects.toBeInstanceOf(ReviewStoreError);
  });
});
