import {
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, WorkspaceRequestError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/recover-workspace';
import { lambdaContext } from '../../../sandbox/state-machines';
import { writtenMetrics } from '../../helpers/metrics';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const workspaceId = 'ws-abcdef123';
const run = (state: string) => handler({ workspaceId, state }, lambdaContext('RecoverWorkspace'));

beforeEach(() => {
  workspaces.reset();
  workspaces.on(RebuildWorkspacesCommand).resolves({ FailedRequests: [] });
  workspaces.on(RebootWorkspacesCommand).resolves({ FailedRequests: [] });
});

describe('handler', () => {
  it('Error_Rebuilds', async () => {
    // Act
    const result = await run('ERROR');

    // Assess
    expect(result).toEqual({ workspaceId, action: 'rebuild' });
    expect(workspaces).toHaveReceivedCommandWith(RebuildWorkspacesCommand, {
      RebuildWorkspaceRequests: [{ WorkspaceId: workspaceId }],
    });
    expect(workspaces).not.toHaveReceivedCommand(RebootWorkspacesCommand);
  });

  it('Unhealthy_Reboots', async () => {
    const result = await run('UNHEALTHY');

    expect(result).toEqual({ workspaceId, action: 'reboot' });
    expect(workspaces).toHaveReceivedCommandWith(RebootWorkspacesCommand, {
      RebootWorkspaceRequests: [{ WorkspaceId: workspaceId }],
    });
    expect(workspaces).not.toHaveReceivedCommand(RebuildWorkspacesCommand);
  });

  it('RebuildFailedRequest_ThrowsTheMappedError', async () => {
    workspaces.on(RebuildWorkspacesCommand).resolves({
      FailedRequests: [
        { WorkspaceId: workspaceId, ErrorCode: 'InvalidResourceStateException', ErrorMessage: 'busy' },
      ],
    });

    await expect(run('ERROR')).rejects.toThrow(
      new WorkspaceRequestError('RebuildWorkspaces: InvalidResourceStateException: busy'),
    );
  });

  it('RebootFailedRequest_NamesTheRebootOperation', async () => {
    workspaces.on(RebootWorkspacesCommand).resolves({
      FailedRequests: [
        { WorkspaceId: workspaceId, ErrorCode: 'ResourceLimitExceeded', ErrorMessage: 'limit' },
      ],
    });

    await expect(run('UNHEALTHY')).rejects.toMatchObject({
      name: 'WorkspaceQuotaExceededError',
      message: 'RebootWorkspaces: ResourceLimitExceeded: limit',
    });
  });

  it('ThrownThrottling_BecomesThrottledError', async () => {
    workspaces.on(RebuildWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    await expect(run('ERROR')).rejects.toThrow(ThrottledError);
  });

  it('ThrownOperationNotSupported_BecomesWorkspaceRequestError', async () => {
    workspaces.on(RebootWorkspacesCommand).rejects(serviceError('OperationNotSupportedException'));

    await expect(run('UNHEALTHY')).rejects.toMatchObject({
      name: 'WorkspaceRequestError',
      message: 'RebootWorkspaces: OperationNotSupportedException: OperationNotSupportedException happened',
    });
  });

  it('NoWorkspaceId_ThrowsInvalidInputErrorWithoutACall', async () => {
    await expect(handler({ state: 'ERROR' }, lambdaContext('RecoverWorkspace'))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });

  it.each(['AVAILABLE', 'PENDING', 'error'])(
    'OtherState_%s_ThrowsInvalidInputErrorWithoutACall',
    async (state) => {
      await expect(run(state)).rejects.toMatchObject({ name: 'InvalidInputError' });
      expect(workspaces).not.toHaveReceivedAnyCommand();
    },
  );
});

describe('metrics', () => {
  it('RecoveryStarted_CountsOneRecovery', async () => {
    const written = await writtenMetrics(() => run('ERROR'));

    expect(written.map((m) => [m.name, m.value])).toEqual([['Recoveries', 1]]);
  });

  it('RecoveryRefused_CountsNothing', async () => {
    workspaces
      .on(RebuildWorkspacesCommand)
      .resolves({ FailedRequests: [{ WorkspaceId: workspaceId, ErrorCode: 'InvalidResourceState' }] });

    const written = await writtenMetrics(() => run('ERROR').catch(() => undefined));

    expect(written).toEqual([]);
  });
});
