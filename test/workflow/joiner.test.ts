import { DirectoryServiceClient, ResetUserPasswordCommand } from '@aws-sdk/client-directory-service';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  RebuildWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceState,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { CreateUserCommand } from '../../functions/commons/directory-service-data';
import { clearRegistrationCodeCache } from '../../functions/get-registration-code';
import { runExecution } from '../../sandbox/run-execution';
import { loadTaskHandlers } from '../../sandbox/task-handlers';
import { mockDsData } from '../helpers/ds-data-mock';
import { exampleJoiner } from '../helpers/examples';

const workspaces = mockClient(WorkSpacesClient);
const dsData = mockDsData();
const ds = mockClient(DirectoryServiceClient);
const ses = mockClient(SESv2Client);
const events = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);

const joiner = exampleJoiner;

const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
const describing = (...states: (WorkspaceState | undefined)[]) => {
  let stub = workspaces.on(DescribeWorkspacesCommand, { WorkspaceIds: ['ws-abcdef123'] });
  for (const state of states) {
    stub = stub.resolvesOnce({ Workspaces: state ? [{ WorkspaceId: 'ws-abcdef123', State: state }] : [] });
  }
  return stub;
};

async function run(input: unknown) {
  const handlers = await loadTaskHandlers();
  return runExecution('joiner', input, {
    handlers,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-0001',
    executionName: 'evt-0001',
    instant: true,
  });
}

beforeEach(() => {
  for (const mock of [workspaces, dsData, ds, ses, events, sns]) mock.reset();
  clearRegistrationCodeCache();
  dsData.on(CreateUserCommand as never).resolves({ SAMAccountName: joiner.userName } as never);
  workspaces
    .on(CreateWorkspacesCommand)
    .resolves({ PendingRequests: [{ WorkspaceId: 'ws-abcdef123', State: 'PENDING' }], FailedRequests: [] });
  workspaces
    .on(DescribeWorkspaceDirectoriesCommand)
    .resolves({ Directories: [{ DirectoryId: 'd-906700c0de', RegistrationCode: 'SLiad+ABCDEF' }] });
  ds.on(ResetUserPasswordCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});

const detailTypes = () =>
  events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.[0]?.DetailType);

describe('joiner workflow', () => {
  test('HappyPath: user created, WorkSpace polled to AVAILABLE, emails sent, ready event published', async () => {
    describing(undefined, 'PENDING', 'AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toEqual([
      'ValidateJoiner',
      'IsStartInFuture',
      'EnsureDirectoryUser',
      'CreateWorkspace',
      'WaitForProvisioning',
      'CheckWorkspace',
      'CopyPollPlan',
      'WorkspaceState',
      'WaitForProvisioning',
      'CheckWorkspace',
      'CopyPollPlan',
      'WorkspaceState',
      'WaitForProvisioning',
      'CheckWorkspace',
      'CopyPollPlan',
      'WorkspaceState',
      'GetRegistrationCode',
      'InitialPasswordWanted',
      'SetInitialPassword',
      'SendWelcomeEmail',
      'PublishWorkspaceReady',
    ]);
    expect(outcome.output).toMatchObject({
      profileName: 'power',
      workspace: { workspaceId: 'ws-abcdef123', adopted: false, state: 'AVAILABLE' },
      directory: { registrationCode: 'SLiad+ABCDEF' },
      welcomeEmail: { messageId: 'msg-1' },
    });
    expect(JSON.stringify(outcome.output)).not.toMatch(/password"?:\s*"[^"]{12,}/i);
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
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
    expect(outcome.path.slice(0, 4)).toEqual([
      'ValidateJoiner',
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
    expect(outcome.path).not.toContain('WaitForLeadTime');
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
      'OnboardingFailed',
    ]);
    expect(dsData).not.toHaveReceivedCommand(CreateUserCommand as never);
    expect(workspaces).not.toHaveReceivedCommand(CreateWorkspacesCommand);
    const failed = JSON.parse(
      events.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0]?.Detail ?? '{}',
    );
    expect(failed).toMatchObject({ version: '1', eventId: 'evt-0001', error: 'InvalidInputError' });
  });

  test('UnknownProfile: an explicit profile that does not exist is bad input', async () => {
    const outcome = await run({ ...joiner, profile: 'gold' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(outcome.cause).toContain('no profile named "gold"');
  });

  test("ExistingWorkspaceAdopted: ResourceExists.WorkSpace adopts the user's WorkSpace", async () => {
    workspaces.on(CreateWorkspacesCommand).resolves({
      PendingRequests: [],
      FailedRequests: [
        {
          ErrorCode: 'ResourceExists.WorkSpace',
          ErrorMessage: 'The specified user already has a WorkSpace.',
        },
      ],
    });
    workspaces
      .on(DescribeWorkspacesCommand, { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' })
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [{ Key: 'employee-id', Value: 'E1001' }] });
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toContain('AdoptExistingWorkspace');
    expect(outcome.output).toMatchObject({ workspace: { workspaceId: 'ws-abcdef123', adopted: true } });
  });

  test('ExistingWorkspaceOfAnotherEmployee: a WorkSpace tagged for someone else is not handed over', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves({
      FailedRequests: [
        {
          ErrorCode: 'ResourceExists.WorkSpace',
          ErrorMessage: 'The specified user already has a WorkSpace.',
        },
      ],
    });
    workspaces
      .on(DescribeWorkspacesCommand, { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' })
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [{ Key: 'employee-id', Value: 'E9999' }] });
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceOfAnotherEmployee' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
  });

  test('ExistingUntaggedWorkspace: one made by hand is adopted', async () => {
    workspaces.on(CreateWorkspacesCommand).resolves({
      FailedRequests: [{ ErrorCode: 'ResourceExists.WorkSpace', ErrorMessage: 'exists' }],
    });
    workspaces
      .on(DescribeWorkspacesCommand, { DirectoryId: 'd-906700c0de', UserName: 'ada.lovelace' })
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [] });
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).toContain('ReadAdoptedWorkspaceTags');
  });

  test('UserNotYetReplicated: ResourceNotFound.User is retried, then the WorkSpace is created', async () => {
    const notFound = {
      PendingRequests: [],
      FailedRequests: [{ ErrorCode: 'ResourceNotFound.User', ErrorMessage: 'not found' }],
    };
    workspaces
      .on(CreateWorkspacesCommand)
      .resolvesOnce(notFound)
      .resolvesOnce(notFound)
      .resolves({ PendingRequests: [{ WorkspaceId: 'ws-abcdef123' }] });
    describing('AVAILABLE');
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 3);
    expect(outcome.retries).toBe(2);
  });

  test('UserNeverReplicated: after the retries the flow fails clearly', async () => {
    workspaces
      .on(CreateWorkspacesCommand)
      .resolves({ FailedRequests: [{ ErrorCode: 'ResourceNotFound.User', ErrorMessage: 'not found' }] });
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'UserNotFoundError' });
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 5);
  });

  test('QuotaExceeded: fails without retrying and alerts operators', async () => {
    workspaces.on(CreateWorkspacesCommand).rejects(
      Object.assign(new Error('quota'), {
        name: 'ResourceLimitExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'WorkspaceQuotaExceededError' });
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    expect(detailTypes()).toEqual(['Onboarding Failed']);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain(
      'WorkspaceQuotaExceededError',
    );
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
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'ProvisioningDeadlineError' });
    // First look at ~18 min, then ~2 min steps up to the 90 minute deadline.
    const looks = workspaces.commandCalls(DescribeWorkspacesCommand).length;
    expect(looks).toBeGreaterThan(30);
    expect(looks).toBeLessThan(60);
  });

  test('ThrottlingThenSuccess: throttled calls are retried by the state machine', async () => {
    workspaces
      .on(CreateWorkspacesCommand)
      .rejectsOnce(throttled())
      .resolves({ PendingRequests: [{ WorkspaceId: 'ws-abcdef123' }] });
    workspaces
      .on(DescribeWorkspacesCommand)
      .rejectsOnce(throttled())
      .resolves({ Workspaces: [{ WorkspaceId: 'ws-abcdef123', State: 'AVAILABLE' }] });
    const outcome = await run(joiner);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.retries).toBeGreaterThanOrEqual(2);
  });

  test('EmailFailure: a rejected welcome email fails the flow, keeps the WorkSpace and alerts', async () => {
    describing('AVAILABLE');
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['ada.lovelace@example.com'] } }).rejects(
      Object.assign(new Error('Email address is not verified.'), {
        name: 'MessageRejected',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const outcome = await run(joiner);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'EmailRejectedError' });
    expect(outcome.path.slice(-4)).toEqual([
      'SendWelcomeEmail',
      'PublishOnboardingFailed',
      'AlertOperators',
      'OnboardingFailed',
    ]);
    expect(workspaces).not.toHaveReceivedCommand(RebuildWorkspacesCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});
