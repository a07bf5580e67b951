import { join } from 'node:path';
import { Duration, Token, Validations } from 'aws-cdk-lib';
import { Architecture, type ILayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { allFunctions, type FunctionName, fileNameOf, type Permission } from '../functions';
import { Env } from '../functions/commons/env';
import { type ConfigurationValues, environmentOf } from './automation-config';

const root = join(__dirname, '..');

/** Acknowledges one cdk-nag IAM5 wildcard finding on `scope`, with the reason it cannot be narrower. */
export function acknowledgeWildcard(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
}

/** Lambda's limit on a function's environment: keys and values together. */
export const environmentLimitBytes = 4096;
/**
 * What an unresolved token (an ARN, a cross-stack import) is counted as: more than any ARN or
 * name this stack passes, so the check errs on the safe side.
 */
const tokenEstimateBytes = 512;

/**
 * The size Lambda counts for an environment, with values not known before deployment (tokens, or
 * CloudFormation intrinsics in a template) at their upper estimate.
 */
export function environmentSize(environment: Record<string, unknown>): number {
  return Object.entries(environment).reduce((sum, [key, value]) => {
    const bytes =
      typeof value !== 'string'
        ? tokenEstimateBytes
        : Token.isUnresolved(value)
          ? tokenEstimateBytes * Math.max(1, value.match(/\$\{Token\[/g)?.length ?? 0)
          : Buffer.byteLength(value);
    return sum + Buffer.byteLength(key) + bytes;
  }, 0);
}

/** How a deployment turns the registry's declarations into resources. */
export interface FunctionDeployment {
  /** Every configuration value; each function gets the ones its entry reads. */
  configuration: ConfigurationValues;
  logRetention: RetentionDays;
  /** Grants one declared permission to a function. */
  grant(fn: NodejsFunction, permission: Permission): void;
  /** The layer holding the profiles file, for the function that reads it. */
  profilesLayer: ILayerVersion;
}

export interface TaskFunctionProps {
  deployment: FunctionDeployment;
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

  constructor(scope: Construct, name: FunctionName, props: TaskFunctionProps) {
    super(scope, name);
    const { deployment } = props;
    const spec = allFunctions[name];
    const environment = {
      ...environmentOf(spec, deployment.configuration),
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'workspaces-lifecycle',
    };
    const size = environmentSize(environment);
    if (size > environmentLimitBytes) {
      throw new Error(
        `${name}: its environment would be about ${size} bytes, over Lambda's ${environmentLimitBytes}: ` +
          `move large configuration to a file (as ${Env.ProfilesFile} is)`,
      );
    }
    const logGroup = new LogGroup(this, 'Logs', { retention: deployment.logRetention });
    this.logGroup = logGroup;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(root, 'functions', `${fileNameOf(name)}.ts`),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(spec.timeoutSeconds ?? 30),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      environment,
      layers: spec.reads.includes(Env.ProfilesFile) ? [deployment.profilesLayer] : undefined,
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
            spec.templates ? [`cp -r "${inputDir}/templates" "${outputDir}/templates"`] : [],
        },
      },
    });
    for (const permission of spec.may ?? []) deployment.grant(this.fn, permission);
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
