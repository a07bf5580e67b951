import { Duration } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { ProvisionerSettings } from '../functions/commons/config';
import { queueKeyName } from '../functions/commons/provisioning';
import { type FunctionDeployment, TaskFunction } from './task-function';

/** The provisioning queue: joiner executions waiting on the provisioner, one item each. */
export function provisioningQueueTable(scope: Construct): Table {
  return new Table(scope, 'ProvisioningQueue', {
    partitionKey: { name: queueKeyName, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

/**
 * The lifecycle register: one item per employee (`employeeId`), a string set per flow of
 * `<orderedAt> <executionArn>`. A leaver reads it to know, before any WorkSpaces call, whether
 * a newer joiner or rehire stands and which older ones still run.
 */
export function lifecycleRegisterTable(scope: Construct): Table {
  return new Table(scope, 'LifecycleRegister', {
    partitionKey: { name: 'employeeId', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

export interface ProvisionerProps {
  settings: ProvisionerSettings;
  /** The queue; the function's access to it is declared in the registry. */
  table: Table;
  deployment: FunctionDeployment;
}

/**
 * The shared provisioner: a function run on a schedule, one at a time, that creates queued
 * WorkSpaces 25 per CreateWorkspaces call, describes watched ones 25 per DescribeWorkspaces
 * call, and answers the waiting joiner executions' task tokens.
 */
export class Provisioner extends Construct {
  readonly function: TaskFunction;

  constructor(scope: Construct, id: string, props: ProvisionerProps) {
    super(scope, id);
    const intervalMinutes = props.settings.intervalMinutes;
    this.function = new TaskFunction(this, 'Provisioner', {
      deployment: props.deployment,
      // A round spends at most nine tenths of the interval on WorkSpaces calls; answering takes little more.
      timeout: Duration.minutes(intervalMinutes + 1),
      // One round at a time: a second would spend the same API budget twice.
      reservedConcurrency: 1,
    });
    const fn = this.function.fn;
    // A round held back by the one-at-a-time limit is not kept to run late: the next one is due.
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(intervalMinutes) });
    new Rule(this, 'Schedule', {
      schedule: Schedule.rate(Duration.minutes(intervalMinutes)),
      // A missed round is made up by the next one.
      targets: [new LambdaFunction(fn, { retryAttempts: 0 })],
    });
  }
}
