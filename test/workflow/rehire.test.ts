import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  StartWorkspacesCommand,
  TerminateWorkspacesCommand,
} from '@aws-sdk/client-workspaces';
import { FakeEstate } from '../helpers/fake-estate';
import { registerEntry } from '../helpers/lifecycle-register';
import { mockEstateClients, publishedEvents, runInstant } from '../helpers/workflow';

const { workspaces, ds, ses, events, sns, register, provisioning, reset } = mockEstateClients();

/** Runs a flow; a leaver with the provisioner's rounds, which make its batched WorkSpaces calls. */
async function run(name: 'rehire' | 'leaver', input: unknown, executionName: string) {
  if (name === 'rehire') return runInstant(name, input, executionName);
  const { provisionRound } = await import('../../functions/provisioner');
  return provisioning.roundsUntil(
    runInstant(name, input, executionName, { taskTokens: provisioning.tokens }),
    provisionRound,
  );
}

const rehire = {
  eventId: 'evt-rehire-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  managerEmail: 'grace.hopper@example.com',
};
const ours = 'ws-abcdef123';
const removalTags = {
  'lifecycle-remove-after': '2030-01-01T00:00:00.000Z',
  'lifecycle-removal-event-id': 'evt-leave-1',
};
let estate: FakeEstate;

beforeEach(() => {
  estate = new FakeEstate();
  // Where a leaver left them: stopped, tagged for removal, user disabled.
  estate.workspaces.push({
    workspaceId: ours,
    userName: 'ada.lovelace',
    state: 'STOPPED',
    runningMode: 'AUTO_STOP',
    tags: { 'managed-by': 'workspaces-lifecycle', 'employee-id': 'E1001', ...removalTags },
  });
  estate.users.set('ada.lovelace', { enabled: false, givenName: 'Ada', surname: 'Lovelace' });
  reset(estate);
});

/** As before any leaver: the WorkSpace running, untagged for removal, the user enabled. */
function beforeAnyLeaver() {
  const ws = estate.requireWorkspace(ours);
  ws.state = 'AVAILABLE';
  ws.tags = { 'employee-id': 'E1001' };
  estate.requireUser('ada.lovelace').enabled = true;
}

const detailTypes = () => publishedEvents(events).map((e) => e.type);

describe('rehire workflow', () => {
  test('InGracePeriod: removal tags off, the same WorkSpace started, the user enabled through a new password', async () => {
    const outcome = await run('rehire', rehire, 'evt-rehire-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateRehire',
      'RegisterRehire',
      'NewerLeaverRegistered',
      'FindRehireWorkspaces',
      'ReadRehireTags',
      'ReadRehireWorkspaceTags',
      'PlanRehire',
      'RehireSuperseded',
      'ReadDirectoryUser',
      'AnythingToRestore',
      'UserState',
      'RestoreWorkspaces',
      'ClearRemovalTags',
      'MarkRehired',
      'NeedsStart',
      'StartWorkspace',
      'Restored',
      'UserDisabled',
      'CanReenable',
      'ReenableDirectoryUser',
      'RehireDone',
      'PublishWorkspaceReady',
    ]);
    expect(workspaces).toHaveReceivedCommandWith(DeleteTagsCommand, {
      ResourceId: ours,
      TagKeys: ['lifecycle-remove-after', 'lifecycle-removal-event-id', 'lifecycle-removal-ordered-at'],
    });
    expect(workspaces).toHaveReceivedCommandWith(StartWorkspacesCommand, {
      StartWorkspaceRequests: [{ WorkspaceId: ours }],
    });
    const ws = estate.workspace(ours);
    expect(ws?.state).toBe('AVAILABLE');
    expect(ws?.tags).toMatchObject({ 'lifecycle-rehire-event-id': 'evt-rehire-1' });
    expect(ws?.tags).not.toHaveProperty('lifecycle-removal-event-id');
    expect(estate.users.get('ada.lovelace')?.enabled).toBe(true);
    expect(ds).toHaveReceivedCommandWith(ResetUserPasswordCommand, { UserName: 'ada.lovelace' });
    const mail = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(mail.Destination?.ToAddresses).toEqual(['grace.hopper@example.com']);
    expect(JSON.stringify(outcome.output)).not.toMatch(/password"?:\s*"[^"]{12,}/i);
    expect(detailTypes()).toEqual(['WorkSpace Ready']);
    expect(publishedEvents(events)[0].detail).toMatchObject({
      eventId: 'evt-rehire-1',
      employeeId: 'E1001',
      workspaceIds: [ours],
    });
  });

  test('NewerLeaverRegistered: a leaver ordered after this rehire registered first; nothing is restored', async () => {
    const leaverArn = 'arn:aws:states:us-east-1:123456789012:execution:leaver:evt-leave-9';
    registerEntry(register, rehire.employeeId, 'leaver', '2099-01-01T00:00:00.000Z', leaverArn);
    const outcome = await run('rehire', rehire, 'evt-rehire-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateRehire',
      'RegisterRehire',
      'NewerLeaverRegistered',
      'SupersededByNewerLeaver',
    ]);
    expect(workspaces.calls()).toHaveLength(0);
    expect(ds).not.toHaveReceivedCommand(ResetUserPasswordCommand);
  });

  test('CancelsThePendingLeaver: a rehire inside the grace period makes the leaver end with Removal Cancelled', async () => {
    beforeAnyLeaver();
    estate.duringGracePeriod = async () => {
      expect((await run('rehire', rehire, 'evt-rehire-1')).status).toBe('SUCCEEDED');
    };
    const leaver = {
      eventId: 'evt-leave-1',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      lastWorkingDay: '2020-01-31',
    };
    const outcome = await run('leaver', leaver, 'evt-leave-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.at(-1)).toBe('PublishRemovalCancelled');
    expect(workspaces).not.toHaveReceivedCommand(TerminateWorkspacesCommand);
    expect(estate.workspace(ours)?.state).toBe('AVAILABLE');
    expect(estate.users.get('ada.lovelace')?.enabled).toBe(true);
    // The rehire lands while the leaver confirms its stop: the leaver leaves the WorkSpace running.
    expect(detailTypes()).toEqual(['WorkSpace Ready', 'Access Revoked', 'Removal Cancelled']);
  });

  test('StillStopping: a WorkSpace the leaver is still stopping is started once WorkSpaces accepts it', async () => {
    workspaces
      .on(StartWorkspacesCommand)
      .resolvesOnce({
        FailedRequests: [
          { WorkspaceId: ours, ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'STOPPING' },
        ],
      })
      .resolves({ FailedRequests: [] });
    estate.requireWorkspace(ours).state = 'STOPPING';
    const outcome = await run('rehire', rehire, 'evt-rehire-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(StartWorkspacesCommand, 2);
    expect(outcome.retries).toBe(1);
  });

  test('BeforeLastDay: an employee who stays keeps a running WorkSpace and enabled user; the WorkSpace is marked', async () => {
    beforeAnyLeaver();
    const outcome = await run('rehire', { ...rehire, managerEmail: undefined }, 'evt-rehire-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).not.toHaveReceivedCommand(StartWorkspacesCommand);
    expect(ds).not.toHaveReceivedCommand(ResetUserPasswordCommand);
    expect(workspaces).toHaveReceivedCommandWith(CreateTagsCommand, {
      ResourceId: ours,
      Tags: [
        { Key: 'lifecycle-rehired-at', Value: expect.any(String) },
        { Key: 'lifecycle-rehire-event-id', Value: 'evt-rehire-1' },
      ],
    });
  });

  test('OtherEmployeesWorkspace: a WorkSpace of someone else with the same user name is not touched', async () => {
    estate.workspaces.push({
      workspaceId: 'ws-other0001',
      userName: 'ada.lovelace',
      state: 'STOPPED',
      runningMode: 'AUTO_STOP',
      tags: { 'employee-id': 'E2002', ...removalTags },
    });
    const outcome = await run('rehire', rehire, 'evt-rehire-1');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(estate.workspace('ws-other0001')).toMatchObject({ state: 'STOPPED', tags: removalTags });
    expect(outcome.output).toMatchObject({
      plan: {
        workspaceIds: [ours],
        skipped: [{ workspaceId: 'ws-other0001', reason: 'employee-id is E2002, not E1001' }],
      },
    });
  });

  test('ManagerEmailMissing: a disabled Managed AD user cannot be enabled without someone to receive the password', async () => {
    const outcome = await run('rehire', { ...rehire, managerEmail: undefined }, 'evt-rehire-1');
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'ManagerEmailRequired' });
    expect(ds).not.toHaveReceivedCommand(ResetUserPasswordCommand);
    expect(detailTypes()).toEqual(['Rehire Failed']);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe(
      'workspaces-lifecycle: rehire failed for ada.lovelace',
    );
  });

  test('UserGone: after the grace period there is nothing to restore, and the failure says to send a joiner', async () => {
    estate.users.clear();
    estate.workspaces = [];
    const outcome = await run('rehire', rehire, 'evt-rehire-1');
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'NothingToRestore' });
    expect(outcome.cause).toContain('Send an "Employee Joined" event');
    expect(detailTypes()).toEqual(['Rehire Failed']);
    expect(workspaces).not.toHaveReceivedCommand(StartWorkspacesCommand);
  });

  test('Repeated: the same rehire twice ends in the same state, the second changing nothing that matters', async () => {
    expect((await run('rehire', rehire, 'evt-rehire-1')).status).toBe('SUCCEEDED');
    const again = await run('rehire', rehire, 'evt-rehire-1-again');
    expect(again.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(StartWorkspacesCommand, 1);
    expect(ds).toHaveReceivedCommandTimes(ResetUserPasswordCommand, 1);
  });

  test('Example: examples/rehire.json is a console input that runs', async () => {
    const example = JSON.parse(readFileSync(join(__dirname, '../../examples/rehire.json'), 'utf8'));
    estate.workspaces = [
      {
        workspaceId: 'ws-jane00001',
        userName: example.userName,
        state: 'STOPPED',
        runningMode: 'AUTO_STOP',
        tags: { 'employee-id': example.employeeId, 'lifecycle-removal-event-id': 'hr-leave-1' },
      },
    ];
    estate.users.set(example.userName, { enabled: false });
    const outcome = await run('rehire', example, 'example');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(estate.users.get(example.userName)?.enabled).toBe(true);
  });

  test('InvalidInput: a bad rehire fails at once with the field named', async () => {
    const outcome = await run('rehire', { ...rehire, employeeId: '' }, 'evt-rehire-1');
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(outcome.cause).toContain('employeeId');
    expect(outcome.path).toEqual(['ValidateRehire', 'PublishRehireFailed', 'AlertOperators', 'RehireFailed']);
  });
});
