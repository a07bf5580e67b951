import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { provisionerSettingsSchema } from '../../../functions/commons/config';
import { InvalidInputError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { fromItem, type QueueEntry, queueKeyOf } from '../../../functions/commons/provisioning';
import { handler } from '../../../functions/watch-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const settings = provisionerSettingsSchema.parse(JSON.parse(process.env.PROVISIONER_SETTINGS ?? '{}'));
const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAbTn0watch';
const workspaceId = 'ws-abcdef123';
const now = Date.UTC(2025, 4, 12, 9, 30);
const run = (event: unknown) => handler(event, lambdaContext('WatchWorkspace'));
const putInput = () => dynamo.commandCalls(PutItemCommand)[0].args[0].input;
const queuedEntry = (): QueueEntry | undefined => fromItem(putInput().Item ?? {});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(PutItemCommand).resolves({});
  jest.spyOn(Date, 'now').mockReturnValue(now);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('Settings_AreTheExampleDefaults', () => {
    // The expectations below are in seconds of these settings; a zero would hide a wrong sum.
    expect(settings.firstLookSeconds).toBe(600);
    expect(settings.deadlineSeconds).toBe(5400);
  });

  it('NewWorkspace_IsFirstLookedAtAfterFirstLookSeconds', async () => {
    // Act
    const result = await run({ taskToken, workspaceId, created: true });

    // Assess
    expect(result).toEqual({ queued: true });
    expect(dynamo).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(putInput().TableName).toBe('provisioning-queue');
    expect(queuedEntry()).toEqual({
      kind: 'watch',
      token: taskToken,
      queuedAt: now,
      workspaceId,
      lookAfter: now + settings.firstLookSeconds * 1000,
      deadline: now + settings.deadlineSeconds * 1000,
    });
  });

  it.each([
    ['NotCreated', { created: false }],
    ['CreatedAbsent', {}],
  ])('%s_IsLookedAtNow', async (_, extra) => {
    await run({ taskToken, workspaceId, ...extra });

    expect(queuedEntry()).toEqual({
      kind: 'watch',
      token: taskToken,
      queuedAt: now,
      workspaceId,
      lookAfter: now,
      deadline: now + settings.deadlineSeconds * 1000,
    });
  });

  it('Item_IsKeyedByTheTokenHashAndNamesItsKind', async () => {
    await run({ taskToken, workspaceId, created: true });

    expect(putInput().Item).toMatchObject({ ...queueKeyOf(taskToken), kind: { S: 'watch' } });
  });

  it.each([
    ['ProvisionedThroughputExceededException', 400, 'ThrottledError', ThrottledError],
    ['InternalServerError', 500, 'TransientError', TransientError],
  ])('ThrownError_%s_%d_Becomes_%s', async (name, status, _, expected) => {
    dynamo.on(PutItemCommand).rejects(serviceError(name, status));

    await expect(run({ taskToken, workspaceId })).rejects.toThrow(expected);
  });

  it.each([
    ['BadWorkspaceId', { taskToken, workspaceId: 'wsp-123' }],
    ['UpperCaseWorkspaceId', { taskToken, workspaceId: 'ws-ABCDEF123' }],
    ['NoWorkspaceId', { taskToken }],
    ['NoTaskToken', { workspaceId }],
    ['CreatedNotABoolean', { taskToken, workspaceId, created: 'yes' }],
  ])('%s_ThrowsInvalidInputErrorWithoutACall', async (_, event) => {
    await expect(run(event)).rejects.toThrow(InvalidInputError);
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });
});
