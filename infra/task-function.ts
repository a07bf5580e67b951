import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { fileNameOf } from '../functions';

const root = join(__dirname, '..');

/** Acknowledges one cdk-nag IAM5 wildcard finding on `scope`, with the reason it cannot be narrower. */
export function acknowledgeWildcard(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
}

export interface TaskFunctionProps {
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /** Copy `templates/` next to the bundle (functions that send email). */
  withTemplates?: boolean;
  timeout?: Duration;
  /** At most this many running at once. */
  reservedConcurrency?: number;
}

/**
 * One task function: `functions/<kebab-name>.ts` bundled by esbuild for Node 24 on arm64.
 * Names are kept through minification because the state machines match errors by name.
 */
export class TaskFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, name: string, props: TaskFunctionProps) {
    super(scope, name);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.logGroup = logGroup;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(root, 'functions', `${fileNameOf(name)}.ts`),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'workspaces-lifecycle',
      },
      bundling: {
        minify: true,
        keepNames: true,
        sourceMap: true,
        target: 'node24',
        // middy 7 is ESM only: bundle as ESM, with `require` for the CommonJS dependencies.
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            props.withTemplates ? [`cp -r "${inputDir}/templates" "${outputDir}/templates"`] : [],
        },
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole lets a function write only its own logs; AWS maintains it.',
    });
    acknowledgeWildcard(
      this,
      'Resource::*',
      'X-Ray tracing and the WorkSpaces Describe calls support no resource-level permissions.',
    );
  }
}
