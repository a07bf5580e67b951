import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  MigrateWorkspaceCommand,
  ModifyWorkspacePropertiesCommand,
  WorkSpacesClient,
  type WorkspaceProperties,
} from '@aws-sdk/client-workspaces';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, ManualClock } from './helpers';

const DIRECTORY = 'd-2222222222';
const BUNDLE = 'wsb-abcdefgh1';
const LINUX = 'wsb-linux0001';
const people = Array.from({ length: 20 }, (_, i) => `mover${String(i).padStart(2, '0')}`);
const HOUR = 3600;

/** The emulator's ModifyWorkspaceProperties rules and MigrateWorkspace, as the mover meets them. */
describe('WorkSpaces emulator: changing a WorkSpace', () => {
  const clock = new ManualClock();
  let emulator: Emulator;
  let client: WorkSpacesClient;
  let next = 0;

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      seed: 11,
      directories: [
        { directoryId: DIRECTORY, registrationCode: 'SLiad+GHIJKL', mode: 'existing', users: people },
      ],
      bundles: [BUNDLE, LINUX],
      bundleOperatingSystems: { [BUNDLE]: 'WINDOWS_SERVER_2022', [LINUX]: 'AMAZON_LINUX_2' },
      faults: { rateLimit: { enabled: false } },
    });
    client = new WorkSpacesClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  const describe1 = async (id: string) =>
    (await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces?.[0];
  const modify = (id: string, properties: WorkspaceProperties) =>
    client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: properties }));
  /** A STANDARD WorkSpace, AVAILABLE, `ageHours` old. */
  async function available(ageHours: number, compute = 'STANDARD'): Promise<string> {
    const out = await client.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          {
            DirectoryId: DIRECTORY,
            UserName: people[next++],
            BundleId: BUNDLE,
            WorkspaceProperties: {
              RunningMode: 'AUTO_STOP',
              RunningModeAutoStopTimeoutInMinutes: 60,
              ComputeTypeName: compute as never,
              RootVolumeSizeGib: 80,
              UserVolumeSizeGib: 50,
            },
          },
        ],
      }),
    );
    const id = out.PendingRequests?.[0]?.WorkspaceId ?? '';
    clock.advance(ageHours * HOUR);
    expect((await describe1(id))?.State).toBe('AVAILABLE');
    return id;
  }
  /** Past the reboot of the last change. */
  const settle = () => clock.advance(HOUR);

  test('NewWorkspace_NoComputeOrVolumeChangeInItsFirst6Hours_RunningModeAnyTime', async () => {
    const id = await available(2);
    await expect(modify(id, { ComputeTypeName: 'POWER' })).rejects.toMatchObject({
      name: 'InvalidResourceStateException',
    });
    await modify(id, { RunningMode: 'ALWAYS_ON' });
    clock.advance(4 * HOUR);
    await modify(id, { ComputeTypeName: 'POWER' });
    expect((await describe1(id))?.WorkspaceProperties?.ComputeTypeName).toBe('POWER');
  });

  test('ComputeAndVolume_NeverInOneCall_NorBothVolumes_AndVolumesOnlyGrow', async () => {
    const id = await available(7);
    for (const properties of [
      { ComputeTypeName: 'POWER', RootVolumeSizeGib: 175 },
      { RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 },
      { UserVolumeSizeGib: 10 },
    ] as WorkspaceProperties[]) {
      await expect(modify(id, properties)).rejects.toMatchObject({ name: 'InvalidParameterValuesException' });
    }
  });

  test('TheChangeReboots_AndNothingElseIsTakenUntilItIsAvailableAgain', async () => {
    const id = await available(7);
    await modify(id, { ComputeTypeName: 'POWER' });
    expect((await describe1(id))?.State).toBe('REBOOTING');
    await expect(modify(id, { RootVolumeSizeGib: 175 })).rejects.toMatchObject({
      name: 'InvalidResourceStateException',
    });
    settle();
    expect((await describe1(id))?.State).toBe('AVAILABLE');
    await modify(id, { RootVolumeSizeGib: 175 });
  });

  test('LargerComputeOncePer6Hours_SmallerOncePer30Days_EachVolumeOncePer6Hours', async () => {
    const id = await available(7);
    await modify(id, { ComputeTypeName: 'PERFORMANCE' });
    settle();
    await expect(modify(id, { ComputeTypeName: 'POWER' })).rejects.toMatchObject({
      name: 'InvalidResourceStateException',
    });
    await modify(id, { ComputeTypeName: 'VALUE' });
    settle();
    await expect(modify(id, { ComputeTypeName: 'STANDARD' })).rejects.toThrow();
    clock.advance(5 * HOUR);
    await modify(id, { ComputeTypeName: 'STANDARD' });
    settle();
    await expect(modify(id, { ComputeTypeName: 'VALUE' })).rejects.toMatchObject({
      name: 'InvalidResourceStateException',
    });
    clock.advance(30 * 24 * HOUR);
    await modify(id, { ComputeTypeName: 'VALUE' });
    settle();
    await modify(id, { UserVolumeSizeGib: 100 });
    settle();
    await expect(modify(id, { UserVolumeSizeGib: 200 })).rejects.toMatchObject({
      name: 'InvalidResourceStateException',
    });
    await modify(id, { RootVolumeSizeGib: 175 });
  });

  test('GraphicsComputeTypes_NotInterchangeable_ButG4dnAndGraphicsProG4dn', async () => {
    const gfx = await available(7, 'GRAPHICS');
    await expect(modify(gfx, { ComputeTypeName: 'POWER' })).rejects.toMatchObject({
      name: 'UnsupportedWorkspaceConfigurationException',
    });
    const g4dn = await available(7, 'GRAPHICS_G4DN');
    await modify(g4dn, { ComputeTypeName: 'GRAPHICSPRO_G4DN' });
  });

  test('Migrate_GivesANewIdWithTheTagsAndRunningMode_TheOldOneIsRetired', async () => {
    const id = await available(13);
    await client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'employee-id', Value: 'E9' }] }));
    const { TargetWorkspaceId } = await client.send(
      new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: LINUX }),
    );
    expect(TargetWorkspaceId).toMatch(/^ws-/);
    expect(TargetWorkspaceId).not.toBe(id);
    expect((await describe1(id))?.State).toBe('TERMINATING');
    clock.advance(60); // a new id is hidden from DescribeWorkspaces for a few seconds
    const target = await describe1(TargetWorkspaceId ?? '');
    expect(target).toMatchObject({ State: 'PENDING', BundleId: LINUX });
    expect(target?.WorkspaceProperties).toMatchObject({
      RunningMode: 'AUTO_STOP',
      OperatingSystemName: 'AMAZON_LINUX_2',
    });
    const tags = await client.send(new DescribeTagsCommand({ ResourceId: TargetWorkspaceId ?? '' }));
    expect(tags.TagList).toEqual([{ Key: 'employee-id', Value: 'E9' }]);
    clock.advance(HOUR);
    expect((await describe1(TargetWorkspaceId ?? ''))?.State).toBe('AVAILABLE');
    expect(await describe1(id)).toBeUndefined();
  });

  test('Migrate_RefusedWhileRebooting', async () => {
    const id = await available(13);
    await modify(id, { ComputeTypeName: 'POWER' });
    await expect(
      client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: LINUX })),
    ).rejects.toMatchObject({ name: 'InvalidResourceStateException' });
  });
});
