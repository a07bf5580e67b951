import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
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
    // Our own role instead of the default one: it gets log rights to this group only, not the
    // account-wide AWSLambdaBasicExecutionRole managed policy.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    for (const statement of props.statements) this.role.addToPolicy(statement);

    const onEvent = this.handlerFunction('OnEvent', props.handler, 'onEvent', logGroup);
    const isComplete = this.handlerFunction('IsComplete', props.handler, 'isComplete', logGroup);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(30),
      totalTimeout: props.totalTimeout,
      logGroup,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: `Custom::${props.resourceType}`,
      properties: props.properties,
    });
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

/** ARN of a Directory Service directory, for IAM resources. */
export function directoryServiceArn(scope: Construct, directoryId: string): string {
  const stack = Stack.of(scope);
  return stack.formatArn({ service: 'ds', resource: 'directory', resourceName: directoryId });
}
