import { DescribeWorkspacesCommand, WorkSpacesClient, type WorkspaceState } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/check-workspace';
import {
  ProvisioningDeadlineError,
  ThrottledError,
  TransientError,
  WorkspaceRequestError,
} from '../../../functions/commons/errors';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const workspaceId = 'ws-abcdef123';
const firstLook = { attempt: 0, elapsedSeconds: 0, waitSeconds: 1080 };
/** A plan whose next look falls exactly on the 5400 s deadline. */
const lastLook = { attempt: 29, elapsedSeconds: 5350, waitSeconds: 50 };
const run = (poll: unknown = firstLook, id = workspaceId) =>
  handler({ workspaceId: id, poll }, lambdaContext('CheckWorkspace'));
const reporting = (State?: WorkspaceState) =>
  workspaces
    .on(DescribeWorkspacesCommand)
    .resolves({ Workspaces: State ? [{ WorkspaceId: workspaceId, State }] : [] });

const settled: WorkspaceState[] = [
  'AVAILABLE',
  'STOPPED',
  'ERROR',
  'UNHEALTHY',
  'TERMINATING',
  'TERMINATED',
  'SUSPENDED',
];
const unsettled: WorkspaceState[] = [
  'PENDING',
  'STARTING',
  'REBOOTING',
  'REBUILDING',
  'IMPAIRED',
  'UPDATING',
];

beforeEach(() => {
  workspaces.reset();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('StillPending_ReportsTheStateAndPlansTheNextLook', async () => {
    // Prepare
    reporting('PENDING');

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({
      workspaceId,
      state: 'PENDING',
      poll: { attempt: 1, elapsedSeconds: 1080, waitSeconds: 120 },
    });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, { WorkspaceIds: [workspaceId] });
  });

  it('NotYetVisible_CountsAsPending', async () => {
    reporting(undefined);

    await expect(run()).resolves.toMatchObject({ state: 'PENDING' });
  });

  it('NoWorkspacesField_CountsAsPending', async () => {
    workspaces.on(DescribeWorkspacesCommand).resolves({});

    await expect(run()).resolves.toMatchObject({ state: 'PENDING' });
  });

  it('LaterLook_AdvancesThePlan', async () => {
    reporting('PENDING');

    const result = await run({ attempt: 4, elapsedSeconds: 1560, waitSeconds: 110 });

    expect(result.poll).toEqual({ attempt: 5, elapsedSeconds: 1670, waitSeconds: 120 });
  });

  it('NearTheDeadline_CutsTheNextWaitToIt', async () => {
    reporting('PENDING');

    const result = await run({ attempt: 28, elapsedSeconds: 5230, waitSeconds: 120 });

    expect(result.poll).toEqual({ attempt: 29, elapsedSeconds: 5350, waitSeconds: 50 });
  });

  it.each(unsettled)('DeadlineReachedWhile_%s_ThrowsProvisioningDeadlineError', async (state) => {
    reporting(state);

    await expect(run(lastLook)).rejects.toThrow(
      new ProvisioningDeadlineError(`${workspaceId} is still ${state} after 5400 s (deadline 5400 s)`),
    );
  });

  it('DeadlineReachedWhileNotVisible_ThrowsProvisioningDeadlineError', async () => {
    reporting(undefined);

    await expect(run(lastLook)).rejects.toThrow(ProvisioningDeadlineError);
  });

  it.each(settled)('DeadlineReachedWhile_%s_ReportsTheState', async (state) => {
    reporting(state);

    await expect(run(lastLook)).resolves.toMatchObject({ workspaceId, state });
  });

  it('ResultPlan_CarriesNoDeadlineFlag', async () => {
    reporting('AVAILABLE');

    const result = await run(lastLook);

    expect(result.poll).not.toHaveProperty('deadlinePassed');
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalFailure', 503, TransientError],
    ['AccessDeniedException', 403, WorkspaceRequestError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it.each([
    ['BadWorkspaceId', firstLook, 'workspace-1'],
    ['NegativeAttempt', { ...firstLook, attempt: -1 }, workspaceId],
    ['NoPlan', null, workspaceId],
  ])('%s_ThrowsInvalidInputErrorWithoutACall', async (_, poll, id) => {
    await expect(run(poll, id)).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
  });
});
