import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import * as WorkSpaces from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteUserCommand, DisableUserCommand } from '../../functions/commons/directory-service-data';
import { Env } from '../../functions/commons/env';
import { FakeEstate } from '../helpers/fake-estate';
import { registerEntry } from '../helpers/lifecycle-register';
import { mockDirectoryData } from '../helpers/mock-directory-data';
import { mockProvisioning } from '../helpers/provisioning';
import { mockEstateClients, publishedEvents, runInstant } from '../helpers/workflow';
import { serviceError } from '../unit/support';

const {
  CreateTagsCommand,
  DescribeTagsCommand,
  ModifyWorkspacePropertiesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
} = WorkSpaces;

const { workspaces, dsData, events, sns, sfn, register, provisioning, reset } = mockEstateClients();
const rehireArn = (eventId: string) => `arn:aws:states:us-east-1:123456789012:execution:rehire:${eventId}`;

const leaver = {
  eventId: 'evt-leave-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  lastWorkingDay: '2020-01-31',
};
const ours = 'ws-abcdef123';
let estate: FakeEstate;

/** Runs the leaver with the provisioner running a round whenever something is queued: it makes the batched calls. */
const run = async (input: unknown, name = 'evt-leave-1') => {
  const { provisionRound } = await import('../../functions/provisioner');
  return provisioning.roundsUntil(
    runInstant('leaver', input, name, { taskTokens: provisioning.tokens }),
    provisionRound,
  );
};

beforeEach(() => {
  estate = new FakeEstate();
  estate.workspaces.push({
    workspaceId: ours,
    userName: 'ada.lovelace',
    state: 'AVAILABLE',
    runningMode: 'AUTO_STOP',
    tags: { 'managed-by': 'workspaces-lifecycle', 'employee-id': 'E1001' },
  });
  estate.users.set('ada.lovelace', { enabled: true, givenName: 'Ada', surname: 'Lovelace' });
  reset(estate);
});

const published = () => publishedEvents(events);
const detailTypes = () => published().map((e) => e.type);
const snsSubjects = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
/** The WorkSpaces commands that change something, from the given copy of the client module. */
const mutatingCommandsOf = (m: typeof WorkSpaces) =>
  [
    m.CreateTagsCommand,
    m.DeleteTagsCommand,
    m.ModifyWorkspacePropertiesCommand,
    m.StopWorkspacesCommand,
    m.StartWorkspacesCommand,
    m.TerminateWorkspacesCommand,
  ] as (typeof WorkSpaces.CreateTagsCommand)[];
const mutatingWorkspacesCommands = mutatingCommandsOf(WorkSpaces);
const expectNoWorkspaceChange = () => {
  for (const command of mutatingWorkspacesCommands) expect(workspaces).not.toHaveReceivedCommand(command);
};

describe('leaver workflow', () => {
  test('LastDayPassed: access cut at once, WorkSpace stopped and tagged, removed after the grace period', async () => {
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateLeaver',
      'CutAccessLater',
      'WhoseRemoval',
      'RegisterLeaver',
      'NewerEventStands',
      'StopOlderExecutions',
      'DisableDirectoryUser',
      'FindLeaverWorkspaces',
      'ReadTags',
      'ReadWorkspaceTags',
      'PlanLeaver',
      'RehiredSinceThisEvent',
      'AnythingOfTheirs',
      'CutWorkspaceAccess',
      'NeedsAutoStop',
      'CanStop',
      'StopWorkspace',
      // The removal tags after the stop: they do not cut access.
      'ScheduleRemoval',
      'TagForRemoval',
      'AccessCut',
      'StopWhenStoppable',
      'StartStopChecks',
      'WaitToStop',
      'LookAgainToStop',
      'ReadTagsBeforeStopping',
      'PlanPendingStops',
      'StopNowStoppable',
      'StillWaitingToStop',
      'MergedIntoAnotherRemoval',
      'IsDryRun',
      'PublishAccessRevoked',
      'StartGracePeriod',
      'WaitUntilWarning',
      'RecheckWorkspaces',
      'RereadTags',
      'RereadWorkspaceTags',
      'RecheckWhat',
      'RecheckDirectoryUser',
      'DecideRemoval',
      'RemovalStillWanted',
      'AnythingToWarnAbout',
      'WarnPendingRemoval',
      'EndWarningPhase',
      'WaitUntilRemoval',
      'RecheckWorkspaces',
      'RereadTags',
      'RereadWorkspaceTags',
      'RecheckWhat',
      'RecheckDirectoryUser',
      'DecideRemoval',
      'RemovalStillWanted',
      'AnythingToTerminate',
      'TerminateWorkspaces',
      'ConfirmTermination',
      'WaitForTermination',
      'CheckWorkspacesGone',
      'AllGone',
      'KeepDirectoryUser',
      'DeleteDirectoryUser',
      'RemovalDone',
      'PublishWorkspaceRemoved',
    ]);
    const output = outcome.output as { schedule: { removeAt: string; warnAt: string } };
    const removeAt = Date.parse(output.schedule.removeAt);
    expect(removeAt - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(removeAt - Date.parse(output.schedule.warnAt)).toBe(24 * 3_600_000);
    expect(workspaces).toHaveReceivedCommandWith(CreateTagsCommand, {
      ResourceId: ours,
      Tags: [
        { Key: 'lifecycle-remove-after', Value: output.schedule.removeAt },
        { Key: 'lifecycle-removal-event-id', Value: 'evt-leave-1' },
        { Key: 'lifecycle-removal-ordered-at', Value: (outcome.output as { orderedAt: string }).orderedAt },
      ],
    });
    expect(workspaces).toHaveReceivedCommandWith(StopWorkspacesCommand, {
      StopWorkspaceRequests: [{ WorkspaceId: ours }],
    });
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    // Tags read before the cut and at each re-check; not at the stop confirmation, which found it STOPPED.
    expect(workspaces).toHaveReceivedCommandTimes(DescribeTagsCommand, 3);
    expect(dsData.calls(DisableUserCommand)).toHaveLength(1);
    expect(workspaces).toHaveReceivedCommandWith(TerminateWorkspacesCommand, {
      TerminateWorkspaceRequests: [{ WorkspaceId: ours }],
    });
    expect(dsData.calls(DeleteUserCommand)).toHaveLength(1);
    expect(estate.workspaces).toEqual([]);
    expect(estate.users.has('ada.lovelace')).toBe(false);
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
    expect(published()[1].detail).toMatchObject({
      version: '1',
      eventId: 'evt-leave-1',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      workspaceIds: [ours],
    });
    expect(snsSubjects()).toEqual(["workspaces-lifecycle: removal of ada.lovelace's WorkSpace soon"]);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('lifecycle-protect=true');
  });

  test('Example: examples/leaver.json is a console input that runs', async () => {
    const example = JSON.parse(readFileSync(join(__dirname, '../../examples/leaver.json'), 'utf8'));
    estate.workspaces = [];
    estate.users.set(example.userName, { enabled: true });
    const outcome = await run(example);
    expect(outcome.status).toBe('SUCCEEDED');
  });

  test('EventBridgeEnvelope: the same object inside an event detail is accepted', async () => {
    const outcome = await run({
      version: '0',
      id: 'x',
      'detail-type': 'Employee Left',
      source: 'hr',
      detail: leaver,
    });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
  });

  test('Immediate: termination for cause cuts access at once, ALWAYS_ON switched to AUTO_STOP before the stop', async () => {
    estate.requireWorkspace(ours).runningMode = 'ALWAYS_ON';
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const outcome = await run({ ...leaver, lastWorkingDay: future, immediate: true });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).not.toContain('WaitUntilLastDayEnds');
    const order = workspaces
      .calls()
      .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)
      .filter((n) => n === 'ModifyWorkspacePropertiesCommand' || n === 'StopWorkspacesCommand');
    expect(order).toEqual(['ModifyWorkspacePropertiesCommand', 'StopWorkspacesCommand']);
    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspacePropertiesCommand, {
      WorkspaceId: ours,
      WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 },
    });
  });

  test('Scheduled: a future last working day waits until the end of that day (midnight UTC)', async () => {
    const lastDay = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const outcome = await run({ ...leaver, lastWorkingDay: lastDay });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(0, 5)).toEqual([
      'ValidateLeaver',
      'CutAccessLater',
      'WaitUntilLastDayEnds',
      'WhoseRemoval',
      'RegisterLeaver',
    ]);
    const { schedule } = outcome.output as { schedule: { cutAt: string; removeAt: string } };
    expect(schedule.cutAt).toBe(new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString());
    expect(Date.parse(schedule.removeAt) - Date.parse(schedule.cutAt)).toBe(7 * 86_400_000);
  });

  test('RehiredDuringGracePeriod: the removal is cancelled, nothing terminated or deleted', async () => {
    estate.duringGracePeriod = (e) => {
      // What the rehire flow does: removal tags off, WorkSpace started, user enabled.
      const ws = e.requireWorkspace(ours);
      delete ws.tags['lifecycle-remove-after'];
      delete ws.tags['lifecycle-removal-event-id'];
      ws.state = 'AVAILABLE';
      e.requireUser('ada.lovelace').enabled = true;
    };
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(-3)).toEqual([
      'RemovalStillWanted',
      'CancelRemoval',
      'PublishRemovalCancelled',
    ]);
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(dsData.calls(DeleteUserCommand)).toEqual([]);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(detailTypes()).toEqual(['Access Revoked', 'Removal Cancelled']);
    expect(published()[1].detail.reasons).toEqual([
      `${ours}: its removal tag was taken off`,
      'the directory user was enabled again',
    ]);
  });

  test('RehiredBeforeLastDay: a rehire registered after this leaver event voids it before anything is cut or read', async () => {
    const rehiredAt = new Date(Date.now() + 60_000).toISOString();
    const { tags } = estate.requireWorkspace(ours);
    tags['lifecycle-rehired-at'] = rehiredAt;
    tags['lifecycle-rehire-event-id'] = 'evt-stay-1';
    registerEntry(register, 'E1001', 'rehire', rehiredAt, rehireArn('evt-stay-1'));
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateLeaver',
      'CutAccessLater',
      'WhoseRemoval',
      'RegisterLeaver',
      'NewerEventStands',
      'SupersededBeforeCut',
      'CancelRemoval',
      'PublishRemovalCancelled',
    ]);
    expect(dsData.calls(DisableUserCommand)).toEqual([]);
    // Not one WorkSpaces call: the register answered.
    expect(workspaces.calls()).toHaveLength(0);
    expect(published()[0].detail.reasons?.[0]).toContain(`a newer rehire (ordered ${rehiredAt})`);
    expect(published()[0].detail.reasons?.[0]).toContain('evt-stay-1');
  });

  test('RehireTaggedButNotRegistered: a rehire from before the register still cancels the removal, after the cut', async () => {
    const { tags } = estate.requireWorkspace(ours);
    tags['lifecycle-rehired-at'] = new Date(Date.now() + 60_000).toISOString();
    tags['lifecycle-rehire-event-id'] = 'evt-stay-1';
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(-3)).toEqual([
      'RehiredSinceThisEvent',
      'CancelRemoval',
      'PublishRemovalCancelled',
    ]);
    // The user was disabled before the tags were read (README: upgrading); the WorkSpace is untouched.
    expect(dsData.calls(DisableUserCommand)).toHaveLength(1);
    expectNoWorkspaceChange();
    expect(published()[0].detail.reasons?.[0]).toContain('evt-stay-1');
  });

  test('ProtectedDuringGracePeriod: an operator tag stops the removal and says so', async () => {
    estate.duringGracePeriod = (e) => {
      e.requireWorkspace(ours).tags['lifecycle-protect'] = 'true';
    };
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(dsData.calls(DeleteUserCommand)).toEqual([]);
    expect(estate.workspace(ours)?.state).toBe('STOPPED');
    expect(outcome.output).toMatchObject({
      decision: { proceed: false, reasons: [`${ours}: protected by an operator (lifecycle-protect=true)`] },
    });
    expect(detailTypes()).toEqual(['Access Revoked', 'Removal Cancelled']);
  });

  test('JoinerStillRunning: the joiner for this employee is stopped, its PENDING WorkSpace stopped once it can be and removed later', async () => {
    estate.requireWorkspace(ours).state = 'PENDING';
    // Provisioning ends while the leaver waits to stop it.
    estate.onLook = (e, look) => {
      if (look === 3) e.requireWorkspace(ours).state = 'AVAILABLE';
    };
    const sameArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-1';
    registerEntry(register, 'E1001', 'joiner', '2020-01-01T00:00:00.000Z', sameArn);
    sfn.on(DescribeExecutionCommand, { executionArn: sameArn }).resolves({
      executionArn: sameArn,
      status: 'RUNNING',
      // As the dispatcher starts it: an EventBridge event carrying the joiner.
      input: JSON.stringify({
        'detail-type': 'Employee Joined',
        detail: { eventId: 'evt-join-1', employeeId: 'E1001' },
      }),
    });
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    // Found through the register: nothing lists everyone's executions.
    expect(sfn).not.toHaveReceivedCommand(ListExecutionsCommand);
    expect(sfn).toHaveReceivedCommandTimes(StopExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn: sameArn,
      error: 'EmployeeLeft',
    });
    // Stopped before the directory user is disabled: a joiner's password reset would enable it again.
    const stopAt = outcome.path.indexOf('StopOlderExecutions');
    expect(stopAt).toBeLessThan(outcome.path.indexOf('DisableDirectoryUser'));
    // Not stoppable while PENDING; stopped at the first look that finds it AVAILABLE, before the grace period.
    expect(workspaces).toHaveReceivedCommandTimes(StopWorkspacesCommand, 1);
    expect(outcome.path.filter((s) => s === 'LookAgainToStop')).toHaveLength(3);
    expect(outcome.path.indexOf('StopOnceStoppable')).toBeLessThan(
      outcome.path.indexOf('PublishAccessRevoked'),
    );
    expect(outcome.output).toMatchObject({
      stoppedJoiners: [{ executionArn: sameArn, stopped: true }],
      plan: {
        workspaces: [{ workspaceId: ours, stop: false, stopNote: expect.stringContaining('PENDING') }],
      },
    });
    expect(workspaces).toHaveReceivedCommandWith(TerminateWorkspacesCommand, {
      TerminateWorkspaceRequests: [{ WorkspaceId: ours }],
    });
  });

  test('OlderRehireStillRunning: stopped before the access cut, so it cannot restore the WorkSpace or start a joiner', async () => {
    const olderRehire = rehireArn('evt-rehire-1');
    const finishedJoiner = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-0';
    registerEntry(register, 'E1001', 'joiner', '2019-06-01T00:00:00.000Z', finishedJoiner);
    registerEntry(register, 'E1001', 'rehire', '2020-01-01T00:00:00.000Z', olderRehire);
    sfn.on(DescribeExecutionCommand, { executionArn: olderRehire }).resolves({
      status: 'RUNNING',
      input: JSON.stringify({
        eventId: 'evt-rehire-1',
        employeeId: 'E1001',
        occurredAt: '2020-01-01T00:00:00Z',
      }),
    });
    sfn.on(DescribeExecutionCommand, { executionArn: finishedJoiner }).resolves({
      status: 'SUCCEEDED',
      input: JSON.stringify({ eventId: 'evt-join-0', employeeId: 'E1001' }),
    });
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([
      olderRehire,
    ]);
    expect(outcome.path.indexOf('StopJoinerExecution')).toBeLessThan(
      outcome.path.indexOf('DisableDirectoryUser'),
    );
  });

  test('NewerJoinerRegistered: a joiner ordered after this leaver stands; nothing is cut and the removal is cancelled', async () => {
    const newerJoiner = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-9';
    registerEntry(register, 'E1001', 'joiner', '2099-01-01T00:00:00.000Z', newerJoiner);
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(-3)).toEqual([
      'SupersededBeforeCut',
      'CancelRemoval',
      'PublishRemovalCancelled',
    ]);
    expect(dsData.calls(DisableUserCommand)).toEqual([]);
    expect(sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(detailTypes()).toEqual(['Removal Cancelled']);
    expect(published()[0].detail.reasons).toEqual([
      `a newer joiner (ordered 2099-01-01T00:00:00.000Z) stands: ${newerJoiner}`,
    ]);
    // The leaver is in the register too, for the flows that come after it.
    expect(register.get('E1001')?.leaver).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z arn:aws:states:.*:execution:leaver:evt-leave-1$/),
    ]);
  });

  test('NothingToRemove: no WorkSpace, the user is still disabled, and the flow ends at once with one outcome', async () => {
    estate.workspaces = [];
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).not.toContain('WaitUntilWarning');
    expect(outcome.path).not.toContain('TerminateWorkspaces');
    expectNoWorkspaceChange();
    expect(dsData.calls(DisableUserCommand)).toHaveLength(1);
    // Kept disabled, not deleted: there is no grace period to wait for, and a rehire can use it again.
    expect(dsData.calls(DeleteUserCommand)).toEqual([]);
    expect(published().map((p) => p.type)).toEqual(['Nothing To Remove']);
  });

  test('OtherEmployeesWorkspace: a WorkSpace tagged for someone else, or untagged, is skipped and keeps the user', async () => {
    estate.workspaces.push(
      {
        workspaceId: 'ws-other0001',
        userName: 'ada.lovelace',
        state: 'AVAILABLE',
        runningMode: 'AUTO_STOP',
        tags: { 'employee-id': 'E2002' },
      },
      {
        workspaceId: 'ws-hand00001',
        userName: 'ada.lovelace',
        state: 'AVAILABLE',
        runningMode: 'AUTO_STOP',
        tags: {},
      },
    );
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({
      plan: {
        workspaceIds: [ours],
        skipped: [
          { workspaceId: 'ws-other0001', reason: 'employee-id is E2002, not E1001' },
          { workspaceId: 'ws-hand00001', reason: "no employee-id tag: not known to be this employee's" },
        ],
        keepUser: true,
      },
    });
    for (const id of ['ws-other0001', 'ws-hand00001']) {
      for (const command of mutatingWorkspacesCommands) {
        const touched = workspaces
          .commandCalls(command)
          .filter((c) => JSON.stringify(c.args[0].input).includes(id));
        expect({ id, command: command.name, touched: touched.length }).toEqual({
          id,
          command: command.name,
          touched: 0,
        });
      }
    }
    expect(estate.workspace('ws-other0001')?.state).toBe('AVAILABLE');
    expect(workspaces).toHaveReceivedCommandWith(TerminateWorkspacesCommand, {
      TerminateWorkspaceRequests: [{ WorkspaceId: ours }],
    });
    expect(dsData.calls(DeleteUserCommand)).toEqual([]);
  });

  test('NewWorkspaceDuringGracePeriod: a WorkSpace that appears for the user cancels the removal', async () => {
    estate.duringGracePeriod = (e) => {
      e.workspaces.push({
        workspaceId: 'ws-new000001',
        userName: 'ada.lovelace',
        state: 'PENDING',
        runningMode: 'AUTO_STOP',
        tags: { 'employee-id': 'E1001' },
      });
    };
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(detailTypes()).toEqual(['Access Revoked', 'Removal Cancelled']);
  });

  test('TerminateFailsThenSucceeds: a throttled or failed-over TerminateWorkspaces is tried again at the next round', async () => {
    workspaces
      .on(TerminateWorkspacesCommand)
      .rejectsOnce(serviceError('ThrottlingException', 400, 'Rate exceeded'))
      .rejectsOnce(serviceError('ServiceUnavailable', 503, 'Service unavailable'))
      .callsFake(() => {
        estate.workspaces = estate.workspaces.filter((w) => w.workspaceId !== ours);
        return { FailedRequests: [] };
      });
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(TerminateWorkspacesCommand, 3);
    // The provisioner keeps the termination queued through both failures: no state retried.
    expect(outcome.retries).toBe(0);
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
  });

  test('AlreadyGone: a WorkSpace terminated by someone else during the grace period is success', async () => {
    estate.duringGracePeriod = (e) => {
      e.workspaces = [];
    };
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(outcome.output).toMatchObject({
      decision: { proceed: true, alreadyGoneIds: [ours], toTerminate: [] },
    });
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
  });

  test('TerminateFindsItGone: ResourceNotFound from TerminateWorkspaces counts as terminated', async () => {
    workspaces.on(TerminateWorkspacesCommand).callsFake(() => {
      estate.workspaces = [];
      return {
        FailedRequests: [
          { WorkspaceId: ours, ErrorCode: 'ResourceNotFound.WorkSpace', ErrorMessage: 'gone' },
        ],
      };
    });
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ termination: { alreadyGoneIds: [ours] } });
  });

  test('UserAlreadyDisabled: disabling a disabled user, and a user already deleted, is success', async () => {
    estate.requireUser('ada.lovelace').enabled = false;
    const first = await run(leaver);
    expect(first.status).toBe('SUCCEEDED');
    expect(first.output).toMatchObject({ user: { disabled: true, found: true } });

    estate.workspaces = [];
    const second = await run({ ...leaver, eventId: 'evt-leave-2' }, 'evt-leave-2');
    expect(second.status).toBe('SUCCEEDED');
    expect(second.output).toMatchObject({ user: { disabled: false, found: false } });
    expect(second.path.at(-1)).toBe('PublishNothingToRemove');
  });

  test('RepeatedEvent: running the same leaver event again after it finished succeeds and changes nothing more', async () => {
    expect((await run(leaver)).status).toBe('SUCCEEDED');
    workspaces.resetHistory();
    const again = await run(leaver, 'evt-leave-1-again');
    expect(again.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
  });

  test('StopRefused: a WorkSpace that stays AVAILABLE stop after stop fails the flow, alerts and publishes Offboarding Failed', async () => {
    workspaces.on(StopWorkspacesCommand).resolves({
      FailedRequests: [
        { WorkspaceId: ours, ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'busy' },
      ],
    });
    const outcome = await run(leaver);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceNotStoppedError' });
    // Once when access is cut, then at each look until it gives up.
    expect(workspaces).toHaveReceivedCommandTimes(StopWorkspacesCommand, 1 + 5);
    expect(outcome.path.slice(-4)).toEqual([
      'WorkspaceNotStopped',
      'PublishOffboardingFailed',
      'AlertOperators',
      'OffboardingFailed',
    ]);
    expect(detailTypes()).toEqual(['Offboarding Failed']);
    expect(published()[0].detail).toMatchObject({
      eventId: 'evt-leave-1',
      error: 'WorkspaceNotStoppedError',
    });
    const alert = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(alert.Subject).toBe('workspaces-lifecycle: leaver failed for ada.lovelace');
    expect(alert.Message).toContain('did not stop');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
  });

  test('StoppedByAnotherLeaverMeanwhile: a refused stop of a WorkSpace already stopping is success', async () => {
    workspaces.on(StopWorkspacesCommand).callsFake(() => {
      estate.requireWorkspace(ours).state = 'STOPPING';
      return {
        FailedRequests: [
          { WorkspaceId: ours, ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'STOPPING' },
        ],
      };
    });
    const outcome = await run(leaver);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(StopWorkspacesCommand, 1);
    expect(detailTypes()).toEqual(['Access Revoked', 'WorkSpace Removed']);
  });

  test('InvalidInput: bad fields end the execution at once with the fields named, and alert', async () => {
    const outcome = await run({ ...leaver, lastWorkingDay: 'soon', userName: '.bad' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(outcome.cause).toContain('lastWorkingDay');
    expect(outcome.cause).toContain('userName');
    expect(outcome.path).toEqual([
      'ValidateLeaver',
      'PublishOffboardingFailed',
      'AlertOperators',
      'OffboardingFailed',
    ]);
    expect(published()[0]).toMatchObject({ type: 'Offboarding Failed', detail: { eventId: 'evt-leave-1' } });
  });

  test('DryRun: every read is made and every change reported, none made', async () => {
    const previous = process.env[Env.LeaverSettings];
    process.env[Env.LeaverSettings] = JSON.stringify({
      gracePeriodDays: 7,
      warningLeadHours: 24,
      dryRun: true,
    });
    try {
      await jest.isolateModulesAsync(async () => {
        // The functions read the setting at load: load fresh copies, with mocks of their own clients.
        const ws = await import('@aws-sdk/client-workspaces');
        const dir = await import('@aws-sdk/client-directory-service');
        const dsd = await import('../../functions/commons/directory-service-data');
        // The test's own aws-sdk-client-mock stubs the fresh client classes, so its matchers apply.
        const sfnModule = await import('@aws-sdk/client-sfn');
        const { StopExecutionCommand: Stop, DescribeExecutionCommand: Describe } = sfnModule;
        const dynamodb = await import('@aws-sdk/client-dynamodb');
        // The test's own aws-sdk-client-mock, over the fresh modules, so its matchers apply.
        const queue = mockProvisioning({ dynamodb, sfn: sfnModule });
        queue.reset();
        const { dynamo: dynamoMock, sfn: sfnMock, register: dryRegister } = queue;
        const { EventBridgeClient: Bus, PutEventsCommand: Put } = await import('@aws-sdk/client-eventbridge');
        const { SNSClient: Sns, PublishCommand: Publish } = await import('@aws-sdk/client-sns');
        const wsMock = mockClient(ws.WorkSpacesClient);
        const dsDataMock = mockDirectoryData(dsd.DirectoryServiceDataClient);
        const dsMock = mockClient(dir.DirectoryServiceClient);
        const busMock = mockClient(Bus);
        const snsMock = mockClient(Sns);
        const dry = new FakeEstate();
        dry.workspaces = structuredClone(estate.workspaces);
        dry.requireWorkspace(ours).runningMode = 'ALWAYS_ON';
        dry.users = new Map(estate.users);
        dry.install(
          { workspaces: wsMock, dsData: dsDataMock, ds: dsMock },
          { workspaces: ws, dsData: dsd, ds: dir },
        );
        const joiner = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-join-9';
        registerEntry(dryRegister, 'E1001', 'joiner', '2020-01-01T00:00:00.000Z', joiner);
        sfnMock.on(Describe).resolves({ status: 'RUNNING', input: JSON.stringify({ employeeId: 'E1001' }) });
        const { runExecution: runIsolated } = await import('../../sandbox/run-execution');
        const { loadTaskHandlers: loadIsolated } = await import('../../sandbox/task-handlers');
        const { provisionRound } = await import('../../functions/provisioner');
        const outcome = await queue.roundsUntil(
          runIsolated('leaver', leaver, {
            handlers: await loadIsolated(),
            executionArn: 'arn:aws:states:us-east-1:123456789012:execution:leaver:dry',
            executionName: 'dry',
            instant: true,
            taskTokens: queue.tokens,
          }),
          provisionRound,
        );
        expect(outcome.status).toBe('SUCCEEDED');
        expect(outcome.path.at(-1)).toBe('DryRunComplete');
        expect(outcome.path).not.toContain('WaitUntilWarning');
        for (const command of mutatingCommandsOf(ws)) expect(wsMock).not.toHaveReceivedCommand(command);
        expect(dsDataMock.calls(dsd.DisableUserCommand)).toEqual([]);
        expect(dsDataMock.calls(dsd.DeleteUserCommand)).toEqual([]);
        expect(sfnMock).not.toHaveReceivedCommand(Stop);
        // The register is read, not written.
        expect(dynamoMock).not.toHaveReceivedCommand(dynamodb.UpdateItemCommand);
        expect(dynamoMock).toHaveReceivedCommand(dynamodb.GetItemCommand);
        expect(dryRegister.get('E1001')?.leaver).toBeUndefined();
        expect(busMock).not.toHaveReceivedCommand(Put);
        expect(snsMock).not.toHaveReceivedCommand(Publish);
        // The reads were made.
        expect(wsMock).toHaveReceivedCommand(ws.DescribeWorkspacesCommand);
        expect(wsMock).toHaveReceivedCommand(ws.DescribeTagsCommand);
        expect(sfnMock).toHaveReceivedCommand(Describe);
        expect(outcome.output).toMatchObject({
          dryRun: true,
          stoppedJoiners: [
            { executionArn: joiner, dryRun: true, change: `would stop joiner execution ${joiner}` },
          ],
          user: { dryRun: true, change: 'would disable directory user ada.lovelace' },
          cut: [
            {
              tagged: {
                dryRun: true,
                change: expect.stringMatching(/^would tag ws-abcdef123 with lifecycle-remove-after=/),
              },
              autoStop: { dryRun: true, change: 'would switch ws-abcdef123 to AUTO_STOP' },
              stopped: { dryRun: true, change: 'would stop ws-abcdef123' },
            },
          ],
          decision: { proceed: true, toTerminate: [ours] },
          termination: { dryRun: true, change: 'would terminate ws-abcdef123' },
          userDeletion: { dryRun: true, change: 'would delete directory user ada.lovelace' },
        });
        expect(dry.workspace(ours)?.state).toBe('AVAILABLE');
      });
    } finally {
      process.env[Env.LeaverSettings] = previous;
    }
  });
});
