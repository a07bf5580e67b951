import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { pollScheduleSchema } from '../../../functions/commons/config';
import { InvalidInputError, ThrottledError } from '../../../functions/commons/errors';
import { fromItem, type QueueEntry } from '../../../functions/commons/provisioning';
import { handler } from '../../../functions/queue-leaver-call';
import { lambdaContext } from '../../../sandbox/state-machines';
import { testDirectoryId } from '../../setup-env';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const schedule = pollScheduleSchema.parse(JSON.parse(process.env.POLL_SCHEDULE ?? '{}'));
const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAbTn0token';
const now = Date.UTC(2025, 4, 12, 9, 30);
const run = (event: unknown) =>
  handler({ taskToken, ...(event as object) }, lambdaContext('QueueLeaverCall'));
const queued = (): QueueEntry | undefined =>
  fromItem(dynamo.commandCalls(PutItemCommand)[0].args[0].input.Item ?? {});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(PutItemCommand).resolves({});
  jest.spyOn(Date, 'now').mockReturnValue(now);
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('Look_QueuedForTheConfiguredDirectory', async () => {
    await expect(run({ call: 'look', userName: 'ada.lovelace', purpose: 'cut' })).resolves.toEqual({
      queued: true,
    });

    expect(queued()).toEqual({
      kind: 'look',
      token: taskToken,
      queuedAt: now,
      directoryId: testDirectoryId,
      userName: 'ada.lovelace',
      purpose: 'cut',
    });
  });

  it('StopConfirmation_QueuedWithTheWorkspacesToLookAt', async () => {
    await run({ call: 'look', userName: 'ada.lovelace', purpose: 'confirm', workspaceIds: ['ws-a00000001'] });

    expect(queued()).toEqual({
      kind: 'look',
      token: taskToken,
      queuedAt: now,
      directoryId: testDirectoryId,
      userName: 'ada.lovelace',
      purpose: 'confirm',
      workspaceIds: ['ws-a00000001'],
    });
  });

  it('Stop_QueuedWithItsDryRun', async () => {
    await run({ call: 'stop', workspaceId: 'ws-a00000001', dryRun: true });

    expect(queued()).toEqual({
      kind: 'stop',
      token: taskToken,
      queuedAt: now,
      workspaceId: 'ws-a00000001',
      dryRun: true,
    });
  });

  it.each([
    [
      'TagReadBeforeRemoval',
      { call: 'tags', workspaceId: 'ws-a00000001', purpose: 'recheck', phase: 'removal', eventId: 'evt-1' },
      { kind: 'tags', purpose: 'recheck', fresh: true, expect: { 'lifecycle-removal-event-id': 'evt-1' } },
    ],
    [
      // A re-check of unknown phase is read as the one before a termination.
      'TagRecheck',
      { call: 'tags', workspaceId: 'ws-a00000001', purpose: 'recheck' },
      { kind: 'tags', purpose: 'recheck', fresh: true, expect: { 'lifecycle-removal-event-id': null } },
    ],
    [
      'TagReadBeforeWarning',
      // From the index, if it shows the removal tag this leaver put.
      { call: 'tags', workspaceId: 'ws-a00000001', purpose: 'recheck', phase: 'warning', eventId: 'evt-1' },
      { kind: 'tags', purpose: 'recheck', fresh: false, expect: { 'lifecycle-removal-event-id': 'evt-1' } },
    ],
    [
      'TagReadBeforeCut',
      { call: 'tags', workspaceId: 'ws-a00000001', purpose: 'cut' },
      { kind: 'tags', purpose: 'cut', fresh: false, expect: { 'employee-id': null } },
    ],
    [
      'TagReadBeforeAStop',
      { call: 'tags', workspaceId: 'ws-a00000001', purpose: 'confirm' },
      { kind: 'tags', purpose: 'confirm', fresh: false, expect: { 'employee-id': null } },
    ],
    [
      'RemovalTags',
      {
        call: 'tag',
        workspaceId: 'ws-a00000001',
        tags: { 'lifecycle-removal-event-id': 'evt-1' },
        dryRun: false,
      },
      { kind: 'tag', tags: { 'lifecycle-removal-event-id': 'evt-1' }, dryRun: false },
    ],
    [
      'AutoStop',
      { call: 'auto-stop', workspaceId: 'ws-a00000001', dryRun: false },
      { kind: 'auto-stop', dryRun: false },
    ],
  ])('%s_QueuedForItsWorkspace', async (_, call, entry) => {
    await run(call);

    expect(queued()).toEqual({ token: taskToken, queuedAt: now, workspaceId: 'ws-a00000001', ...entry });
  });

  it('RemovalTags_ACharacterTagsRefuse_InvalidInput', async () => {
    await expect(
      run({
        call: 'tag',
        workspaceId: 'ws-a00000001',
        tags: { 'lifecycle-removal-event-id': 'a;b' },
        dryRun: false,
      }),
    ).rejects.toThrow(InvalidInputError);
  });

  it('Terminate_QueuedWithTheFirstLookPlanned', async () => {
    await run({ call: 'terminate', workspaceIds: ['ws-a00000001', 'ws-a00000002'], dryRun: false });

    expect(queued()).toMatchObject({
      kind: 'terminate',
      workspaceIds: ['ws-a00000001', 'ws-a00000002'],
      dryRun: false,
      poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: schedule.recheckSeconds },
    });
  });

  it('Gone_DeadlineCountsFromTheTermination', async () => {
    const poll = { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 };

    await run({ call: 'gone', workspaceIds: ['ws-a00000001'], poll });

    expect(queued()).toEqual({
      kind: 'gone',
      token: taskToken,
      queuedAt: now,
      workspaceIds: ['ws-a00000001'],
      lookAfter: now,
      deadline: now + (schedule.deadlineSeconds - 60) * 1000,
      poll,
    });
  });

  it('UnknownCall_InvalidInput_NothingQueued', async () => {
    await expect(run({ call: 'reboot', workspaceId: 'ws-a00000001' })).rejects.toThrow(InvalidInputError);
    expect(dynamo).not.toHaveReceivedCommand(PutItemCommand);
  });

  it('Throttled_ThrowsThrottledError', async () => {
    dynamo.on(PutItemCommand).rejects(serviceError('ThrottlingException'));

    await expect(run({ call: 'stop', workspaceId: 'ws-a00000001', dryRun: false })).rejects.toThrow(
      ThrottledError,
    );
  });
});
