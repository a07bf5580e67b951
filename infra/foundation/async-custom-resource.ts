import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

const handlersDir = path.join(__dirname, '..', '..', 'functions', 'custom-resources');

/** Props of {@link AsyncCustomResource}. */
export interface AsyncCustomResourceProps {
  /** Handler file in `functions/custom-resources/`, without `.ts`; it exports `onEvent` and `isComplete`. */
  readonly handler: string;
  /** CloudFormation type after `Custom::`. */
  readonly resourceType: string;
  /** Properties passed to the handler (CloudFormation turns scalars into strings). */
  readonly properties: Record<string, unknown>;
  /** The only AWS permissions the handlers get besides writing their own logs. */
  readonly statements: iam.PolicyStatement[];
  /** How long `isComplete` may keep answering "not yet". */
  readonly totalTimeout: Duration;
}

/**
 * A custom resource backed by our own `onEvent` / `isComplete` handlers behind the CDK
 * Provider framework, for AWS operations that finish after the API call returns.
 */
export class AsyncCustomResource extends Construct {
  /** The custom resource itself. */
  public readonly resource: CustomResource;
  /** The role both handlers run as; tests assert its statements. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AsyncCustomResourceProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own roles instead of the defaults: they may write to this log group only, rather than
    // anywhere through the AWSLambdaBasicExecutionRole managed policy.
    this.role = this.lambdaRole('Role', logGroup);
    for (const statement of props.statements) this.role.addToPolicy(statement);
    // Two framework roles, as the Provider's defaults: one shared role would depend on itself
    // through the waiter state machine.
    const frameworkOnEventRole = this.lambdaRole('FrameworkOnEventRole', logGroup);
    const frameworkWaiterRole = this.lambdaRole('FrameworkWaiterRole', logGroup);

    const onEvent = this.handlerFunction('OnEvent', props.handler, 'onEvent', logGroup);
    const isComplete = this.handlerFunction('IsComplete', props.handler, 'isComplete', logGroup);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(30),
      totalTimeout: props.totalTimeout,
      logGroup,
      frameworkOnEventRole,
      frameworkCompleteAndTimeoutRole: frameworkWaiterRole,
      // The framework leaves its waiter unlogged unless told otherwise.
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: new logs.LogGroup(this, 'WaiterLogs', {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
      },
    });

    const stack = Stack.of(this);
    const arnOf = (fn: lambda.IFunction) =>
      `<${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>`;
    const invokedByFramework = [onEvent, isComplete, ...frameworkFunctions(provider)];
    for (const fn of invokedByFramework) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        reason:
          'The CDK Provider framework grants lambda:InvokeFunction on every version and alias of the handlers it ' +
          'calls (function ARN followed by :*); the functions themselves are named exactly.',
      });
    }
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:log-stream:*]`,
      reason: 'Lambda names its log streams at run time; the wildcard stays inside this one log group.',
    });
    const waiter = provider.node.tryFindChild('waiter-state-machine');
    if (waiter) {
      Validations.of(waiter).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...) ' +
          'supports no resource-level permissions; the Provider framework grants exactly those on *.',
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SF2',
      reason:
        'The Provider framework builds its waiter state machine without a tracing option; it only polls our ' +
        'isComplete handler, whose logs carry the detail, and its execution history is logged at level ALL.',
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: `Custom::${props.resourceType}`,
      properties: props.properties,
    });
  }

  private lambdaRole(id: string, logGroup: logs.ILogGroup): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    return role;
  }

  private handlerFunction(id: string, file: string, exportName: string, logGroup: logs.ILogGroup) {
    return new NodejsFunction(this, id, {
      entry: path.join(handlersDir, `${file}.ts`),
      handler: exportName,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        minify: true,
        keepNames: true,
        sourceMap: true,
        target: `node24`,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire as topLevelCreateRequire } from 'node:module'; const require = topLevelCreateRequire(import.meta.url);",
        // Bundle our pinned SDK: the runtime's copy may predate EnableDirectoryDataAccess.
        externalModules: [],
      },
    });
  }
}

/** The Lambda functions the Provider framework creates for itself. */
function frameworkFunctions(provider: cr.Provider): lambda.IFunction[] {
  return ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']
    .map((id) => provider.node.tryFindChild(id))
    .filter((child): child is lambda.Function => child instanceof lambda.Function);
}

/** ARN of a Directory Service directory, for IAM resources. */
export function directoryServiceArn(scope: Construct, directoryId: string): string {
  const stack = Stack.of(scope);
  return stack.formatArn({ service: 'ds', resource: 'directory', resourceName: directoryId });
}
