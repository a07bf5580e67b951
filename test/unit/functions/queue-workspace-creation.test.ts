import { CreateWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { type Profile, profilesConfigSchema } from '../../../functions/commons/config';
import {
  ThrottledError,
  TransientError,
  UserNotFoundError,
  WorkspaceExistsError,
  WorkspaceQuotaExceededError,
  WorkspaceRequestError,
} from '../../../functions/commons/errors';
import { handler } from '../../../functions/create-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const profiles = profilesConfigSchema.parse(JSON.parse(process.env.WORKSPACE_PROFILES ?? '{}'));
const inputFor = (profileName: string, profile: Profile = profiles.profiles[profileName]) => ({
  eventId: 'evt-0001',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  profileName,
  profile,
});
const run = (event: unknown) => handler(event, lambdaContext('CreateWorkspace'));
const sentRequest = () => workspaces.commandCalls(CreateWorkspacesCommand)[0].args[0].input.Workspaces?.[0];
const pending = {
  PendingRequests: [{ WorkspaceId: 'ws-abcdef123', State: 'PENDING' as const }],
  FailedRequests: [],
};

beforeEach(() => {
  workspaces.reset();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('EncryptedAutoStopProfile_RequestsTheWholeShape', async () => {
    // Prepare
    workspaces.on(CreateWorkspacesCommand).resolves(pending);

    // Act
    const result = await run(inputFor('standard'));

    // Assess
    expect(result).toEqual({
      workspaceId: 'ws-abcdef123',
      adopted: false,
      poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 1080 },
    });
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    expect(workspaces.commandCalls(CreateWorkspacesCommand)[0].args[0].input.Workspaces).toHaveLength(1);
    expect(sentRequest()).toEqual({
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
      ],
    });
  });

  it('AlwaysOnProfile_SendsNoAutoStopTimeout', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);

    await run(inputFor('power'));

    const properties = sentRequest()?.WorkspaceProperties;
    expect(properties?.RunningMode).toBe('ALWAYS_ON');
    expect(properties?.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  it('ManualProfileWithTimeout_SendsNoAutoStopTimeout', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);

    await run(
      inputFor('manual', {
        ...profiles.profiles.standard,
        runningMode: 'MANUAL',
        autoStopTimeoutMinutes: 120,
      }),
    );

    expect(sentRequest()?.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  it('AutoStopProfileWithOwnTimeout_SendsIt', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);

    await run(inputFor('long', { ...profiles.profiles.standard, autoStopTimeoutMinutes: 180 }));

    expect(sentRequest()?.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBe(180);
  });

  it('AutoStopProfileWithoutTimeout_SendsSixtyMinutes', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);
    const { autoStopTimeoutMinutes: _, ...noTimeout } = profiles.profiles.standard;

    await run(inputFor('standard', noTimeout));

    expect(sentRequest()?.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBe(60);
  });

  it('ProfileWithoutKey_RequestsNoEncryption', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);

    await run(inputFor('value'));

    const request = sentRequest();
    expect(request?.VolumeEncryptionKey).toBeUndefined();
    expect(request?.RootVolumeEncryptionEnabled).toBe(false);
    expect(request?.UserVolumeEncryptionEnabled).toBe(false);
    expect(request?.Tags).toEqual([
      { Key: 'managed-by', Value: 'workspaces-lifecycle' },
      { Key: 'employee-id', Value: 'E1001' },
      { Key: 'lifecycle-event-id', Value: 'evt-0001' },
      { Key: 'workspace-profile', Value: 'value' },
    ]);
  });

  it('ProfileTagNamedLikeOurs_OursWin', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(pending);
    const profile = { ...profiles.profiles.value, tags: { 'managed-by': 'someone-else', team: 'ops' } };

    await run(inputFor('value', profile));

    const tags = sentRequest()?.Tags ?? [];
    expect(tags.filter((t) => t.Key === 'managed-by')).toEqual([
      { Key: 'managed-by', Value: 'workspaces-lifecycle' },
    ]);
    expect(tags).toContainEqual({ Key: 'team', Value: 'ops' });
  });

  it.each([
    ['ResourceExists.WorkSpace', WorkspaceExistsError],
    ['ResourceNotFound.User', UserNotFoundError],
    ['ResourceLimitExceeded', WorkspaceQuotaExceededError],
    ['ResourceLimitExceeded.WorkSpacesPerDirectory', WorkspaceQuotaExceededError],
    ['ResourceNotFound.Bundle', WorkspaceRequestError],
  ])('FailedRequest_%s_Throws_%p', async (code, expected) => {
    // Prepare
    workspaces.on(CreateWorkspacesCommand).resolves({
      PendingRequests: [],
      FailedRequests: [{ ErrorCode: code, ErrorMessage: 'refused' }],
    });

    // Act
    const thrown = await run(inputFor('standard')).catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(expected);
    expect(thrown).toMatchObject({ name: expected.name, message: `CreateWorkspaces: ${code}: refused` });
  });

  it('NeitherPendingNorFailed_ThrowsWorkspaceRequestError', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves({ PendingRequests: [], FailedRequests: [] });

    await expect(run(inputFor('standard'))).rejects.toThrow(
      new WorkspaceRequestError('CreateWorkspaces: answered with neither a pending nor a failed request'),
    );
  });

  it.each([
    ['ResourceLimitExceededException', 400, WorkspaceQuotaExceededError],
    ['InvalidParameterValuesException', 400, WorkspaceRequestError],
    ['AccessDeniedException', 403, WorkspaceRequestError],
    ['ThrottlingException', 400, ThrottledError],
    ['InternalFailure', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    workspaces.on(CreateWorkspacesCommand).rejects(serviceError(name, status));

    await expect(run(inputFor('standard'))).rejects.toThrow(expected);
  });

  it('InvalidProfile_ThrowsInvalidInputErrorWithoutACall', async () => {
    const profile = { ...profiles.profiles.standard, bundleId: 'bundle-1' };

    await expect(run(inputFor('standard', profile))).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('profile.bundleId: '),
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
});
