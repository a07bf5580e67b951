import { Duration, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { Archive, type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type HrDetailType, HrSource, hrEventPattern, hrEventTypes } from '../functions/commons/contracts';
import type { AutomationConfig } from './automation-config';
import { type FunctionDeployment, TaskFunction } from './task-function';

export interface HrIntakeProps {
  config: AutomationConfig;
  bus: EventBus;
  /** The flows by name; an HR event type whose flow is absent gets no rule. */
  stateMachines: Record<string, IStateMachine>;
  /** How the dispatcher and webhook get their environment and permissions from the registry. */
  deployment: FunctionDeployment;
}

/**
 * How HR events enter: the bus archive, one rule per event type targeting the dispatcher
 * (retries and an encrypted dead-letter queue, so nothing is lost), and the signed webhook
 * behind API Gateway, with its HMAC key in Secrets Manager.
 */
export class HrIntake extends Construct {
  readonly deadLetterQueue: Queue;
  readonly dispatcher: TaskFunction;
  readonly webhook: TaskFunction;
  readonly webhookSecret: Secret;
  readonly api: RestApi;
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: HrIntakeProps) {
    super(scope, id);
    const { config, bus, stateMachines, deployment } = props;
    const { logRetention } = deployment;

    new Archive(this, 'Archive', {
      sourceEventBus: bus,
      eventPattern: { source: [HrSource] },
      retention: Duration.days(config.intake.archiveRetentionDays),
      description: 'HR events, kept so lost processing can be replayed',
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the HR intake.',
    });

    this.webhookSecret = new Secret(this, 'WebhookSecret', {
      description: 'HMAC key shared with the HR system for the webhook signature',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key is shared with the HR system; rotating it must be done with them (README: rotate the webhook key).',
    });

    this.dispatcher = new TaskFunction(this, 'DispatchHrEvent', { deployment });
    this.webhook = new TaskFunction(this, 'HrWebhook', { deployment });

    // A function error (an invalid event, a flow that cannot start) lands in the queue with its reason.
    this.dispatcher.fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    for (const [detailType, { stateMachine }] of Object.entries(hrEventTypes)) {
      const machine = stateMachines[stateMachine];
      if (!machine) continue;
      this.rules.push(
        // One rule per flow keeps its construct id; a second event type for a flow is named by its type.
        new Rule(this, ruleIdOf(detailType, stateMachine), {
          eventBus: bus,
          description: `${detailType} -> ${stateMachine} flow`,
          eventPattern: hrEventPattern(detailType as HrDetailType),
          targets: [
            new LambdaFunction(this.dispatcher.fn, {
              deadLetterQueue: this.deadLetterQueue,
              retryAttempts: 8,
              maxEventAge: Duration.hours(24),
            }),
          ],
        }),
      );
    }

    this.api = new RestApi(this, 'WebhookApi', {
      description: 'HR webhook: signed HR events in, onto the HR bus',
      cloudWatchRole: true,
      deployOptions: {
        throttlingRateLimit: config.intake.apiRateLimit,
        throttlingBurstLimit: config.intake.apiBurstLimit,
        accessLogDestination: new LogGroupLogDestination(
          new LogGroup(this, 'ApiAccessLogs', { retention: logRetention }),
        ),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        tracingEnabled: true,
      },
    });
    this.api.root.addResource('events').addMethod('POST', new LambdaIntegration(this.webhook.fn));
    const reasons: [string, string][] = [
      [
        'AwsSolutions-APIG2',
        'The webhook function validates every body against the HR event contract and answers 400 naming the field.',
      ],
      [
        'AwsSolutions-APIG3',
        'Requests are authenticated by HMAC signature and limited by stage throttling; add a WAF where the organisation has one.',
      ],
      [
        'AwsSolutions-APIG4',
        'The HR system is not an AWS principal: each request carries an HMAC signature the function verifies.',
      ],
      ['AwsSolutions-COG4', 'No Cognito users call this API; requests are HMAC-signed by the HR system.'],
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'The account-level API Gateway logging role AWS prescribes for access logs.',
      ],
    ];
    for (const [id, reason] of reasons) Validations.of(this.api).acknowledge({ id, reason });
  }
}

/**
 * The construct id of an event type's rule: `LeaverRule` for the first type of each flow (the ids
 * deployed stacks have), the type's own name for another (`WorkSpaceUnusedRule`).
 */
function ruleIdOf(detailType: string, stateMachine: string): string {
  const first = Object.entries(hrEventTypes).find(([, t]) => t.stateMachine === stateMachine)?.[0];
  return first === detailType
    ? `${stateMachine[0].toUpperCase()}${stateMachine.slice(1)}Rule`
    : `${detailType.replace(/[^A-Za-z0-9]/g, '')}Rule`;
}
