import { ThrottledError, WorkspaceRequestError } from '../../../../functions/commons/errors';
import {
  lookResult,
  remainingAfterTermination,
  singleChangeFailure,
  stopOutcome,
  tagsRead,
  tagsReadFailure,
  terminationOutcome,
} from '../../../../functions/commons/leaver-calls';
import { serviceError } from '../../support';

// What the leaver's batched calls mean, read the same way by the provisioner and the tasks.

describe('lookResult', () => {
  it('Workspaces_AreSummarisedAndTheStoppableNamed', () => {
    const result = lookResult(
      [
        {
          WorkspaceId: 'ws-a00000001',
          State: 'AVAILABLE',
          WorkspaceProperties: { RunningMode: 'ALWAYS_ON' },
        },
        { WorkspaceId: 'ws-a00000002', State: 'STOPPED' },
        { WorkspaceId: 'ws-a00000003', State: 'ERROR', WorkspaceProperties: { RunningMode: 'ALWAYS_ON' } },
        { WorkspaceId: 'ws-a00000004', State: 'PENDING' },
        { State: 'AVAILABLE' },
      ],
      false,
    );

    expect(result).toEqual({
      workspaces: [
        { workspaceId: 'ws-a00000001', state: 'AVAILABLE', runningMode: 'ALWAYS_ON' },
        { workspaceId: 'ws-a00000002', state: 'STOPPED', runningMode: undefined },
        { workspaceId: 'ws-a00000003', state: 'ERROR', runningMode: 'ALWAYS_ON' },
        { workspaceId: 'ws-a00000004', state: 'PENDING', runningMode: undefined },
      ],
      truncated: false,
      // ALWAYS_ON in ERROR can be neither switched nor stopped; STOPPED and PENDING need no stop now.
      stoppable: [{ workspaceId: 'ws-a00000001' }],
    });
  });

  it.each([
    ['MoreThanAPageListed', 26, false, true],
    ['APageAndMoreToCome', 25, true, true],
    ['OnePage', 25, false, false],
  ])('%s_Truncated', (_, count, more, truncated) => {
    const listed = Array.from({ length: count }, (_, i) => ({
      WorkspaceId: `ws-b${String(i).padStart(8, '0')}`,
      State: 'STOPPED' as const,
    }));

    const result = lookResult(listed, more);

    expect(result.truncated).toBe(truncated);
    expect(result.workspaces).toHaveLength(Math.min(count, 25));
  });
});

describe('stopOutcome', () => {
  it('NoFailedRequest_IsStopped', () => {
    expect(stopOutcome(undefined)).toEqual({ gone: false });
  });

  it('Gone_IsSuccess', () => {
    expect(stopOutcome({ WorkspaceId: 'ws-a00000001', ErrorCode: 'ResourceNotFound.WorkSpace' })).toEqual({
      gone: true,
    });
  });

  it('StateRefusesAStop_IsSuccessWithTheReason', () => {
    // Already STOPPING (another leaver event stopped it) or not stoppable yet: the flow looks again.
    expect(
      stopOutcome({
        WorkspaceId: 'ws-abcdef123',
        ErrorCode: 'InvalidResourceState.WorkSpace',
        ErrorMessage: 'A WorkSpace in state STOPPING cannot be stopped.',
      }),
    ).toEqual({ gone: false, refused: 'A WorkSpace in state STOPPING cannot be stopped.' });
  });

  it('Refused_IsAWorkspaceRequestErrorWithTheCode', () => {
    const outcome = stopOutcome({
      WorkspaceId: 'ws-a00000001',
      ErrorCode: 'InvalidResourceState.RunningMode',
      ErrorMessage: 'ALWAYS_ON',
    });

    expect(outcome).toEqual(
      new WorkspaceRequestError('StopWorkspaces: InvalidResourceState.RunningMode: ALWAYS_ON'),
    );
  });
});

describe('terminationOutcome', () => {
  const ids = ['ws-a00000001', 'ws-a00000002'];

  it('AllTerminated_NothingAlreadyGone', () => {
    expect(terminationOutcome(ids, [])).toEqual({ alreadyGoneIds: [] });
  });

  it('AlreadyGone_CountsAsTerminated_OthersFailuresIgnored', () => {
    const outcome = terminationOutcome(ids, [
      { WorkspaceId: 'ws-a00000002', ErrorCode: 'ResourceNotFound.WorkSpace', ErrorMessage: 'gone' },
      // Another leaver's WorkSpace in the same call: its failure is its own.
      { WorkspaceId: 'ws-other0001', ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'SUSPENDED' },
    ]);

    expect(outcome).toEqual({ alreadyGoneIds: ['ws-a00000002'] });
  });

  it('Refused_IsAWorkspaceRequestErrorNamingTheWorkspace', () => {
    const outcome = terminationOutcome(ids, [
      { WorkspaceId: 'ws-a00000002', ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'SUSPENDED' },
    ]);

    expect(outcome).toEqual(
      new WorkspaceRequestError(
        'TerminateWorkspaces ws-a00000002: InvalidResourceState.WorkSpace: SUSPENDED',
      ),
    );
  });
});

describe('remainingAfterTermination', () => {
  it('NotReturnedOrTerminated_IsGone_AnythingElseRemains', () => {
    const states = new Map([
      ['ws-a00000001', 'TERMINATED'],
      ['ws-a00000002', 'TERMINATING'],
    ]);

    expect(remainingAfterTermination(['ws-a00000001', 'ws-a00000002', 'ws-a00000003'], states)).toEqual([
      { workspaceId: 'ws-a00000002', state: 'TERMINATING' },
    ]);
  });
});

describe('single-resource calls', () => {
  it('TagsRead_ByKey', () => {
    expect(tagsRead('ws-a00000001', [{ Key: 'employee-id', Value: 'E1001' }])).toEqual({
      workspaceId: 'ws-a00000001',
      found: true,
      tags: { 'employee-id': 'E1001' },
    });
  });

  it('TagsReadOfAWorkspaceGone_NotFound_OtherErrorsNamed', () => {
    expect(tagsReadFailure('ws-a00000001', serviceError('ResourceNotFoundException', 400, 'gone'))).toEqual({
      workspaceId: 'ws-a00000001',
      found: false,
      tags: {},
    });
    expect(tagsReadFailure('ws-a00000001', serviceError('ThrottlingException'))).toBeInstanceOf(
      ThrottledError,
    );
  });

  it('ChangeOfAWorkspaceGone_IsGone_OtherErrorsNamed', () => {
    expect(singleChangeFailure(serviceError('ResourceNotFoundException', 400, 'gone'), 'CreateTags')).toEqual(
      {
        gone: true,
      },
    );
    expect(
      singleChangeFailure(
        serviceError('InvalidResourceStateException', 400, 'busy'),
        'ModifyWorkspaceProperties',
      ),
    ).toBeInstanceOf(WorkspaceRequestError);
  });
});
