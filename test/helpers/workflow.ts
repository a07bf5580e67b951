import * as DirectoryService from '@aws-sdk/client-directory-service';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as WorkSpaces from '@aws-sdk/client-workspaces';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { StateMachineName } from '../../functions';
import * as DsData from '../../functions/commons/directory-service-data';
import { type RunOptions, runExecution } from '../../sandbox/run-execution';
import { localAccount, localRegion } from '../../sandbox/state-machines';
import { loadTaskHandlers } from '../../sandbox/task-handlers';
import type { FakeEstate } from './fake-estate';
import { mockDirectoryData } from './mock-directory-data';
import { mockProvisioning } from './provisioning';

/**
 * Runs one execution of `name` in-process with every task function's handler, skipping its
 * Waits and retry intervals; the execution ARN is derived from `executionName`.
 */
export async function runInstant(
  name: StateMachineName,
  input: unknown,
  executionName: string,
  options: Partial<RunOptions> = {},
) {
  return runExecution(name, input, {
    handlers: await loadTaskHandlers(),
    executionArn: `arn:aws:states:${localRegion}:${localAccount}:execution:${name}:${executionName}`,
    executionName,
    instant: true,
    ...options,
  });
}

/** The lifecycle events put on the bus, in order, each with its detail parsed. */
export function publishedEvents(events: AwsClientStub<EventBridgeClient>) {
  return events.commandCalls(PutEventsCommand).map((c) => {
    const entry = c.args[0].input.Entries?.[0];
    return { type: entry?.DetailType, detail: JSON.parse(entry?.Detail ?? '{}') };
  });
}

/**
 * The clients the leaver and rehire flows call, mocked; `reset` clears them, puts `estate`
 * behind WorkSpaces and the directory, empties the lifecycle `register` and the provisioning
 * queue behind DynamoDB (one mock holds both), and has the other services accept every call.
 * `provisioning.roundsUntil` runs the provisioner's rounds that make the leaver's batched calls.
 */
export function mockEstateClients() {
  const provisioning = mockProvisioning();
  const mocks = {
    workspaces: mockClient(WorkSpaces.WorkSpacesClient),
    dsData: mockDirectoryData(),
    ds: mockClient(DirectoryService.DirectoryServiceClient),
    ses: mockClient(SESv2Client),
    events: mockClient(EventBridgeClient),
    sns: mockClient(SNSClient),
    sfn: provisioning.sfn,
    dynamo: provisioning.dynamo,
  };
  const { register } = provisioning;
  function reset(estate: FakeEstate) {
    for (const mock of Object.values(mocks)) mock.reset();
    provisioning.reset();
    estate.install(mocks, { workspaces: WorkSpaces, dsData: DsData, ds: DirectoryService });
    mocks.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
    mocks.sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    mocks.ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
  }
  return { ...mocks, register, provisioning, reset };
}
