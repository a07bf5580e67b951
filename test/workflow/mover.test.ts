import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  DescribeTagsCommand,
  MigrateWorkspaceCommand,
  ModifyWorkspacePropertiesCommand,
} from '@aws-sdk/client-workspaces';
import { UpdateUserCommand } from '../../functions/commons/directory-service-data';
import type { FakeEstate } from '../helpers/fake-estate';
import { hoursAgo, moverEstate, moverEvent, moverWorkspaceId as ours } from '../helpers/mover';
import { mockEstateClients, publishedEvents, runInstant as run } from '../helpers/workflow';
import { serviceError } from '../unit/support';

const { workspaces, dsData, ses, events, sns, sfn, reset } = mockEstateClients();

let estate: FakeEstate;
beforeEach(() => {
  estate = moverEstate();
  reset(estate);
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:leaver', startDate: new Date() });
  sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
});

/** A date `days` from today, as HR sends a contract end. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const endOfContract = inDays(90);
const movedEnd = inDays(120);

const modifyCalls = () =>
  workspaces.commandCalls(ModifyWorkspacePropertiesCommand).map((c) => c.args[0].input.WorkspaceProperties);
const detailTypes = () => publishedEvents(events).map((e) => e.type);
const lastDetail = () => publishedEvents(events).at(-1)?.detail;
/** The "WorkSpace Changed" published before the deferred calls: what waits, until when. */
const firstDetail = () => publishedEvents(events)[0]?.detail;
const emailSubjects = () =>
  ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Content?.Simple?.Subject?.Data);

describe('mover workflow', () => {
  test('UpgradeNow: running mode, compute type and each volume in their own calls, tags follow, employee told before and after', async () => {
    const outcome = await run('mover', moverEvent({ department: 'Engineering' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(modifyCalls()).toEqual([
      { RunningMode: 'ALWAYS_ON' },
      { ComputeTypeName: 'POWER' },
      { RootVolumeSizeGib: 175 },
      { UserVolumeSizeGib: 100 },
    ]);
    expect(outcome.path).not.toContain('WaitUntilAllowed');
    const ws = estate.requireWorkspace(ours);
    expect(ws.runningMode).toBe('ALWAYS_ON');
    expect(ws.properties).toMatchObject({
      ComputeTypeName: 'POWER',
      RootVolumeSizeGib: 175,
      UserVolumeSizeGib: 100,
    });
    expect(ws.tags).toMatchObject({
      'employee-id': 'E1001',
      'workspace-profile': 'power',
      department: 'Engineering',
      'lifecycle-changed-at': expect.any(String),
      'lifecycle-change-event-id': 'evt-move-1',
      'lifecycle-compute-up-at': expect.any(String),
      'lifecycle-root-volume-at': expect.any(String),
      'lifecycle-user-volume-at': expect.any(String),
    });
    expect(emailSubjects()).toEqual([
      'Your WorkSpace will restart for your new role',
      'Your WorkSpace is ready after your change of role',
    ]);
    expect(ses.commandCalls(SendEmailCommand)[0].args[0].input.Destination?.ToAddresses).toEqual([
      'ada@example.com',
    ]);
    expect(detailTypes()).toEqual(['WorkSpace Changed']);
    expect(lastDetail()).toMatchObject({
      eventId: 'evt-move-1',
      workspaceId: ours,
      changes: expect.arrayContaining([
        'compute type STANDARD -> POWER (larger)',
        'profile standard -> power',
      ]),
    });
    expect(lastDetail().deferred).toBeUndefined();
  });

  test('VolumeAndCompute_NeverInOneCall_NorBothVolumes', async () => {
    await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    for (const properties of modifyCalls()) {
      const kinds = ['ComputeTypeName', 'RootVolumeSizeGib', 'UserVolumeSizeGib'].filter(
        (k) => k in (properties ?? {}),
      );
      expect(kinds.length).toBeLessThanOrEqual(1);
    }
    expect(modifyCalls()).toHaveLength(4);
  });

  test('DowngradeInside30Days_Deferred: the running mode now, the smaller compute type 30 days after the last, volumes never shrink', async () => {
    const ws = estate.requireWorkspace(ours);
    const lastDown = hoursAgo(24 * 10);
    Object.assign(ws, {
      runningMode: 'ALWAYS_ON',
      tags: { ...ws.tags, 'lifecycle-compute-down-at': lastDown },
    });
    ws.properties = {
      ...ws.properties,
      ComputeTypeName: 'POWER',
      RootVolumeSizeGib: 175,
      UserVolumeSizeGib: 100,
    };

    const outcome = await run('mover', moverEvent({ department: 'Call Centre' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    const until = new Date(Date.parse(lastDown) + 30 * 86_400_000).toISOString();
    expect(outcome.path.filter((s) => s === 'WaitUntilAllowed')).toHaveLength(1);
    expect(modifyCalls()).toEqual([
      { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 },
      { ComputeTypeName: 'VALUE' },
    ]);
    expect(detailTypes()).toEqual(['WorkSpace Changed', 'WorkSpace Changed']);
    expect(lastDetail().deferred).toBeUndefined();
    expect(firstDetail()).toMatchObject({
      deferred: [{ change: 'compute type POWER -> VALUE (smaller)', until }],
      notApplied: [
        'root volume stays 175 GiB: volumes only grow (the profile has 80 GiB)',
        'user volume stays 100 GiB: volumes only grow (the profile has 10 GiB)',
      ],
    });
  });

  test('NewWorkspaceInside6Hours_Deferred: compute and volumes wait for the sixth hour, the running mode does not', async () => {
    const created = hoursAgo(1);
    estate.requireWorkspace(ours).tags['lifecycle-created-at'] = created;

    const outcome = await run('mover', moverEvent({ department: 'Engineering' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    const sixthHour = new Date(Date.parse(created) + 6 * 3_600_000).toISOString();
    expect(firstDetail().deferred).toEqual([
      { change: 'compute type STANDARD -> POWER (larger)', until: sixthHour },
      { change: 'root volume 80 -> 175 GiB', until: sixthHour },
      { change: 'user volume 50 -> 100 GiB', until: sixthHour },
    ]);
    expect(outcome.path.filter((s) => s === 'WaitUntilAllowed')).toHaveLength(3);
    expect(modifyCalls()[0]).toEqual({ RunningMode: 'ALWAYS_ON' });
  });

  test('UpgradeWithin6HoursOfTheLast_Deferred', async () => {
    const lastUp = hoursAgo(2);
    estate.requireWorkspace(ours).tags['lifecycle-compute-up-at'] = lastUp;

    await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(firstDetail().deferred).toContainEqual({
      change: 'compute type STANDARD -> POWER (larger)',
      until: new Date(Date.parse(lastUp) + 6 * 3_600_000).toISOString(),
    });
  });

  test('WorkspaceRebooting_ChangeTriedAgainUntilAvailable', async () => {
    estate.requireWorkspace(ours).state = 'REBOOTING';
    let tries = 0;
    workspaces.on(ModifyWorkspacePropertiesCommand).callsFake(() => {
      tries += 1;
      if (tries < 3) throw serviceError('InvalidResourceStateException', 400, 'The WorkSpace is REBOOTING');
      return {};
    });

    const outcome = await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(tries).toBe(6);
  });

  test('GraphicsChangeRefused: Change Failed with the reason, operators alerted, the WorkSpace untouched', async () => {
    estate.requireWorkspace(ours).properties = {
      ...estate.requireWorkspace(ours).properties,
      ComputeTypeName: 'GRAPHICS',
    };

    const outcome = await run('mover', moverEvent({ department: 'Engineering' }), 'evt-move-1');

    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('GraphicsChangeNotAllowed');
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(detailTypes()).toEqual(['Change Failed']);
    expect(lastDetail()).toMatchObject({ error: 'GraphicsChangeNotAllowed' });
    const alert = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(alert.Subject).toBe('workspaces-lifecycle: mover failed for ada.lovelace');
    expect(alert.Message).toContain('GRAPHICS_G4DN and GRAPHICSPRO_G4DN');
  });

  test('MigrationRefusedByConfiguration: another operating system is reported, not migrated', async () => {
    estate.requireWorkspace(ours).properties = {
      ...estate.requireWorkspace(ours).properties,
      OperatingSystemName: 'WINDOWS_10',
    };

    const outcome = await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('MigrationNotAllowed');
    expect(workspaces).not.toHaveReceivedCommand(MigrateWorkspaceCommand);
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain(
      'automation.mover.allowMigration',
    );
  });

  test('NameChange_ReachesTheDirectory: only the changed attributes, the WorkSpace untouched', async () => {
    const outcome = await run(
      'mover',
      moverEvent({ familyName: 'King', email: 'ada.king@example.com' }),
      'evt-move-1',
    );

    expect(outcome.status).toBe('SUCCEEDED');
    expect(dsData.calls(UpdateUserCommand)).toEqual([
      expect.objectContaining({
        SAMAccountName: 'ada.lovelace',
        Surname: 'King',
        EmailAddress: 'ada.king@example.com',
        UpdateType: 'REPLACE',
      }),
    ]);
    expect(dsData.calls(UpdateUserCommand)[0].GivenName).toBeUndefined();
    expect(estate.requireUser('ada.lovelace')).toMatchObject({ givenName: 'Ada', surname: 'King' });
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(detailTypes()).toEqual(['WorkSpace Changed']);
  });

  test('ContractEndSet_SchedulesTheLeaverForThatDay', async () => {
    const outcome = await run('mover', moverEvent({ contractEndDate: endOfContract }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    const start = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start).toMatchObject({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:leaver',
      name: 'contract-end-evt-move-1',
    });
    expect(JSON.parse(start.input ?? '{}')).toMatchObject({
      eventId: 'contract-end-evt-move-1',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      lastWorkingDay: endOfContract,
      immediate: false,
    });
    expect(sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(estate.requireWorkspace(ours).tags).toMatchObject({
      'lifecycle-contract-end': endOfContract,
      'lifecycle-contract-leaver': 'contract-end-evt-move-1',
    });
  });

  test('ContractEndMoved_StopsTheScheduledLeaverAndStartsOneForTheNewDay', async () => {
    await run('mover', moverEvent({ contractEndDate: endOfContract }), 'evt-move-1');
    const outcome = await run('mover', moverEvent({ contractEndDate: movedEnd }, 'evt-move-2'), 'evt-move-2');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([
      'arn:aws:states:us-east-1:123456789012:execution:leaver:contract-end-evt-move-1',
    ]);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name)).toEqual([
      'contract-end-evt-move-1',
      'contract-end-evt-move-2',
    ]);
    expect(estate.requireWorkspace(ours).tags['lifecycle-contract-end']).toBe(movedEnd);
  });

  test('ContractEndCleared_CancelsTheScheduledLeaver', async () => {
    await run('mover', moverEvent({ contractEndDate: endOfContract }), 'evt-move-1');
    const outcome = await run('mover', moverEvent({ contractEndDate: null }, 'evt-move-2'), 'evt-move-2');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(sfn).toHaveReceivedCommandTimes(StopExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(estate.requireWorkspace(ours).tags['lifecycle-contract-leaver']).toBe('none');
  });

  test('ContractEndSameAgain_StartsNothingNew', async () => {
    await run('mover', moverEvent({ contractEndDate: endOfContract }), 'evt-move-1');
    await run('mover', moverEvent({ contractEndDate: endOfContract }, 'evt-move-2'), 'evt-move-2');

    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).not.toHaveReceivedCommand(StopExecutionCommand);
  });

  test('DuringPendingLeaver: the WorkSpace awaiting removal is not changed, and the contract is left alone', async () => {
    Object.assign(estate.requireWorkspace(ours), { state: 'STOPPED' });
    Object.assign(estate.requireWorkspace(ours).tags, {
      'lifecycle-remove-after': '2030-01-01T00:00:00.000Z',
      'lifecycle-removal-event-id': 'evt-leave-1',
    });

    const outcome = await run(
      'mover',
      moverEvent({ department: 'Engineering', contractEndDate: endOfContract }),
      'evt-move-1',
    );

    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(lastDetail()).toMatchObject({ reasons: [expect.stringContaining('leaver evt-leave-1 removes')] });
  });

  test('BeforeTheJoinerFinished: looks again every 10 minutes until the WorkSpace is there, then changes it', async () => {
    const ws = estate.requireWorkspace(ours);
    estate.workspaces = [];
    estate.onLook = (e, look) => {
      if (look === 2) e.workspaces.push({ ...ws, state: 'PENDING' });
      if (look === 3) e.requireWorkspace(ours).state = 'AVAILABLE';
    };

    const outcome = await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.filter((s) => s === 'WaitForWorkspace')).toHaveLength(2);
    expect(modifyCalls()).toHaveLength(4);
  });

  test('NoWorkspaceEver: after 18 looks, Change Failed and an alert', async () => {
    estate.workspaces = [];

    const outcome = await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(outcome.status).toBe('FAILED');
    expect(outcome.path.filter((s) => s === 'WaitForWorkspace')).toHaveLength(18);
    expect(detailTypes()).toEqual(['Change Failed']);
    expect(lastDetail()).toMatchObject({ error: 'NoWorkspaceToChange' });
  });

  test('OlderChangeArrivingLate_GivesWay: a newer change is in charge of the WorkSpace', async () => {
    Object.assign(estate.requireWorkspace(ours).tags, {
      'lifecycle-changed-at': '2030-01-02T00:00:00.000Z',
      'lifecycle-change-event-id': 'evt-move-9',
    });

    const outcome = await run(
      'mover',
      moverEvent({ profile: 'power', occurredAt: '2030-01-01T00:00:00Z' }),
      'evt-move-1',
    );

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.at(-1)).toBe('SupersededByNewerChange');
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(detailTypes()).toEqual([]);
  });

  test('DeferredChangeSuperseded: a newer change arriving during the wait takes over; the deferred call is not made', async () => {
    estate.requireWorkspace(ours).tags['lifecycle-created-at'] = hoursAgo(1);
    let reads = 0;
    workspaces.on(DescribeTagsCommand).callsFake(() => {
      reads += 1;
      const tags = { ...estate.requireWorkspace(ours).tags };
      // From the first re-read after a wait, a newer change has tagged the WorkSpace.
      if (reads > 1)
        Object.assign(tags, {
          'lifecycle-changed-at': '2099-01-01T00:00:00.000Z',
          'lifecycle-change-event-id': 'evt-move-2',
        });
      return { TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    });

    const outcome = await run('mover', moverEvent({ department: 'Engineering' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.filter((s) => s === 'StepSuperseded')).toHaveLength(1);
    expect(outcome.path.at(-1)).toBe('SupersededByNewerChange');
    expect(modifyCalls()).toEqual([{ RunningMode: 'ALWAYS_ON' }]);
    // The newer change sets the profile's tags: this one does not, and publishes only what it did before the wait.
    expect(estate.requireWorkspace(ours).tags['workspace-profile']).toBe('standard');
    expect(detailTypes()).toEqual(['WorkSpace Changed']);
  });

  test('EffectiveDateLater_WaitsForIt', async () => {
    const outcome = await run(
      'mover',
      moverEvent({ profile: 'power', effectiveDate: '2099-01-01' }),
      'evt-move-1',
    );

    expect(outcome.path.slice(0, 3)).toEqual(['ValidateMover', 'EffectiveLater', 'WaitUntilEffective']);
    expect(outcome.status).toBe('SUCCEEDED');
  });
});
