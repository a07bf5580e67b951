import { ModifyWorkspacePropertiesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { InvalidInputError, ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/set-running-mode';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = (event: object) =>
  handler({ workspaceId: 'ws-a00000001', ...event }, lambdaContext('SetRunningMode'));

beforeEach(() => {
  workspaces.reset();
  workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});
});

describe('handler', () => {
  it('ToMonthly_AlwaysOnWithNoTimeout', async () => {
    await expect(run({ runningMode: 'ALWAYS_ON', autoStopMinutes: null })).resolves.toMatchObject({
      gone: false,
    });
    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspacePropertiesCommand, {
      WorkspaceId: 'ws-a00000001',
      WorkspaceProperties: { RunningMode: 'ALWAYS_ON', RunningModeAutoStopTimeoutInMinutes: undefined },
    });
  });
  it('ToHourly_WithTheTaggedTimeout_ElseAnHour', async () => {
    await run({ runningMode: 'AUTO_STOP', autoStopMinutes: 180 });
    await run({ runningMode: 'AUTO_STOP' });
    expect(
      workspaces
        .commandCalls(ModifyWorkspacePropertiesCommand)
        .map((c) => c.args[0].input.WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes),
    ).toEqual([180, 60]);
  });
  it.each([90, 30, 36060])('TimeoutNotIn60MinuteSteps_%i_Refused', async (minutes) => {
    await expect(run({ runningMode: 'AUTO_STOP', autoStopMinutes: minutes })).rejects.toThrow(
      InvalidInputError,
    );
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
  it('Gone_IsSuccess; DryRun_ChangesNothing', async () => {
    workspaces.on(ModifyWorkspacePropertiesCommand).rejects(serviceError('ResourceNotFoundException'));
    await expect(run({ runningMode: 'ALWAYS_ON' })).resolves.toMatchObject({ gone: true });
    workspaces.reset();
    await expect(run({ runningMode: 'ALWAYS_ON', dryRun: true })).resolves.toMatchObject({ dryRun: true });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
  it.each([
    ['ThrottlingException', ThrottledError],
    ['InvalidResourceStateException', WorkspaceRequestError],
    ['OperationNotSupportedException', WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, expected) => {
    workspaces.on(ModifyWorkspacePropertiesCommand).rejects(serviceError(name));
    await expect(run({ runningMode: 'ALWAYS_ON' })).rejects.toThrow(expected);
  });
});
