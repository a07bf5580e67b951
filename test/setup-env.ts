// Runs before each test file loads anything: the task functions read their configuration at
// module load, as at a Lambda cold start. Every function's variables, as in the sandbox.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../config/example.config';
import { configurationValues, writeProfilesFile } from '../infra/automation-config';
import { parseConfig } from '../infra/config';

export const testDirectoryId = 'd-906700c0de';
const automation = parseConfig(config).automation;
Object.assign(
  process.env,
  configurationValues(automation, {
    directoryId: testDirectoryId,
    directoryMode: 'managed-ad',
    eventBusName: 'hr-events',
    alertTopicArn: 'arn:aws:sns:us-east-1:123456789012:workspaces-alerts',
    provisioningTable: 'provisioning-queue',
    lifecycleTable: 'lifecycle-register',
    profilesFile: writeProfilesFile(automation.profiles, join(tmpdir(), `workspaces-test-${process.pid}`)),
    joinerStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner',
    leaverStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:leaver',
    stateMachineArns: JSON.stringify({
      joiner: 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner',
      leaver: 'arn:aws:states:us-east-1:123456789012:stateMachine:leaver',
      rehire: 'arn:aws:states:us-east-1:123456789012:stateMachine:rehire',
      mover: 'arn:aws:states:us-east-1:123456789012:stateMachine:mover',
    }),
    webhookSecretArn: 'workspaces-lifecycle/hr-webhook',
    reviewBucket: 'fleet-review',
    workspaceArnPrefix: 'arn:aws:workspaces:us-east-1:123456789012:workspace/',
  }),
  {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Metrics are checked where they are recorded (test/helpers/metrics.ts), not printed.
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    // A mock that is not set up must fail fast here, never reach AWS.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  },
);
