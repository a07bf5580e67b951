import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DeleteTagsCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

const DIRECTORY = 'd-1111111111';
const BUNDLE = 'wsb-abcdefgh1';
const people = ['tagged', 'untagged', 'cleared', 'gone', 'late'];
const arnOf = (id: string) => `arn:aws:workspaces:us-east-1:123456789012:workspace/${id}`;

describe('Resource Groups Tagging API emulator: GetResources for WorkSpaces', () => {
  const clock = new ManualClock();
  let emulator: Emulator;
  let workspaces: WorkSpacesClient;
  let tagging: ResourceGroupsTaggingAPIClient;
  const ids: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      directories: [
        { directoryId: DIRECTORY, registrationCode: 'SLiad+ABCDEF', mode: 'existing', users: people },
      ],
      bundles: [BUNDLE],
      faults: { rateLimit: { enabled: false } },
    });
    workspaces = new WorkSpacesClient(clientConfig(emulator));
    tagging = new ResourceGroupsTaggingAPIClient(clientConfig(emulator));
    const created = await workspaces.send(
      new CreateWorkspacesCommand({
        Workspaces: people.slice(0, 4).map((UserName) => ({
          DirectoryId: DIRECTORY,
          UserName,
          BundleId: BUNDLE,
          ...(UserName === 'untagged' ? {} : { Tags: [{ Key: 'employee-id', Value: `E-${UserName}` }] }),
        })),
      }),
    );
    const idOf = (user: string) =>
      created.PendingRequests?.find((w) => w.UserName === user)?.WorkspaceId ?? '';
    ids.push(...people.map(idOf));
    await workspaces.send(new DeleteTagsCommand({ ResourceId: ids[2], TagKeys: ['employee-id'] }));
    await workspaces.send(
      new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: ids[3] }] }),
    );
    clock.advance(3600);
  });
  afterAll(async () => {
    workspaces.destroy();
    tagging.destroy();
    await emulator.stop();
  });

  it('ByArn_TheTagsOfEachWorkspaceEverTagged_NotTheUntaggedNorTheGone', async () => {
    await workspaces.send(
      new CreateTagsCommand({ ResourceId: ids[0], Tags: [{ Key: 'lifecycle-protect', Value: 'true' }] }),
    );

    const answer = await tagging.send(
      new GetResourcesCommand({ ResourceARNList: [...ids.map(arnOf), arnOf('ws-nosuch001')] }),
    );

    expect(answer.ResourceTagMappingList).toEqual([
      {
        ResourceARN: arnOf(ids[0]),
        Tags: [
          { Key: 'employee-id', Value: 'E-tagged' },
          { Key: 'lifecycle-protect', Value: 'true' },
        ],
      },
      // Tagged once, no tag now: listed with an empty tag set.
      { ResourceARN: arnOf(ids[2]), Tags: [] },
    ]);
    expect(emulator.state.apiCalls['tagging.GetResources']).toBeGreaterThanOrEqual(1);
  });

  it('IndexLagging_TagsAsTheyWereThatLongAgo_ANewWorkspaceNotYetThere', async () => {
    emulator.setFaults({ tagIndexLagSeconds: 120 });
    await workspaces.send(
      new CreateTagsCommand({ ResourceId: ids[2], Tags: [{ Key: 'lifecycle-protect', Value: 'true' }] }),
    );
    const fresh = await workspaces.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          { DirectoryId: DIRECTORY, UserName: 'late', BundleId: BUNDLE, Tags: [{ Key: 'k', Value: 'v' }] },
        ],
      }),
    );
    const lateId = fresh.PendingRequests?.[0]?.WorkspaceId ?? '';
    const read = async () =>
      (await tagging.send(new GetResourcesCommand({ ResourceARNList: [arnOf(ids[2]), arnOf(lateId)] })))
        .ResourceTagMappingList;

    expect(await read()).toEqual([{ ResourceARN: arnOf(ids[2]), Tags: [] }]);
    clock.advance(120);
    expect(await read()).toEqual([
      { ResourceARN: arnOf(ids[2]), Tags: [{ Key: 'lifecycle-protect', Value: 'true' }] },
      { ResourceARN: arnOf(lateId), Tags: [{ Key: 'k', Value: 'v' }] },
    ]);
    emulator.setFaults({ tagIndexLagSeconds: 0 });
  });

  it('MoreThan100Arns_InvalidParameter', async () => {
    const arns = Array.from({ length: 101 }, (_, i) => arnOf(`ws-many${String(i).padStart(5, '0')}`));

    const error = await rejection(tagging.send(new GetResourcesCommand({ ResourceARNList: arns })));

    expect(error.name).toBe('InvalidParameterException');
  });

  it('ArnsWithATagFilter_InvalidParameter', async () => {
    const error = await rejection(
      tagging.send(
        new GetResourcesCommand({ ResourceARNList: [arnOf(ids[0])], TagFilters: [{ Key: 'employee-id' }] }),
      ),
    );

    expect(error.name).toBe('InvalidParameterException');
  });
});
