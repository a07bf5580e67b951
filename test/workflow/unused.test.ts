import * as WorkSpaces from '@aws-sdk/client-workspaces';
import { DeleteUserCommand, DisableUserCommand } from '../../functions/commons/directory-service-data';
import { FakeEstate } from '../helpers/fake-estate';
import { mockEstateClients, publishedEvents, runInstant } from '../helpers/workflow';

const { TerminateWorkspacesCommand, DescribeWorkspacesConnectionStatusCommand } = WorkSpaces;
const { workspaces, dsData, events, register, provisioning, reset } = mockEstateClients();

const unusedId = 'ws-0a1b2c3d4';
const otherId = 'ws-0a1b2c3d5';
const warnedAt = '2026-11-20T09:00:00.000Z';
/** The review's "WorkSpace Unused" event, as the dispatcher hands it to the leaver flow. */
const unused = {
  'detail-type': 'WorkSpace Unused',
  detail: {
    eventId: 'unused:ws-0a1b2c3d4:2026-11-30',
    employeeId: 'E1007',
    userName: 'jordan.lee',
    workspaceId: unusedId,
    reason: 'never connected, made 45 days ago',
    warnedAt,
    occurredAt: '2026-11-30T20:00:00Z',
  },
};
let estate: FakeEstate;
/** Runs the leaver with the provisioner running a round whenever something is queued: it makes the batched calls. */
const run = async () => {
  const { provisionRound } = await import('../../functions/provisioner');
  return provisioning.roundsUntil(
    runInstant('leaver', unused, 'unused-ws-0a1b2c3d4-2026-11-30', { taskTokens: provisioning.tokens }),
    provisionRound,
  );
};
const detailTypes = () => publishedEvents(events).map((e) => e.type);

beforeEach(() => {
  estate = new FakeEstate();
  const tags = { 'managed-by': 'workspaces-lifecycle', 'employee-id': 'E1007' };
  estate.workspaces.push(
    {
      workspaceId: unusedId,
      userName: 'jordan.lee',
      state: 'AVAILABLE',
      runningMode: 'ALWAYS_ON',
      tags: { ...tags },
    },
    // The person's other WorkSpace (another directory's, say): not this event's.
    {
      workspaceId: otherId,
      userName: 'jordan.lee',
      state: 'AVAILABLE',
      runningMode: 'AUTO_STOP',
      tags: { ...tags },
      lastConnection: '2026-11-29T08:00:00Z',
    },
  );
  estate.users.set('jordan.lee', { enabled: true, givenName: 'Jordan', surname: 'Lee' });
  reset(estate);
});

describe('unused WorkSpace through the leaver removal path', () => {
  test('StillUnused_RemovedAfterTheGracePeriod_ThePersonAndTheirOtherWorkspaceStay', async () => {
    const outcome = await run();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual(
      expect.arrayContaining([
        'WhoseRemoval',
        'KeepUserEnabled',
        'FindLeaverWorkspaces',
        'ReadConnectionStatus',
        'DecideUnusedRemoval',
      ]),
    );
    // The person stays: not registered as a leaver, no joiner or rehire of theirs stopped, not disabled.
    for (const state of ['RegisterLeaver', 'StopOlderExecutions', 'DisableDirectoryUser']) {
      expect(outcome.path).not.toContain(state);
    }
    expect(register.has('E1007')).toBe(false);
    expect(outcome.path.slice(-3)).toEqual(['KeepDirectoryUser', 'RemovalDone', 'PublishWorkspaceRemoved']);
    expect(workspaces).toHaveReceivedCommandWith(TerminateWorkspacesCommand, {
      TerminateWorkspaceRequests: [{ WorkspaceId: unusedId }],
    });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesConnectionStatusCommand, {
      WorkspaceIds: [unusedId],
    });
    expect(estate.workspace(otherId)).toBeDefined();
    expect(dsData.calls(DisableUserCommand)).toEqual([]);
    expect(dsData.calls(DeleteUserCommand)).toEqual([]);
    expect(estate.requireUser('jordan.lee').enabled).toBe(true);
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
  });

  test('ConnectsDuringTheGracePeriod_RemovalCancelled_RemovalTagsOff', async () => {
    estate.duringGracePeriod = (e) => {
      const ws = e.requireWorkspace(unusedId);
      ws.lastConnection = new Date(Date.parse(warnedAt) + 10 * 86_400_000).toISOString();
      ws.state = 'AVAILABLE';
    };

    const outcome = await run();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(-4)).toEqual([
      'RemovalStillWanted',
      'CancelRemoval',
      'ClearUnusedRemovalTags',
      'PublishRemovalCancelled',
    ]);
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    const { tags } = estate.requireWorkspace(unusedId);
    expect(tags['lifecycle-remove-after']).toBeUndefined();
    expect(tags['lifecycle-removal-event-id']).toBeUndefined();
    const cancelled = publishedEvents(events).at(-1);
    expect(cancelled?.type).toBe('Removal Cancelled');
    expect(JSON.stringify(cancelled?.detail)).toContain('connected again');
  });

  test('ConnectedBeforeTheWarning_StillRemoved', async () => {
    estate.requireWorkspace(unusedId).lastConnection = '2026-08-01T08:00:00Z';
    const outcome = await run();
    expect(outcome.path.at(-1)).toBe('PublishWorkspaceRemoved');
  });

  test('ProtectedDuringTheGracePeriod_Cancelled', async () => {
    estate.duringGracePeriod = (e) => {
      e.requireWorkspace(unusedId).tags['lifecycle-protect'] = 'true';
    };
    const outcome = await run();
    expect(outcome.path.slice(-2)).toEqual(['ClearUnusedRemovalTags', 'PublishRemovalCancelled']);
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
  });

  test('AnotherPersonsWorkspace_NotTouched', async () => {
    estate.requireWorkspace(unusedId).tags['employee-id'] = 'E9999';
    const outcome = await run();
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(detailTypes()).toEqual(['Nothing To Remove']);
    expect(dsData.calls(DisableUserCommand)).toEqual([]);
  });
});
