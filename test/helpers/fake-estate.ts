import type * as DirectoryService from '@aws-sdk/client-directory-service';
import type * as WorkSpaces from '@aws-sdk/client-workspaces';
import type { MetadataBearer } from '@aws-sdk/types';
import type { AwsStub } from 'aws-sdk-client-mock';
import type * as DsData from '../../functions/commons/directory-service-data';
import { serviceError } from '../unit/support';
import type { DirectoryDataMock } from './mock-directory-data';

/** A WorkSpace of the fake estate. */
export interface FakeWorkspace {
  workspaceId: string;
  userName: string;
  state: WorkSpaces.WorkspaceState;
  runningMode: WorkSpaces.RunningMode;
  tags: Record<string, string>;
  /** The last known user connection (ISO 8601); absent: never connected. */
  lastConnection?: string;
  /** What a mover changes; absent for the flows that do not look. */
  properties?: Omit<WorkSpaces.WorkspaceProperties, 'RunningMode'>;
  bundleId?: string;
}

/** A directory user of the fake estate. */
export interface FakeUser {
  enabled: boolean;
  givenName?: string;
  surname?: string;
  email?: string;
}

/** The client modules the fake answers for: the test's own, or those of an isolated module registry. */
export interface EstateModules {
  workspaces: typeof WorkSpaces;
  dsData: typeof DsData;
  ds: typeof DirectoryService;
}

// aws-sdk-client-mock's stubs, loosely typed so one fake serves every SDK client.
type Stub = AwsStub<object, MetadataBearer, unknown>;
type Handler = (input: never) => unknown;
const on = (stub: Stub, command: unknown, fake: Handler) =>
  (stub.on(command as never) as unknown as { callsFake: (f: Handler) => void }).callsFake(fake);

const notFound = (what: string) => serviceError('ResourceNotFoundException', 404, `${what} not found`);

/**
 * A small stateful stand-in for WorkSpaces and the directory behind mocked clients, so the
 * leaver and rehire flows see the effects of their own calls (tags set, WorkSpaces stopped,
 * users disabled) the way they would in AWS.
 */
export class FakeEstate {
  workspaces: FakeWorkspace[] = [];
  users = new Map<string, FakeUser>();
  /** Runs once, on the first look (by user or by id) at WorkSpaces the leaver tagged: "during the grace period". */
  duringGracePeriod?: (estate: FakeEstate) => void | Promise<void>;
  /** Called at each look at WorkSpaces, by user or by id (1 for the first), before it is answered. */
  onLook?: (estate: FakeEstate, look: number) => void;
  private looks = 0;

  workspace(id: string): FakeWorkspace | undefined {
    return this.workspaces.find((w) => w.workspaceId === id);
  }

  /** The WorkSpace with this id, for a test's setup to change: throws when there is none. */
  requireWorkspace(id: string): FakeWorkspace {
    const found = this.workspace(id);
    if (!found) throw new Error(`the fake estate has no WorkSpace ${id}`);
    return found;
  }

  /** The directory user with this name, for a test's setup to change: throws when there is none. */
  requireUser(name: string): FakeUser {
    const found = this.users.get(name);
    if (!found) throw new Error(`the fake estate has no user ${name}`);
    return found;
  }

  private view(w: FakeWorkspace): WorkSpaces.Workspace {
    return {
      WorkspaceId: w.workspaceId,
      DirectoryId: 'd-906700c0de',
      UserName: w.userName,
      State: w.state,
      ...(w.bundleId ? { BundleId: w.bundleId } : {}),
      WorkspaceProperties: { RunningMode: w.runningMode, ...w.properties },
    };
  }

  install(stubs: { workspaces: Stub; dsData: DirectoryDataMock; ds: Stub }, m: EstateModules): void {
    on(
      stubs.workspaces,
      m.workspaces.DescribeWorkspacesCommand,
      async (input: WorkSpaces.DescribeWorkspacesRequest) => {
        // A look at given WorkSpaces (a leaver confirming its stop) is a look as well.
        this.onLook?.(this, ++this.looks);
        const ids = input.WorkspaceIds;
        // A listing of the directory (no UserName) is a look at everyone's, 25 (Limit) a page.
        const looked = (w: FakeWorkspace) =>
          ids ? ids.includes(w.workspaceId) : input.UserName === undefined || w.userName === input.UserName;
        if (
          this.duringGracePeriod &&
          this.workspaces.some((w) => looked(w) && w.tags['lifecycle-removal-event-id'])
        ) {
          const hook = this.duringGracePeriod;
          this.duringGracePeriod = undefined;
          await hook(this);
        }
        const all = this.workspaces.filter(looked);
        if (ids) return { Workspaces: all.map((w) => this.view(w)) };
        const from = Number(input.NextToken ?? 0);
        const limit = input.Limit ?? 25;
        const next = from + limit < all.length ? String(from + limit) : undefined;
        return { Workspaces: all.slice(from, from + limit).map((w) => this.view(w)), NextToken: next };
      },
    );
    on(
      stubs.workspaces,
      m.workspaces.DescribeWorkspacesConnectionStatusCommand,
      (input: WorkSpaces.DescribeWorkspacesConnectionStatusRequest) => ({
        WorkspacesConnectionStatus: this.workspaces
          .filter((w) => input.WorkspaceIds?.includes(w.workspaceId))
          .map((w) => ({
            WorkspaceId: w.workspaceId,
            ConnectionState: w.state === 'STOPPED' ? 'UNKNOWN' : 'DISCONNECTED',
            LastKnownUserConnectionTimestamp: w.lastConnection ? new Date(w.lastConnection) : undefined,
          })),
      }),
    );
    on(stubs.workspaces, m.workspaces.DescribeTagsCommand, (input: WorkSpaces.DescribeTagsRequest) => {
      const w = this.workspace(input.ResourceId ?? '');
      if (!w) throw notFound(input.ResourceId ?? '');
      return { TagList: Object.entries(w.tags).map(([Key, Value]) => ({ Key, Value })) };
    });
    on(stubs.workspaces, m.workspaces.CreateTagsCommand, (input: WorkSpaces.CreateTagsRequest) => {
      const w = this.workspace(input.ResourceId ?? '');
      if (!w) throw notFound(input.ResourceId ?? '');
      for (const t of input.Tags ?? []) w.tags[t.Key ?? ''] = t.Value ?? '';
      return {};
    });
    on(stubs.workspaces, m.workspaces.DeleteTagsCommand, (input: WorkSpaces.DeleteTagsRequest) => {
      const w = this.workspace(input.ResourceId ?? '');
      if (!w) throw notFound(input.ResourceId ?? '');
      for (const key of input.TagKeys ?? []) delete w.tags[key];
      return {};
    });
    on(
      stubs.workspaces,
      m.workspaces.ModifyWorkspacePropertiesCommand,
      (input: WorkSpaces.ModifyWorkspacePropertiesRequest) => {
        const w = this.workspace(input.WorkspaceId ?? '');
        if (!w) throw notFound(input.WorkspaceId ?? '');
        // Admin guide "Modify a WorkSpace": only in AVAILABLE or STOPPED.
        if (w.state !== 'AVAILABLE' && w.state !== 'STOPPED')
          throw serviceError('InvalidResourceStateException', 400, `The WorkSpace is ${w.state}`);
        const { RunningMode, ...rest } = input.WorkspaceProperties ?? {};
        w.runningMode = RunningMode ?? w.runningMode;
        w.properties = { ...w.properties, ...rest };
        return {};
      },
    );
    on(
      stubs.workspaces,
      m.workspaces.MigrateWorkspaceCommand,
      (input: WorkSpaces.MigrateWorkspaceRequest) => {
        const w = this.workspace(input.SourceWorkspaceId ?? '');
        if (!w) throw notFound(input.SourceWorkspaceId ?? '');
        // A new id; tags and running mode carried over; the source is retired.
        const target = `${w.workspaceId}m`;
        this.workspaces = this.workspaces.filter((other) => other !== w);
        this.workspaces.push({ ...w, workspaceId: target, state: 'PENDING', bundleId: input.BundleId });
        return { SourceWorkspaceId: w.workspaceId, TargetWorkspaceId: target };
      },
    );
    const change =
      (apply: (w: FakeWorkspace) => string | undefined) =>
      (requests: { WorkspaceId?: string }[] = []) => ({
        FailedRequests: requests.flatMap(({ WorkspaceId }) => {
          const w = this.workspace(WorkspaceId ?? '');
          const code = w ? apply(w) : 'ResourceNotFound.WorkSpace';
          return code ? [{ WorkspaceId, ErrorCode: code, ErrorMessage: code }] : [];
        }),
      });
    on(stubs.workspaces, m.workspaces.StopWorkspacesCommand, (input: WorkSpaces.StopWorkspacesRequest) =>
      change((w) => {
        if (w.runningMode === 'ALWAYS_ON') return 'InvalidResourceState.RunningMode';
        w.state = 'STOPPED';
        return undefined;
      })(input.StopWorkspaceRequests),
    );
    on(stubs.workspaces, m.workspaces.StartWorkspacesCommand, (input: WorkSpaces.StartWorkspacesRequest) =>
      change((w) => {
        if (w.state !== 'STOPPED') return 'InvalidResourceState.WorkSpace';
        w.state = 'AVAILABLE';
        return undefined;
      })(input.StartWorkspaceRequests),
    );
    on(
      stubs.workspaces,
      m.workspaces.TerminateWorkspacesCommand,
      (input: WorkSpaces.TerminateWorkspacesRequest) =>
        change((w) => {
          // TERMINATED shows briefly, then the id is gone.
          this.workspaces = this.workspaces.filter((other) => other !== w);
          return undefined;
        })(input.TerminateWorkspaceRequests),
    );

    const user = (name: string) => {
      const found = this.users.get(name);
      if (!found) throw notFound(`User ${name}`);
      return found;
    };
    stubs.dsData.on(m.dsData.DescribeUserCommand).callsFake((input) => {
      const u = user(input.SAMAccountName);
      return {
        SAMAccountName: input.SAMAccountName,
        Enabled: u.enabled,
        GivenName: u.givenName,
        Surname: u.surname,
        EmailAddress: u.email,
      };
    });
    stubs.dsData.on(m.dsData.UpdateUserCommand).callsFake((input) => {
      const u = user(input.SAMAccountName);
      u.givenName = input.GivenName ?? u.givenName;
      u.surname = input.Surname ?? u.surname;
      u.email = input.EmailAddress ?? u.email;
      return {};
    });
    stubs.dsData.on(m.dsData.DisableUserCommand).callsFake((input) => {
      user(input.SAMAccountName).enabled = false;
      return {};
    });
    stubs.dsData.on(m.dsData.DeleteUserCommand).callsFake((input) => {
      user(input.SAMAccountName);
      this.users.delete(input.SAMAccountName);
      return {};
    });
    // AWS documents that resetting the password enables a disabled user.
    on(stubs.ds, m.ds.ResetUserPasswordCommand, (input: DirectoryService.ResetUserPasswordRequest) => {
      const u = this.users.get(input.UserName ?? '');
      if (!u) throw serviceError('UserDoesNotExistException', 400, 'no user');
      u.enabled = true;
      return {};
    });
  }
}
