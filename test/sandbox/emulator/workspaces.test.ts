import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  ModifyWorkspacePropertiesCommand,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceProperties,
} from '@aws-sdk/client-workspaces';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, dsData, ManualClock, rejection } from './helpers';

const MANAGED = 'd-1111111111';
const EXISTING = 'd-2222222222';
const BUNDLE = 'wsb-abcdefgh1';
const people = Array.from({ length: 40 }, (_, i) => `person${String(i).padStart(2, '0')}`);

describe('WorkSpaces emulator', () => {
  const clock = new ManualClock();
  /**
   * Moves the clock `stepSeconds` at a time until `done` holds and returns the simulated seconds
   * it took; gives up after a simulated day, so a state that never changes fails the test.
   */
  function advanceUntil(done: () => boolean, stepSeconds: number): number {
    let seconds = 0;
    while (!done()) {
      if (seconds >= 86_400) throw new Error('no change after a simulated day');
      clock.advance(stepSeconds);
      seconds += stepSeconds;
    }
    return seconds;
  }
  let emulator: Emulator;
  let client: WorkSpacesClient;
  let nextPerson = 0;
  const person = () => people[nextPerson++];

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      seed: 7,
      directories: [
        { directoryId: MANAGED, registrationCode: 'SLiad+ABCDEF', mode: 'managed-ad' },
        { directoryId: EXISTING, registrationCode: 'SLiad+GHIJKL', mode: 'existing', users: people },
      ],
      bundles: [BUNDLE],
      faults: { rateLimit: { enabled: false } },
    });
    client = new WorkSpacesClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  afterEach(() =>
    emulator.setFaults({ rateLimit: { enabled: false }, throttleRate: 0, errorShare: 0, quota: 100 }),
  );

  async function create(userName: string, properties?: WorkspaceProperties): Promise<string> {
    const out = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: EXISTING, UserName: userName, BundleId: BUNDLE, WorkspaceProperties: properties },
        ],
      }),
    );
    expect(out.FailedRequests).toEqual([]);
    return out.PendingRequests?.[0]?.WorkspaceId ?? '';
  }
  async function stateOf(workspaceId: string): Promise<string | undefined> {
    const out = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }));
    return out.Workspaces?.[0]?.State;
  }
  /** Simulated seconds until the WorkSpace leaves `from`, stepping 10 s at a time (state view, no API calls). */
  function secondsUntilNot(workspaceId: string, from: string): number {
    return advanceUntil(
      () => emulator.state.workspaces.find((w) => w.WorkspaceId === workspaceId)?.State !== from,
      10,
    );
  }

  test('a new WorkSpace is PENDING, then AVAILABLE after a provisioning time around 20 minutes', async () => {
    const id = await create(person());
    clock.advance(10);
    expect(await stateOf(id)).toBe('PENDING');
    const seconds = 10 + secondsUntilNot(id, 'PENDING');
    expect(seconds).toBeGreaterThanOrEqual(600);
    expect(seconds).toBeLessThan(2400);
    expect(await stateOf(id)).toBe('AVAILABLE');
  });

  test('provisioning times are reproducible from the seed and never below the floor', async () => {
    const times: number[] = [];
    for (const seed of [3, 3]) {
      const other = await startEmulator({
        clock,
        seed,
        directories: [
          { directoryId: EXISTING, registrationCode: 'R', mode: 'existing', users: ['avery.quinn'] },
        ],
        faults: { provisioning: { meanSeconds: 900, sdSeconds: 600, minSeconds: 600 } },
      });
      const otherClient = new WorkSpacesClient(clientConfig(other));
      await otherClient.send(
        new CreateWorkspacesCommand({
          Workspaces: [{ DirectoryId: EXISTING, UserName: 'avery.quinn', BundleId: BUNDLE }],
        }),
      );
      times.push(advanceUntil(() => other.state.workspaces[0].State !== 'PENDING', 1) * 1000);
      otherClient.destroy();
      await other.stop();
    }
    expect(times[0]).toBe(times[1]);
    expect(times[0]).toBeGreaterThanOrEqual(600_000);
  });

  test('ids from CreateWorkspaces are invisible to DescribeWorkspaces for the visibility delay', async () => {
    const id = await create(person());
    expect(await stateOf(id)).toBeUndefined();
    clock.advance(9);
    expect(await stateOf(id)).toBeUndefined();
    clock.advance(1);
    expect(await stateOf(id)).toBe('PENDING');
  });

  test('a second WorkSpace for the same user fails with ResourceExists.WorkSpace in a 200 answer', async () => {
    const user = person();
    await create(user);
    const out = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [{ DirectoryId: EXISTING, UserName: user.toUpperCase(), BundleId: BUNDLE }],
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.PendingRequests).toEqual([]);
    expect(out.FailedRequests?.[0]).toMatchObject({ ErrorCode: 'ResourceExists.WorkSpace' });
  });

  test('unknown users and bundles fail per request with ResourceNotFound.User and ResourceNotFound.Bundle', async () => {
    const out = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: EXISTING, UserName: 'nobody.here', BundleId: BUNDLE },
          { DirectoryId: EXISTING, UserName: person(), BundleId: 'wsb-unknown00' },
          { DirectoryId: EXISTING, UserName: person(), BundleId: BUNDLE },
        ],
      }),
    );
    expect(out.FailedRequests?.map((f) => f.ErrorCode)).toEqual([
      'ResourceNotFound.User',
      'ResourceNotFound.Bundle',
    ]);
    expect(out.FailedRequests?.[0].WorkspaceRequest?.UserName).toBe('nobody.here');
    expect(out.PendingRequests).toHaveLength(1);
  });

  test('a user created through ds-data is unknown to WorkSpaces until the replication lag has passed', async () => {
    emulator.setFaults({ userReplicationLagSeconds: 120 });
    const created = await dsData(emulator, 'CreateUser', MANAGED, { SAMAccountName: 'jordan.ellis' });
    expect(created.status).toBe(200);
    const request = { Workspaces: [{ DirectoryId: MANAGED, UserName: 'jordan.ellis', BundleId: BUNDLE }] };
    const early = await client.send(new CreateWorkspacesCommand(request));
    expect(early.FailedRequests?.[0]?.ErrorCode).toBe('ResourceNotFound.User');
    clock.advance(120);
    const late = await client.send(new CreateWorkspacesCommand(request));
    expect(late.FailedRequests).toEqual([]);
    emulator.setFaults({ userReplicationLagSeconds: 0 });
  });

  test('creating beyond the quota is a ResourceLimitExceededException', async () => {
    const existing = emulator.state.workspaces.filter((w) => w.State !== 'TERMINATED').length;
    emulator.setFaults({ quota: existing });
    const error = await rejection(
      client.send(
        new CreateWorkspacesCommand({
          Workspaces: [{ DirectoryId: EXISTING, UserName: person(), BundleId: BUNDLE }],
        }),
      ),
    );
    expect(error.name).toBe('ResourceLimitExceededException');
  });

  test('the shared rate limit answers ThrottlingException (400) past a burst of 5, refilling 2 per second', async () => {
    emulator.setFaults({ rateLimit: { enabled: true } });
    clock.advance(10);
    const before = emulator.state.throttled['workspaces.DescribeWorkspaceDirectories'] ?? 0;
    for (let i = 0; i < 5; i++) await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    const error = await rejection(client.send(new DescribeWorkspacesCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    clock.advance(0.5);
    await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    await expect(client.send(new DescribeWorkspaceDirectoriesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(emulator.state.throttled['workspaces.DescribeWorkspaces']).toBeGreaterThanOrEqual(1);
    expect(emulator.state.throttled['workspaces.DescribeWorkspaceDirectories']).toBe(before + 1);
    expect(emulator.state.apiCalls['workspaces.DescribeWorkspaceDirectories']).toBeGreaterThanOrEqual(7);
  });

  test('throttleRate throttles requests the bucket would allow', async () => {
    emulator.setFaults({ throttleRate: 1 });
    await expect(client.send(new DescribeWorkspacesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  test('TerminateWorkspaces: TERMINATING, then TERMINATED briefly, then gone', async () => {
    const id = await create(person());
    clock.advance(10);
    const out = await client.send(
      new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }),
    );
    expect(out.FailedRequests).toEqual([]);
    expect(await stateOf(id)).toBe('TERMINATING');
    expect(secondsUntilNot(id, 'TERMINATING')).toBeGreaterThan(0);
    expect(await stateOf(id)).toBe('TERMINATED');
    clock.advance(60);
    expect(await stateOf(id)).toBeUndefined();
    const again = await client.send(
      new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }),
    );
    expect(again.FailedRequests?.[0]).toMatchObject({
      WorkspaceId: id,
      ErrorCode: 'ResourceNotFound.WorkSpace',
    });
  });

  test('Stop needs AUTO_STOP or MANUAL and AVAILABLE; Start goes STARTING then AVAILABLE', async () => {
    const alwaysOn = await create(person());
    const autoStop = await create(person(), {
      RunningMode: 'AUTO_STOP',
      RunningModeAutoStopTimeoutInMinutes: 60,
    });
    const early = await client.send(
      new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: autoStop }] }),
    );
    expect(early.FailedRequests?.[0]?.ErrorCode).toBe('InvalidResourceState.WorkSpace');
    clock.advance(10);
    secondsUntilNot(autoStop, 'PENDING');
    secondsUntilNot(alwaysOn, 'PENDING');
    const out = await client.send(
      new StopWorkspacesCommand({
        StopWorkspaceRequests: [{ WorkspaceId: alwaysOn }, { WorkspaceId: autoStop }],
      }),
    );
    expect(out.FailedRequests?.map((f) => f.WorkspaceId)).toEqual([alwaysOn]);
    expect(await stateOf(autoStop)).toBe('STOPPING');
    secondsUntilNot(autoStop, 'STOPPING');
    expect(await stateOf(autoStop)).toBe('STOPPED');
    await client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: autoStop }] }));
    expect(await stateOf(autoStop)).toBe('STARTING');
    secondsUntilNot(autoStop, 'STARTING');
    expect(await stateOf(autoStop)).toBe('AVAILABLE');
    const started = await client.send(
      new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: autoStop }] }),
    );
    expect(started.FailedRequests).toHaveLength(1);
  });

  test('Reboot goes REBOOTING then AVAILABLE, and is refused while PENDING', async () => {
    const id = await create(person());
    const refused = await client.send(
      new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }),
    );
    expect(refused.FailedRequests).toHaveLength(1);
    clock.advance(10);
    secondsUntilNot(id, 'PENDING');
    await client.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(await stateOf(id)).toBe('REBOOTING');
    secondsUntilNot(id, 'REBOOTING');
    expect(await stateOf(id)).toBe('AVAILABLE');
  });

  test('errorShare sends new WorkSpaces to ERROR; a Rebuild then succeeds unless told to fail again', async () => {
    emulator.setFaults({ errorShare: 1 });
    const first = await create(person());
    const second = await create(person());
    clock.advance(10);
    secondsUntilNot(first, 'PENDING');
    secondsUntilNot(second, 'PENDING');
    const described = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [first] }));
    expect(described.Workspaces?.[0]).toMatchObject({ State: 'ERROR', ErrorCode: expect.any(String) });
    await client.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: first }] }));
    expect(await stateOf(first)).toBe('REBUILDING');
    secondsUntilNot(first, 'REBUILDING');
    expect(await stateOf(first)).toBe('AVAILABLE');
    emulator.setFaults({ rebuildFailShare: 1 });
    await client.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: second }] }));
    secondsUntilNot(second, 'REBUILDING');
    expect(await stateOf(second)).toBe('ERROR');
    emulator.setFaults({ rebuildFailShare: 0 });
  });

  test('ModifyWorkspaceProperties changes the running mode, so the WorkSpace can then be stopped', async () => {
    const id = await create(person());
    clock.advance(10);
    secondsUntilNot(id, 'PENDING');
    await expect(
      client.send(
        new ModifyWorkspacePropertiesCommand({
          WorkspaceId: id,
          WorkspaceProperties: { RunningModeAutoStopTimeoutInMinutes: 45 },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValuesException' });
    await client.send(
      new ModifyWorkspacePropertiesCommand({
        WorkspaceId: id,
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
      }),
    );
    const out = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }));
    expect(out.Workspaces?.[0]?.WorkspaceProperties).toMatchObject({
      RunningMode: 'AUTO_STOP',
      RunningModeAutoStopTimeoutInMinutes: 120,
    });
    const stopped = await client.send(
      new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }),
    );
    expect(stopped.FailedRequests).toEqual([]);
  });

  test('DescribeWorkspaces refuses WorkspaceIds with other filters and UserName without DirectoryId', async () => {
    const combined = await rejection(
      client.send(new DescribeWorkspacesCommand({ WorkspaceIds: ['ws-abc'], DirectoryId: EXISTING })),
    );
    expect(combined.name).toBe('InvalidParameterValuesException');
    const userOnly = await rejection(client.send(new DescribeWorkspacesCommand({ UserName: 'person00' })));
    expect(userOnly.name).toBe('InvalidParameterValuesException');
    const tooMany = await rejection(client.send(new DescribeWorkspacesCommand({ Limit: 26 })));
    expect(tooMany.name).toBe('InvalidParameterValuesException');
  });

  test('DescribeWorkspaces pages with Limit and NextToken, and filters by user in a directory', async () => {
    const user = person();
    await create(user);
    clock.advance(10);
    const byUser = await client.send(
      new DescribeWorkspacesCommand({ DirectoryId: EXISTING, UserName: user }),
    );
    expect(byUser.Workspaces?.map((w) => w.UserName)).toEqual([user]);
    const all = emulator.state.workspaces.filter((w) => w.visible && w.DirectoryId === EXISTING).length;
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeWorkspacesCommand({ DirectoryId: EXISTING, Limit: 2, NextToken: token }),
      );
      expect(page.Workspaces?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.Workspaces ?? []).map((w) => w.WorkspaceId ?? ''));
      token = page.NextToken;
    } while (token);
    expect(new Set(seen).size).toBe(all);
    expect(all).toBeGreaterThan(2);
  });

  test('tags given to CreateWorkspaces land on the WorkSpace; CreateTags and DeleteTags change them', async () => {
    const out = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          {
            DirectoryId: EXISTING,
            UserName: person(),
            BundleId: BUNDLE,
            Tags: [{ Key: 'CostCenter', Value: 'cc-42' }],
          },
        ],
      }),
    );
    const id = out.PendingRequests?.[0]?.WorkspaceId;
    const tags = await client.send(new DescribeTagsCommand({ ResourceId: id }));
    expect(tags.TagList).toEqual([{ Key: 'CostCenter', Value: 'cc-42' }]);
    await client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'Owner', Value: 'hr' }] }));
    await client.send(new DeleteTagsCommand({ ResourceId: id, TagKeys: ['CostCenter'] }));
    expect((await client.send(new DescribeTagsCommand({ ResourceId: id }))).TagList).toEqual([
      { Key: 'Owner', Value: 'hr' },
    ]);
    await expect(client.send(new DescribeTagsCommand({ ResourceId: 'ws-missing00' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('DescribeWorkspaceDirectories returns the registration codes of the configured directories', async () => {
    const out = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [MANAGED] }));
    expect(out.Directories).toEqual([
      expect.objectContaining({
        DirectoryId: MANAGED,
        RegistrationCode: 'SLiad+ABCDEF',
        State: 'REGISTERED',
      }),
    ]);
  });
});
