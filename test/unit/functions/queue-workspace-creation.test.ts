import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { WorkspaceRequest } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { type Profile, profilesConfigSchema, readJsonFileEnv } from '../../../functions/commons/config';
import { InvalidInputError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { fromItem, type QueuedCreation, queueKeyOf } from '../../../functions/commons/provisioning';
import { handler } from '../../../functions/queue-workspace-creation';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const profiles = readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema);
const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAbTn0token';
const now = Date.UTC(2025, 4, 12, 9, 30);
const inputFor = (profileName: string, profile: Profile = profiles.profiles[profileName]) => ({
  taskToken,
  eventId: 'evt-0001',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  profileName,
  profile,
  occurredAt: null,
  startedAt: '2025-05-12T09:29:00.000Z',
});
const run = (event: unknown) => handler(event, lambdaContext('QueueWorkspaceCreation'));
const putInput = () => dynamo.commandCalls(PutItemCommand)[0].args[0].input;
const queuedEntry = (): QueuedCreation => {
  const entry = fromItem(putInput().Item ?? {});
  if (entry?.kind !== 'create') throw new Error(`not a queued creation: ${JSON.stringify(putInput().Item)}`);
  return entry;
};
const sentRequest = (): WorkspaceRequest => queuedEntry().request;

beforeEach(() => {
  dynamo.reset();
  dynamo.on(PutItemCommand).resolves({});
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
  jest.spyOn(Date, 'now').mockReturnValue(now);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('EncryptedAutoStopProfile_QueuesTheWholeRequest', async () => {
    // Act
    const result = await run(inputFor('standard'));

    // Assess
    expect(result).toEqual({ queued: true });
    expect(dynamo).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(putInput().TableName).toBe('provisioning-queue');
    expect(queuedEntry()).toEqual({
      kind: 'create',
      token: taskToken,
      queuedAt: now,
      request: {
        DirectoryId: 'd-906700c0de',
        UserName: 'ada.lovelace',
        BundleId: 'wsb-8vbljg4r6',
        VolumeEncryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001',
        RootVolumeEncryptionEnabled: true,
        UserVolumeEncryptionEnabled: true,
        WorkspaceProperties: {
          RunningMode: 'AUTO_STOP',
          RunningModeAutoStopTimeoutInMinutes: 60,
          RootVolumeSizeGib: 80,
          UserVolumeSizeGib: 50,
          ComputeTypeName: 'STANDARD',
        },
        Tags: [
          { Key: 'cost-centre', Value: 'it' },
          { Key: 'managed-by', Value: 'workspaces-lifecycle' },
          { Key: 'employee-id', Value: 'E1001' },
          { Key: 'lifecycle-event-id', Value: 'evt-0001' },
          { Key: 'workspace-profile', Value: 'standard' },
          { Key: 'lifecycle-joined-at', Value: '2025-05-12T09:29:00.000Z' },
          { Key: 'lifecycle-created-at', Value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        ],
      },
    });
  });

  it('Item_IsKeyedByTheTokenHashAndNamesItsKind', async () => {
    await run(inputFor('standard'));

    const item = putInput().Item ?? {};
    expect(item).toMatchObject({ ...queueKeyOf(taskToken), kind: { S: 'create' } });
    expect(item.id?.S).toMatch(/^[0-9a-f]{64}$/);
    // The token itself is only in the entry, not in the key.
    expect(item.id?.S).not.toContain(taskToken);
  });

  it('AnotherToken_GetsAnotherKey', async () => {
    await run(inputFor('standard'));
    await run({ ...inputFor('standard'), taskToken: `${taskToken}-retried` });

    const [first, second] = dynamo.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.id?.S);
    expect(first).toBe(queueKeyOf(taskToken).id.S);
    expect(second).toBe(queueKeyOf(`${taskToken}-retried`).id.S);
    expect(second).not.toBe(first);
  });

  it('AlwaysOnProfile_RequestsNoAutoStopTimeout', async () => {
    await run(inputFor('power'));

    const properties = sentRequest().WorkspaceProperties;
    expect(properties?.RunningMode).toBe('ALWAYS_ON');
    expect(properties?.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  it('ManualProfileWithTimeout_RequestsNoAutoStopTimeout', async () => {
    await run(
      inputFor('manual', {
        ...profiles.profiles.standard,
        runningMode: 'MANUAL',
        autoStopTimeoutMinutes: 120,
      }),
    );

    const properties = sentRequest().WorkspaceProperties;
    expect(properties?.RunningMode).toBe('MANUAL');
    expect(properties?.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  it('AutoStopProfileWithOwnTimeout_RequestsIt', async () => {
    await run(inputFor('long', { ...profiles.profiles.standard, autoStopTimeoutMinutes: 180 }));

    expect(sentRequest().WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBe(180);
  });

  it('AutoStopProfileWithoutTimeout_RequestsSixtyMinutes', async () => {
    const { autoStopTimeoutMinutes: _, ...noTimeout } = profiles.profiles.standard;

    await run(inputFor('standard', noTimeout));

    expect(sentRequest().WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBe(60);
  });

  it('ProfileWithoutKey_RequestsNoEncryption', async () => {
    await run(inputFor('value'));

    const request = sentRequest();
    expect(request.VolumeEncryptionKey).toBeUndefined();
    expect(request.RootVolumeEncryptionEnabled).toBe(false);
    expect(request.UserVolumeEncryptionEnabled).toBe(false);
    expect(request.Tags).toEqual([
      { Key: 'managed-by', Value: 'workspaces-lifecycle' },
      { Key: 'employee-id', Value: 'E1001' },
      { Key: 'lifecycle-event-id', Value: 'evt-0001' },
      { Key: 'workspace-profile', Value: 'value' },
      { Key: 'lifecycle-joined-at', Value: '2025-05-12T09:29:00.000Z' },
      { Key: 'lifecycle-created-at', Value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
  });

  it('OccurredAtGiven_IsTheJoinedAtTag', async () => {
    await run({ ...inputFor('value'), occurredAt: '2025-05-12T08:00:00+01:00' });

    expect(sentRequest().Tags).toContainEqual({
      Key: 'lifecycle-joined-at',
      Value: '2025-05-12T07:00:00.000Z',
    });
  });

  it('ProfileTagNamedLikeOurs_OursWin', async () => {
    const profile = { ...profiles.profiles.value, tags: { 'managed-by': 'someone-else', team: 'ops' } };

    await run(inputFor('value', profile));

    const tags = sentRequest().Tags ?? [];
    expect(tags.filter((t) => t.Key === 'managed-by')).toEqual([
      { Key: 'managed-by', Value: 'workspaces-lifecycle' },
    ]);
    expect(tags).toContainEqual({ Key: 'team', Value: 'ops' });
  });

  it.each([
    ['ProvisionedThroughputExceededException', 400, 'ThrottledError', ThrottledError],
    ['ThrottlingException', 400, 'ThrottledError', ThrottledError],
    ['InternalServerError', 500, 'TransientError', TransientError],
  ])('ThrownError_%s_%d_Becomes_%s', async (name, status, _, expected) => {
    dynamo.on(PutItemCommand).rejects(serviceError(name, status));

    const thrown = await run(inputFor('standard')).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(expected);
    expect(thrown).toMatchObject({ message: expect.stringMatching(new RegExp(`^PutItem: ${name}: `)) });
  });

  it('InvalidProfile_ThrowsInvalidInputErrorWithoutACall', async () => {
    const profile = { ...profiles.profiles.standard, bundleId: 'bundle-1' };

    await expect(run(inputFor('standard', profile))).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('profile.bundleId: '),
    });
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['Missing', undefined],
    ['Empty', ''],
  ])('%sTaskToken_ThrowsInvalidInputErrorWithoutACall', async (_, token) => {
    const thrown = await run({ ...inputFor('standard'), taskToken: token }).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(thrown).toMatchObject({ message: expect.stringContaining('taskToken') });
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });
});
