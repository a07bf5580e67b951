import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  RebuildWorkspacesCommand,
  StartWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceState,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CreateUserCommand,
  DirectoryServiceDataServiceError,
  DisableUserCommand,
  UpdateUserCommand,
} from '../../functions/commons/directory-service-data';
import { Env } from '../../functions/commons/env';
import { clearRegistrationCodeCache } from '../../functions/get-registration-code';
import type { RunOptions } from '../../sandbox/run-execution';
import { exampleJoiner } from '../helpers/examples';
import { registerEntry } from '../helpers/lifecycle-register';
import { mockDirectoryData } from '../helpers/mock-directory-data';
import { mockProvisioning } from '../helpers/provisioning';
import { publishedEvents, runInstant } from '../helpers/workflow';
import { serviceError } from '../unit/support';

// Every provisioner round looks at the watched WorkSpace: here a round stands for a minute or more.
process.env[Env.ProvisionerSettings] = JSON.stringify({ firstLookSeconds: 0 });

const workspaces = mockClient(WorkSpacesClient);
const dsData = mockDirectoryData();
const ds = mockClient(DirectoryServiceClient);
const ses = mockClient(SESv2Client);
const events = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);
const provisioning = mockProvisioning();

const joiner = exampleJoiner;

const throttled = () => serviceError('ThrottlingException', 400, 'Rate exceeded');
const describing = (...states: (WorkspaceState | undefined)[]) => {
  let stub = workspaces.on(DescribeWorkspacesCommand, { WorkspaceIds: ['ws-abcdef123'] });
  for (const state of states) {
    stub = stub.resolvesOnce({ Workspaces: state ? [{ WorkspaceId: 'ws-abcdef123', State: state }] : [] });
  }
  return stub;
};

/** Simulated minutes added to the clock the provisioner reads (the deadline test moves it on). */
let skewMinutes = 0;
const realNow = Date.now;

/** Runs the joiner with the provisioner running a round whenever something is queued. */
async function run(
  input: unknown,
  beforeRound: (round: number) => void = () => undefined,
  redrive?: RunOptions['redrive'],
) {
  const { provisionRound } = await import('../../functions/provisioner');
  let rounds = 0;
  return provisioning.roundsUntil(
    runInstant('joiner', input, 'evt-0001', { taskTokens: provisioning.tokens, redrive }),
    () => {
      beforeRound(++rounds);
      return provisionRound();
    },
  );
}

/** What CreateWorkspaces answers for the joiner (AWS echoes the request in each entry). */
const user = { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' };
const created = { PendingRequests: [{ ...user, WorkspaceId: 'ws-abcdef123', State: 'PENDING' as const }] };
const refused = (ErrorCode: string, ErrorMessage = 'refused') => ({
  PendingRequests: [],
  FailedRequests: [{ WorkspaceRequest: { ...user, BundleId: 'wsb-8vbljg4r6' }, ErrorCode, ErrorMessage }],
});
/** The user already has ws-abcdef123, with these tags: CreateWorkspaces refuses, the lookup finds it. */
const alreadyHasWorkspace = (tags: Record<string, string>) => {
  workspaces
    .on(CreateWorkspacesCommand)
    .resolves(refused('ResourceExists.WorkSpace', 'The specified user already has a WorkSpace.'));
  workspaces
    .on(DescribeWorkspacesCommand, { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' })
    .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
  workspaces.on(DescribeTagsCommand).resolves({
    TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
};

beforeEach(() => {
  for (const mock of [workspaces, dsData, ds, ses, events, sns]) mock.reset();
  provisioning.reset();
  skewMinutes = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMinutes * 60_000);
  clearRegistrationCodeCache();
  dsData.on(CreateUserCommand).resolves({ SAMAccountName: joiner.userName });
  workspaces.on(CreateWorkspacesCommand).resolves(created);
  workspaces
    .on(DescribeWorkspaceDirectoriesCommand)
    .resolves({ Directories: [{ DirectoryId: 'd-906700c0de', RegistrationCode: 'SLiad+ABCDEF' }] });
  ds.on(ResetUserPasswordCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

afterEach(() => {
  jest.restoreAllMocks();
});

const detailTypes = () => publishedEvents(events).map((e) => e.type);

describe('joiner workflow', () => {
  test('HappyPath: user created, WorkSpace watched to AVAILABLE by the provisioner, emails sent, ready event published', async () => {
    describing(undefined, 'PENDING', 'AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    // The provisioner's looks cost the execution no states: it waits on a task token.
    expect(outcome.path).toEqual([
      'ValidateJoiner',
      'RegisterJoiner',
      'NewerLeaverStands',
      'IsStartInFuture',
      'EnsureDirectoryUser',
      'UserExisted',
      'QueueWorkspaceCreation',
      'WatchNewWorkspace',
      'WorkspaceState',
      'GetRegistrationCode',
      'InitialPasswordWanted',
      'SetInitialPassword',
      'WelcomeWanted',
      'SendWelcomeEmail',
      'PublishWorkspaceReady',
    ]);
    expect(outcome.output).toMatchObject({
      profileName: 'power',
      workspace: { workspaceId: 'ws-abcdef123', adopted: false },
      watch: { workspaceId: 'ws-abcdef123', state: 'AVAILABLE' },
      directory: { registrationCode: 'SLiad+ABCDEF' },
      welcomeEmail: { messageId: 'msg-1' },
    });
    expect(JSON.stringify(outcome.output)).not.toMatch(/password"?:\s*"[^"]{12,}/i);
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, 3);
    expect(provisioning.items.size).toBe(0);
    const welcome = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(welcome.map((m) => m.Destination?.ToAddresses?.[0])).toEqual([
      'grace.hopper@example.com',
      'ada.lovelace@example.com',
    ]);
    expect(welcome[1].Content?.Simple?.Body?.Text?.Data).toContain('SLiad+ABCDEF');
    expect(detailTypes()).toEqual(['WorkSpace Ready']);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  test('EventBridgeEnvelope: the same object inside an event detail is accepted', async () => {
    describing('AVAILABLE');
    const outcome = await run({
      version: '0',
      id: 'x',
      'detail-type': 'Employee Joined',
      source: 'hr',
      detail: joiner,
    });
    expect(outcome.status).toBe('SUCCEEDED');
  });

  test('StartDateInFuture: waits until the lead time before the start date, then provisions', async () => {
    describing('AVAILABLE');
    const start = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    const outcome = await run({ ...joiner, startDate: start });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.slice(0, 6)).toEqual([
      'ValidateJoiner',
      'RegisterJoiner',
      'NewerLeaverStands',
      'IsStartInFuture',
      'WaitForLeadTime',
      'EnsureDirectoryUser',
    ]);
    const provisionAt = Date.parse((outcome.output as { provisionAt: string }).provisionAt);
    expect(Date.parse(`${start}T00:00:00Z`) - provisionAt).toBe(2 * 86400_000);
  });

  test('StartDateSoon: no wait when the lead time has already begun', async () => {
    describing('AVAILABLE');
    const outcome = await run({
      ...joiner,
      startDate: new Date(Date.now() + 86400_000).toISOString().slice(0, 10),
    });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).not.toContain('WaitForLeadTime');
  });

  test('NewerLeaverRegistered: a leaver ordered after this joiner registered first; nothing is created', async () => {
    const leaverArn = 'arn:aws:states:us-east-1:123456789012:execution:leaver:evt-leave-9';
    registerEntry(provisioning.register, joiner.employeeId, 'leaver', '2099-01-01T00:00:00.000Z', leaverArn);
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateJoiner',
      'RegisterJoiner',
      'NewerLeaverStands',
      'SupersededByNewerLeaver',
    ]);
    expect(dsData.calls(CreateUserCommand)).toEqual([]);
    expect(provisioning.items.size).toBe(0);
    expect(outcome.output).toMatchObject({
      register: { newer: { flow: 'leaver', executionArn: leaverArn } },
    });
  });

  test('InvalidInput: bad fields end the execution at once with the field named, and alert', async () => {
    const outcome = await run({ ...joiner, userName: 'not valid!', email: 'nope' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(outcome.cause).toContain('userName');
    expect(outcome.cause).toContain('email');
    expect(outcome.path).toEqual([
      'ValidateJoiner',
      'PublishOnboardingFailed',
      'AlertOperators',
      'NoteRedriveCount',
      'AwaitRedrive',
    ]);
    expect(dsData.calls(CreateUserCommand)).toEqual([]);
    expect(workspaces).not.toHaveReceivedCommand(CreateWorkspacesCommand);
    expect(publishedEvents(events)[0].detail).toMatchObject({
      version: '1',
      eventId: 'evt-0001',
      error: 'InvalidInputError',
    });
  });

  test('UnknownProfile: an explicit profile that does not exist is bad input', async () => {
    const outcome = await run({ ...joiner, profile: 'gold' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(outcome.cause).toContain('no profile named "gold"');
  });

  test("ExistingWorkspaceAdopted: ResourceExists.WorkSpace adopts the user's WorkSpace", async () => {
    alreadyHasWorkspace({ 'employee-id': 'E1001' });
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toContain('AdoptExistingWorkspace');
    expect(outcome.output).toMatchObject({ workspace: { workspaceId: 'ws-abcdef123', adopted: true } });
  });

  test('ExistingWorkspaceOfAnotherEmployee: a WorkSpace tagged for someone else is not handed over', async () => {
    alreadyHasWorkspace({ 'employee-id': 'E9999' });
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceOfAnotherEmployee' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
  });

  test('ExistingUntaggedWorkspace: one made by hand is adopted', async () => {
    alreadyHasWorkspace({});
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toContain('ReadAdoptedWorkspaceTags');
  });

  test('UserNotYetReplicated: ResourceNotFound.User is retried, then the WorkSpace is created', async () => {
    const notFound = refused('ResourceNotFound.User', 'not found');
    workspaces.on(CreateWorkspacesCommand).resolvesOnce(notFound).resolvesOnce(notFound).resolves(created);
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 3);
    expect(outcome.retries).toBe(2);
  });

  test('UserNeverReplicated: after the retries the flow fails clearly', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves(refused('ResourceNotFound.User', 'not found'));
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'UserNotFoundError' });
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 5);
  });

  test('QuotaFullUntilTheDeadline: waits for capacity, then fails with one alert from the provisioner', async () => {
    workspaces
      .on(CreateWorkspacesCommand)
      .rejects(serviceError('ResourceLimitExceededException', 400, 'quota'));
    const outcome = await run(joiner, (round) => {
      if (round === 3) skewMinutes = 91;
    });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceQuotaExceededError' });
    // Tried each round while it waited (the last round too, in case room came), never failed at once.
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 3);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
    // One alert when the quota started holding it back, one when it gave up; none from the flow itself.
    const alerts = sns.commandCalls(PublishCommand).map((c) => String(c.args[0].input.Subject));
    expect(alerts).toEqual([
      'workspaces-lifecycle: 1 joiners wait for WorkSpaces quota',
      'workspaces-lifecycle: 1 joiners failed: WorkSpaces quota full',
    ]);
  });

  test('QuotaFullThenRaised: the waiting joiner is created and finishes', async () => {
    describing('AVAILABLE');
    workspaces
      .on(CreateWorkspacesCommand)
      .rejectsOnce(serviceError('ResourceLimitExceededException', 400, 'quota'))
      .resolves(created);
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 2);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  test('ErrorThenRecovers: a WorkSpace in ERROR is rebuilt once and becomes AVAILABLE', async () => {
    describing('PENDING', 'ERROR', 'REBUILDING', 'AVAILABLE');
    workspaces.on(RebuildWorkspacesCommand).resolves({ FailedRequests: [] });
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toContain('RecoverWorkspace');
    expect(workspaces).toHaveReceivedCommandWith(RebuildWorkspacesCommand, {
      RebuildWorkspaceRequests: [{ WorkspaceId: 'ws-abcdef123' }],
    });
    expect(outcome.output).toMatchObject({ recovery: { action: 'rebuild' } });
  });

  test('ErrorTwice: a second ERROR after the recovery fails the flow and leaves the WorkSpace', async () => {
    describing('ERROR', 'REBUILDING', 'ERROR');
    workspaces.on(RebuildWorkspacesCommand).resolves({ FailedRequests: [] });
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceUnrecoverable' });
    expect(workspaces).toHaveReceivedCommandTimes(RebuildWorkspacesCommand, 1);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
  });

  test('DeadlinePassed: a WorkSpace still PENDING at the deadline fails the flow', async () => {
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'PENDING' }] });
    // Three looks in the first minutes, then the clock passes the 90 minute deadline.
    const outcome = await run(joiner, (round) => {
      if (round === 5) skewMinutes = 91;
    });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'ProvisioningDeadlineError' });
    expect(outcome.cause).toContain('ws-abcdef123 is still PENDING');
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, 4);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
  });

  test('ThrottlingThenSuccess: a throttled round leaves the work queued for the next round', async () => {
    workspaces.on(CreateWorkspacesCommand).rejectsOnce(throttled()).resolves(created);
    workspaces
      .on(DescribeWorkspacesCommand)
      .rejectsOnce(throttled())
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 2);
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, 2);
    // The execution never saw the throttling: nothing to retry, no transitions spent.
    expect(outcome.retries).toBe(0);
  });

  test('EmailFailure: a rejected welcome email fails the flow, keeps the WorkSpace and alerts', async () => {
    describing('AVAILABLE');
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['ada.lovelace@example.com'] } })
      .rejects(serviceError('MessageRejected', 400, 'Email address is not verified.'));
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'EmailRejectedError' });
    expect(outcome.path.slice(-5)).toEqual([
      'SendWelcomeEmail',
      'PublishOnboardingFailed',
      'AlertOperators',
      'NoteRedriveCount',
      'AwaitRedrive',
    ]);
    expect(workspaces).not.toHaveReceivedCommand(RebuildWorkspacesCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  test.each([
    ['SendingPausedException', 400],
    ['ServiceUnavailable', 503],
    ['TooManyRequestsException', 429],
  ])('EmailRejectedThenAccepted_OneWelcomeEmail (%s)', async (name, status) => {
    describing('AVAILABLE');
    const welcome = { Destination: { ToAddresses: ['ada.lovelace@example.com'] } };
    ses
      .on(SendEmailCommand, welcome)
      .rejectsOnce(serviceError(name, status, 'not now'))
      .resolves({ MessageId: 'msg-2' });

    const outcome = await run(joiner);

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ welcomeEmail: { messageId: 'msg-2' } });
    const toNewHire = ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'ada.lovelace@example.com');
    // Two attempts, one email: the refused one was never sent.
    expect(toNewHire).toHaveLength(2);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  test('PasswordEmailRejectedThenAccepted_UserEnabledOnceWithTheDeliveredPassword', async () => {
    describing('AVAILABLE');
    const toManager = { Destination: { ToAddresses: ['grace.hopper@example.com'] } };
    ses
      .on(SendEmailCommand, toManager)
      .rejectsOnce(serviceError('SendingPausedException', 400, 'paused'))
      .resolves({ MessageId: 'pw-2' });

    const outcome = await run(joiner);

    expect(outcome.status).toBe('SUCCEEDED');
    // The first password was never delivered, so its user was disabled again; the second stands.
    expect(ds).toHaveReceivedCommandTimes(ResetUserPasswordCommand, 2);
    expect(dsData.calls(DisableUserCommand)).toHaveLength(1);
  });

  test('PasswordEmailPermanentlyRejected_UserNotLeftEnabled_AlertNamesTheFix', async () => {
    describing('AVAILABLE');
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['grace.hopper@example.com'] } })
      .rejects(serviceError('MessageRejected', 400, 'Address blacklisted.'));

    const outcome = await run(joiner);

    expect(outcome).toMatchObject({ status: 'FAILED', error: 'EmailRejectedError' });
    expect(outcome.path).toContain('SetInitialPassword');
    expect(outcome.path).not.toContain('SendWelcomeEmail');
    // Every reset was followed by a disable: no user is left enabled with an undelivered password.
    const resets = ds.commandCalls(ResetUserPasswordCommand).length;
    expect(resets).toBeGreaterThan(0);
    expect(dsData.calls(DisableUserCommand)).toHaveLength(resets);
    const alert = String(sns.commandCalls(PublishCommand)[0].args[0].input.Message);
    expect(alert).toContain('EmailRejectedError');
    expect(alert).toMatch(/What to do: .*address/);
  });

  describe('redrive', () => {
    beforeEach(() => {
      // Before resuming, the flow reads its WorkSpace's tags: a leaver since the failure stands.
      workspaces.on(DescribeTagsCommand).resolves({ TagList: [{ Key: 'employee-id', Value: 'E1001' }] });
    });

    /** Redrives a failed outcome as RedriveExecution does: from the state it failed in. */
    const redriveOf = (outcome: { failedState?: { name: string; input: unknown } }, count = 1) => {
      if (!outcome.failedState) throw new Error('the execution recorded no failed state');
      return { state: outcome.failedState.name, input: outcome.failedState.input, count };
    };

    test('RedriveAfterEmailFixed_CompletesWithNoDuplicateWorkspaceUserOrPassword', async () => {
      describing('AVAILABLE');
      const welcome = { Destination: { ToAddresses: ['ada.lovelace@example.com'] } };
      ses.on(SendEmailCommand, welcome).rejects(serviceError('MessageRejected', 400, 'Address suppressed.'));
      const failed = await run(joiner);
      expect(failed).toMatchObject({ status: 'FAILED', error: 'EmailRejectedError' });
      expect(failed.failedState?.name).toBe('AwaitRedrive');

      // The operator removes the address from the suppression list, then redrives.
      ses.on(SendEmailCommand, welcome).resolves({ MessageId: 'msg-9' });
      const redriven = await run(joiner, undefined, redriveOf(failed));

      expect(redriven.status).toBe('SUCCEEDED');
      expect(redriven.path.slice(0, 7)).toEqual([
        'AwaitRedrive',
        'RecheckBeforeResuming',
        'ReadTagsBeforeResuming',
        'PlanResume',
        'ResumeStillWanted',
        'ResumeJoiner',
        'SendWelcomeEmail',
      ]);
      expect(redriven.output).toMatchObject({ welcomeEmail: { messageId: 'msg-9' } });
      expect(redriven.output).not.toHaveProperty('error');
      expect(dsData.calls(CreateUserCommand)).toHaveLength(1);
      expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
      expect(ds).toHaveReceivedCommandTimes(ResetUserPasswordCommand, 1);
      expect(detailTypes()).toEqual(['Onboarding Failed', 'WorkSpace Ready']);
    });

    test('RedriveAfterTheEmployeeLeft_ResumesNothing', async () => {
      describing('AVAILABLE');
      const toManager = { Destination: { ToAddresses: ['grace.hopper@example.com'] } };
      ses.on(SendEmailCommand, toManager).rejects(serviceError('MessageRejected', 400, 'Bad address.'));
      const failed = await run(joiner);
      // A leaver came after the failure: its removal is on the WorkSpace.
      workspaces.on(DescribeTagsCommand).resolves({
        TagList: [
          { Key: 'employee-id', Value: 'E1001' },
          { Key: 'lifecycle-removal-event-id', Value: 'evt-leave-1' },
          { Key: 'lifecycle-removal-ordered-at', Value: '2099-01-01T00:00:00.000Z' },
        ],
      });
      ses.on(SendEmailCommand, toManager).resolves({ MessageId: 'pw-9' });
      const resetsBefore = ds.commandCalls(ResetUserPasswordCommand).length;

      const redriven = await run(joiner, undefined, redriveOf(failed));

      expect(redriven.status).toBe('SUCCEEDED');
      expect(redriven.path.at(-1)).toBe('SupersededByNewerLeaver');
      // No password reset: it would enable the user the leaver disabled.
      expect(ds.commandCalls(ResetUserPasswordCommand).length).toBe(resetsBefore);
    });

    test('RedriveAfterPasswordEmailFixed_SetsOnePasswordThatIsDelivered', async () => {
      describing('AVAILABLE');
      const toManager = { Destination: { ToAddresses: ['grace.hopper@example.com'] } };
      ses.on(SendEmailCommand, toManager).rejects(serviceError('MessageRejected', 400, 'Bad address.'));
      const failed = await run(joiner);
      ses.on(SendEmailCommand, toManager).resolves({ MessageId: 'pw-9' });
      const resetsBefore = ds.commandCalls(ResetUserPasswordCommand).length;

      const redriven = await run(joiner, undefined, redriveOf(failed));

      expect(redriven.status).toBe('SUCCEEDED');
      expect(redriven.path).toContain('SetInitialPassword');
      expect(ds.commandCalls(ResetUserPasswordCommand).length - resetsBefore).toBe(1);
      expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    });

    test('DeadlinePassedThenAvailable_RedriveWatchesAgainAndFinishesOnboarding', async () => {
      describing('PENDING', 'PENDING', 'PENDING', 'PENDING');
      const failed = await run(joiner, (round) => {
        if (round === 5) skewMinutes = 91;
      });
      expect(failed).toMatchObject({ status: 'FAILED', error: 'ProvisioningDeadlineError' });
      // The provisioner alerted once for the deadline; the flow itself did not.
      expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject)).toEqual([
        'workspaces-lifecycle: 1 WorkSpaces missed the provisioning deadline',
      ]);

      describing().resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
      const redriven = await run(joiner, undefined, redriveOf(failed));

      expect(redriven.status).toBe('SUCCEEDED');
      expect(redriven.path).toEqual(
        expect.arrayContaining(['WatchWorkspace', 'SetInitialPassword', 'SendWelcomeEmail']),
      );
      expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    });

    test('NotRedrivable_BadInputFailsAgainSayingWhy', async () => {
      const failed = await run({ ...joiner, userName: 'not valid!' });
      const again = await run({ ...joiner, userName: 'not valid!' }, undefined, redriveOf(failed));

      expect(again).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
      expect(again.cause).toContain('A redrive cannot clear InvalidInputError');
    });

    test('FailedTwice_SecondRedriveStillResumes', async () => {
      describing('AVAILABLE');
      const welcome = { Destination: { ToAddresses: ['ada.lovelace@example.com'] } };
      ses.on(SendEmailCommand, welcome).rejects(serviceError('MessageRejected', 400, 'no'));
      const first = await run(joiner);
      const second = await run(joiner, undefined, redriveOf(first, 1));
      expect(second).toMatchObject({ status: 'FAILED', error: 'EmailRejectedError' });

      ses.on(SendEmailCommand, welcome).resolves({ MessageId: 'msg-3' });
      const third = await run(joiner, undefined, redriveOf(second, 2));

      expect(third.status).toBe('SUCCEEDED');
    });
  });
});

describe('joiner workflow: events for someone who already has a WorkSpace (issue 12)', () => {
  const byEarlierJoiner = { 'employee-id': 'E1001', 'lifecycle-event-id': 'evt-join-0' };
  const earlierJoiner = (status: 'RUNNING' | 'SUCCEEDED' | 'FAILED') =>
    provisioning.sfn.on(DescribeExecutionCommand).resolves({
      status,
      input: JSON.stringify({ ...joiner, eventId: 'evt-join-0' }),
    });
  const passwords = () => ds.commandCalls(ResetUserPasswordCommand).length;
  const welcomes = () =>
    ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.includes(joiner.email)).length;

  test('CorrectedJoinerAfterOneThatSucceeded: the directory takes the new name; no second welcome, no second password', async () => {
    alreadyHasWorkspace(byEarlierJoiner);
    dsData
      .on(CreateUserCommand)
      .rejects(new DirectoryServiceDataServiceError('ConflictException', 'exists', { httpStatusCode: 409 }));
    dsData.on(UpdateUserCommand).resolves({});
    earlierJoiner('SUCCEEDED');
    describing('AVAILABLE');
    const outcome = await run({ ...joiner, eventId: 'evt-join-1', familyName: 'King' });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(dsData.calls(UpdateUserCommand)).toEqual([expect.objectContaining({ Surname: 'King' })]);
    expect(passwords()).toBe(0);
    expect(welcomes()).toBe(0);
    expect(provisioning.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(outcome.output).toMatchObject({ adoption: { welcomed: true }, userUpdate: { updated: true } });
    expect(detailTypes()).toEqual(['WorkSpace Ready']);
  });

  test('SecondJoinerWhileTheFirstStillRuns: the first finishes the onboarding, the second only corrects the directory', async () => {
    alreadyHasWorkspace(byEarlierJoiner);
    dsData
      .on(CreateUserCommand)
      .rejects(new DirectoryServiceDataServiceError('ConflictException', 'exists', { httpStatusCode: 409 }));
    dsData.on(UpdateUserCommand).resolves({});
    earlierJoiner('RUNNING');
    const outcome = await run({ ...joiner, eventId: 'evt-join-1', familyName: 'King' });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.at(-1)).toBe('EarlierJoinerStillOnboarding');
    expect(dsData.calls(UpdateUserCommand)).toEqual([expect.objectContaining({ Surname: 'King' })]);
    // The earlier joiner may already have set the password: nothing is stopped, nothing sent twice.
    expect(provisioning.sfn).not.toHaveReceivedCommand(StopExecutionCommand);
    expect(passwords()).toBe(0);
    expect(welcomes()).toBe(0);
  });

  test('JoinedAgainInTheGracePeriod: the pending removal is cancelled, the WorkSpace started, the user re-enabled', async () => {
    alreadyHasWorkspace({
      'employee-id': 'E1001',
      'lifecycle-removal-event-id': 'evt-leave-1',
      'lifecycle-removal-ordered-at': '2020-01-01T00:00:00.000Z',
    });
    workspaces
      .on(DescribeWorkspacesCommand, { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' })
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'STOPPED' }] });
    workspaces.on(StartWorkspacesCommand).resolves({ FailedRequests: [] });
    describing('AVAILABLE');
    const outcome = await run({ ...joiner, eventId: 'evt-join-1' });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandWith(DeleteTagsCommand, {
      ResourceId: 'ws-abcdef123',
      TagKeys: ['lifecycle-remove-after', 'lifecycle-removal-event-id', 'lifecycle-removal-ordered-at'],
    });
    expect(workspaces).toHaveReceivedCommandTimes(StartWorkspacesCommand, 1);
    expect(passwords()).toBe(1);
    const password = ses
      .commandCalls(SendEmailCommand)
      .find((c) => c.args[0].input.Destination?.ToAddresses?.includes(joiner.managerEmail ?? ''));
    expect(password?.args[0].input.Content?.Simple?.Subject?.Data).toMatch(/^New password for/);
  });

  test('OlderThanAPendingLeaver: a joiner ordered before the leaver changes nothing', async () => {
    alreadyHasWorkspace({
      'employee-id': 'E1001',
      'lifecycle-removal-event-id': 'evt-leave-1',
      'lifecycle-removal-ordered-at': '2030-01-01T00:00:00.000Z',
    });
    const outcome = await run({ ...joiner, eventId: 'evt-join-1', occurredAt: '2029-12-31T00:00:00Z' });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path.at(-1)).toBe('SupersededByNewerLeaver');
    expect(workspaces).not.toHaveReceivedCommand(DeleteTagsCommand);
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(passwords()).toBe(0);
    expect(welcomes()).toBe(0);
  });
});
