import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArnFormat, Aws, Duration, Lazy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, type CfnFunction, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  type CfnStateMachine,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  type Permission,
  type StateMachineName,
  substitutionOf,
  type TaskFunctionName,
  taskFunctionNames,
  type WorkspaceCondition,
} from '../functions';
import type { DirectoryMode } from '../functions/commons/config';
import { HrBusName, hrEventTypes } from '../functions/commons/contracts';
import { adoptionTagKeys } from '../functions/commons/fleet';
import { lifecycleTagKeys, removalTagKeys } from '../functions/commons/leaver';
import { ManagedByValue, Tags } from '../functions/commons/workspaces';
import { renderDefinition } from '../statemachines/definitions';
import {
  type AutomationConfig,
  configurationValues,
  profilesFileName,
  writeProfilesFile,
} from './automation-config';
import { addBusinessWidgets } from './business-dashboard';
import { directoryServiceArn } from './foundation/async-custom-resource';
import { EstateMonitoring } from './foundation/monitoring';
import { HrIntake } from './hr-intake';
import { lifecycleRegisterTable, Provisioner, provisioningQueueTable } from './provisioner';
import { acknowledgeWildcard, type FunctionDeployment, TaskFunction } from './task-function';

export interface AutomationStackProps extends StackProps {
  config: AutomationConfig;
  /** From the foundation stack when it is deployed, else from the configuration. */
  directoryId: string;
  directoryMode: DirectoryMode;
  /** The foundation's volume key: used by profiles that name none. */
  volumeKey?: IKey;
}

/** A region or account as cdk-nag writes it in a finding: the pseudo parameter when unresolved. */
const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

/** The IAM conditions that narrow a WorkSpaces permission (see the README's "Least privilege"). */
export function workspaceConditions(
  when: WorkspaceCondition | undefined,
  config: AutomationConfig,
): Record<string, Record<string, unknown>> | undefined {
  const onlyKeys = (keys: string[]) => ({
    'ForAllValues:StringEquals': { 'aws:TagKeys': [...new Set(keys)] },
  });
  switch (when) {
    case undefined:
      return undefined;
    case 'employeeTagged':
      return { Null: { [`aws:ResourceTag/${Tags.EmployeeId}`]: 'false' } };
    case 'managedByUs':
      return { StringEquals: { [`aws:ResourceTag/${Tags.ManagedBy}`]: ManagedByValue } };
    case 'creationTags': {
      const profileTagKeys = Object.values(config.profiles.profiles).flatMap((p) => Object.keys(p.tags));
      return {
        StringEquals: { [`aws:RequestTag/${Tags.ManagedBy}`]: ManagedByValue },
        ...onlyKeys([...Object.values(Tags), ...profileTagKeys]),
      };
    }
    case 'lifecycleTagKeys': {
      // A mover puts the new profile's own tags on; never the keys that say whose it is.
      const profileTagKeys = Object.values(config.profiles.profiles)
        .flatMap((p) => Object.keys(p.tags))
        .filter((key) => key !== Tags.EmployeeId && key !== Tags.ManagedBy);
      return onlyKeys([...lifecycleTagKeys, ...profileTagKeys]);
    }
    case 'removalTagKeys':
      return onlyKeys([...removalTagKeys]);
    case 'adoptionTagKeys':
      return onlyKeys([...adoptionTagKeys]);
  }
}

const workspaceReasons: Partial<Record<WorkspaceCondition | 'none', string>> = {
  none: 'A WorkSpace id is only known once it is created.',
  employeeTagged:
    "A leaver's WorkSpace ids are known only at run time; a condition limits these to WorkSpaces tagged employee-id.",
  managedByUs:
    'A WorkSpace id is only known once it is created; a condition limits this to WorkSpaces the project created.',
};

/**
 * The joiner / leaver automation: task functions, the state machines loaded from their ASL
 * files, the HR event bus, the operators' alert topic and the alarms.
 */
export class AutomationStack extends Stack {
  readonly bus: EventBus;
  readonly alertTopic: Topic;
  readonly functions: Record<TaskFunctionName, TaskFunction>;
  readonly stateMachines: Record<StateMachineName, StateMachine>;
  readonly intake: HrIntake;
  readonly provisioner: Provisioner;
  /** The fleet review's bucket: the roster (uploaded by HR or an operator), its pages, reports and history. */
  readonly reviewBucket: Bucket;
  /** How every function of this stack gets its environment and permissions from the registry. */
  readonly deployment: FunctionDeployment;
  /** Grants that can only be finished once the state machines exist. */
  private readonly afterFlows: Array<() => void> = [];

  constructor(scope: Construct, id: string, props: AutomationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as RetentionDays;

    this.bus = new EventBus(this, 'HrEvents', { eventBusName: HrBusName });

    // CloudWatch alarms publish to an encrypted topic only with a customer managed key they may use.
    const alertKey = new Key(this, 'AlertTopicKey', {
      enableKeyRotation: true,
      description: 'Operators alert topic',
    });
    alertKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alertTopic = new Topic(this, 'OperatorAlerts', { masterKey: alertKey, enforceSSL: true });
    for (const address of config.alertEmails) this.alertTopic.addSubscription(new EmailSubscription(address));

    const queue = provisioningQueueTable(this);
    const register = lifecycleRegisterTable(this);
    this.reviewBucket = this.fleetReviewBucket();
    const profilesDir = mkdtempSync(join(tmpdir(), 'workspaces-profiles-'));
    writeProfilesFile(config.profiles, profilesDir);
    const profilesLayer = new LayerVersion(this, 'ProfilesConfig', {
      code: Code.fromAsset(profilesDir),
      description: 'WorkSpace profiles and departments, read by ValidateJoiner at cold start',
      compatibleArchitectures: [Architecture.ARM_64],
    });
    this.deployment = {
      logRetention,
      profilesLayer,
      configuration: configurationValues(config, {
        directoryId: props.directoryId,
        directoryMode: props.directoryMode,
        eventBusName: this.bus.eventBusName,
        alertTopicArn: this.alertTopic.topicArn,
        provisioningTable: queue.tableName,
        lifecycleTable: register.tableName,
        // Layers are unpacked under /opt.
        profilesFile: `/opt/${profilesFileName}`,
        defaultVolumeKeyArn: props.volumeKey?.keyArn,
        joinerStateMachineArn: this.flowArn('joiner'),
        // The leaver has no name of its own: its ARN is a reference (no cycle, the leaver runs no mover task).
        leaverStateMachineArn: Lazy.string({ produce: () => this.stateMachines.leaver.stateMachineArn }),
        stateMachineArns: Lazy.string({
          produce: () =>
            JSON.stringify(
              Object.fromEntries(Object.entries(this.stateMachines).map(([n, m]) => [n, m.stateMachineArn])),
            ),
        }),
        webhookSecretArn: Lazy.string({ produce: () => this.intake.webhookSecret.secretArn }),
        reviewBucket: this.reviewBucket.bucketName,
        workspaceArnPrefix: `arn:${Aws.PARTITION}:workspaces:${Aws.REGION}:${Aws.ACCOUNT_ID}:workspace/`,
      }),
      grant: (fn, permission) => this.grant(fn, permission, props, { queue, register }),
    };
    this.functions = Object.fromEntries(
      taskFunctionNames.map((name) => [name, new TaskFunction(this, name, { deployment: this.deployment })]),
    ) as Record<TaskFunctionName, TaskFunction>;
    this.provisioner = new Provisioner(this, 'Provisioner', {
      settings: config.provisioner,
      table: queue,
      deployment: this.deployment,
    });

    this.stateMachines = {
      joiner: this.stateMachine('joiner', logRetention),
      leaver: this.stateMachine('leaver', logRetention),
      rehire: this.stateMachine('rehire', logRetention),
      review: this.stateMachine('review', logRetention),
      mover: this.stateMachine('mover', logRetention),
    };
    for (const finish of this.afterFlows) finish();
    // The fleet review on its schedule (default daily); on demand: `npm run roster -- review --aws`.
    new Rule(this, 'FleetReviewSchedule', {
      schedule: Schedule.expression(config.fleetReview.schedule),
      description: 'Runs the fleet review',
      targets: [new SfnStateMachine(this.stateMachines.review)],
    });
    this.intake = new HrIntake(this, 'HrIntake', {
      config,
      bus: this.bus,
      stateMachines: this.stateMachines,
      deployment: this.deployment,
    });
    const monitoring = new EstateMonitoring(this, 'Monitoring', {
      directoryId: props.directoryId,
      stateMachines: Object.values(this.stateMachines),
      deadLetterQueues: [this.intake.deadLetterQueue],
      alarmTopic: this.alertTopic,
      taskLogGroups: [...Object.values(this.functions), this.provisioner.function].map((f) => f.logGroup),
      scheduledFunctions: [this.provisioner.function.fn],
    });
    addBusinessWidgets(monitoring.dashboard);
  }

  /** Encrypted, versioned (a roster overwritten by mistake can be restored), never public, TLS only. */
  private fleetReviewBucket(): Bucket {
    const accessLogs = new Bucket(this, 'FleetReviewAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This is the access-log bucket of the fleet review bucket; logging it to itself would loop.',
    });
    return new Bucket(this, 'FleetReview', {
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'fleet-review/',
      lifecycleRules: [
        { prefix: 'reviews/', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(30) },
        { noncurrentVersionExpiration: Duration.days(365) },
      ],
    });
  }

  private stateMachine(name: StateMachineName, logRetention: RetentionDays): StateMachine {
    const definition = renderDefinition(name);
    const used = taskFunctionNames.filter((fn) => definition.includes(`\${${substitutionOf(fn)}}`));
    const id = `${name[0].toUpperCase()}${name.slice(1)}StateMachine`;
    const machine = new StateMachine(this, id, {
      ...(name === 'leaver' ? {} : { stateMachineName: this.flowName(name) }),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        used.map((fn) => [substitutionOf(fn), this.functions[fn].fn.functionArn]),
      ),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, `${id}Logs`, { retention: logRetention }),
        level: LogLevel.ALL,
      },
    });
    for (const fn of used) {
      this.functions[fn].fn.grantInvoke(machine);
      const logicalId = this.getLogicalId(this.functions[fn].fn.node.defaultChild as CfnFunction);
      acknowledgeWildcard(
        machine,
        `Resource::<${logicalId}.Arn>:*`,
        "Invoke grants cover the function's versions.",
      );
    }
    acknowledgeWildcard(
      machine,
      'Resource::*',
      'X-Ray and CloudWatch Logs delivery support no resource-level permissions.',
    );
    return machine;
  }

  /**
   * The joiner and rehire state machines have names of their own, so their ARNs are known without
   * referring to them: the tasks they run (PlanAdoption, DescribeJoinerExecution) may name them
   * without a dependency cycle.
   */
  private flowName(flow: StateMachineName): string {
    return `${this.stackName}-${flow}`;
  }

  private flowArn(flow: StateMachineName): string {
    return this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.flowName(flow),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private get workspaceArn(): string {
    return this.formatArn({ service: 'workspaces', resource: 'workspace', resourceName: '*' });
  }

  /** cdk-nag's name for the WorkSpaces wildcard above. */
  private workspaceFinding(): string {
    return `Resource::arn:${part(this.partition, 'AWS::Partition')}:workspaces:${part(this.region, 'AWS::Region')}:${part(this.account, 'AWS::AccountId')}:workspace/*`;
  }

  /** CreateWorkspaces: in the configured directory, from the configured bundles only. */
  private createWorkspacesDependencies(props: AutomationStackProps): string[] {
    const workspacesDirectoryArn = this.formatArn({
      service: 'workspaces',
      resource: 'directoryid',
      resourceName: props.directoryId,
    });
    // Bundles are the account's own or AWS's (an ARN with no account): allow exactly the configured ones.
    const bundleIds = [...new Set(Object.values(props.config.profiles.profiles).map((p) => p.bundleId))];
    const bundleArns = bundleIds.flatMap((bundleId) =>
      ['', this.account].map((account) =>
        this.formatArn({
          service: 'workspaces',
          account,
          resource: 'workspacebundle',
          resourceName: bundleId,
        }),
      ),
    );
    return [workspacesDirectoryArn, ...bundleArns];
  }

  /**
   * Least privilege: grants one permission a function's registry entry declares, on the
   * narrowest resource AWS allows for it. The only place a resource kind becomes ARNs.
   */
  private grant(
    fn: NodejsFunction,
    { actions, on, when }: Permission,
    props: AutomationStackProps,
    { queue, register }: { queue: Table; register: Table },
  ): void {
    const statement = (resources: string[], conditions?: Record<string, Record<string, unknown>>) =>
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources, conditions }));
    const sender = props.config.senderAddress;
    switch (on) {
      case 'directory':
        statement([directoryServiceArn(this, props.directoryId)]);
        break;
      case 'anyResource':
        // Acknowledged for every function by TaskFunction: these actions support no resource-level permission.
        statement(['*'], workspaceConditions(when, props.config));
        break;
      case 'senderIdentity':
        statement(
          [sender, sender.split('@')[1]].map((identity) =>
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
        );
        break;
      case 'hrBus':
        statement([this.bus.eventBusArn]);
        break;
      case 'alertTopic':
        this.alertTopic.grantPublish(fn);
        acknowledgeWildcard(
          fn,
          'Action::kms:GenerateDataKey*',
          'Publishing to the encrypted alert topic needs the GenerateDataKey variants of its own key only.',
        );
        break;
      case 'provisioningQueue':
        statement([queue.tableArn]);
        break;
      case 'lifecycleRegister':
        statement([register.tableArn]);
        break;
      case 'reviewBucket':
        statement([this.reviewBucket.arnForObjects('*')]);
        acknowledgeWildcard(
          fn,
          `Resource::<${this.getLogicalId(this.reviewBucket.node.defaultChild as never)}.Arn>/*`,
          "The review's object keys (pages, reports) are named by the review at run time; only its bucket.",
        );
        break;
      case 'webhookSecret':
        statement([Lazy.string({ produce: () => this.intake.webhookSecret.secretArn })]);
        break;
      case 'volumeKey':
        if (props.volumeKey) props.volumeKey.grant(fn, ...actions);
        break;
      case 'joinerStateMachine':
        statement([this.flowArn('joiner')]);
        break;
      case 'provisionedStateMachines':
        statement([this.flowArn('joiner'), this.flowArn('leaver')]);
        break;
      case 'flowStateMachines':
        statement(
          [...new Set(Object.values(hrEventTypes).map((t) => t.stateMachine))].map((machine) =>
            Lazy.string({ produce: () => this.stateMachines[machine].stateMachineArn }),
          ),
        );
        break;
      case 'joinerExecutions':
      case 'onboardingExecutions': {
        const flows: StateMachineName[] = on === 'joinerExecutions' ? ['joiner'] : ['joiner', 'rehire'];
        statement(
          flows.map((flow) => this.flowArn(flow).replace(':stateMachine:', ':execution:').concat(':*')),
        );
        for (const flow of flows) {
          acknowledgeWildcard(
            fn,
            `Resource::arn:${part(this.partition, 'AWS::Partition')}:states:${part(this.region, 'AWS::Region')}:${part(this.account, 'AWS::AccountId')}:execution:${this.flowName(flow)}:*`,
            'Executions are named from HR event ids, known only at run time; only the joiner and rehire state machines are allowed.',
          );
        }
        break;
      }
      case 'leaverStateMachine':
        statement([Lazy.string({ produce: () => this.stateMachines.leaver.stateMachineArn })]);
        break;
      case 'leaverExecutions':
        // The leaver has no fixed name: its executions' ARN is built from the reference to its name.
        statement([
          this.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${Lazy.string({ produce: () => this.stateMachines.leaver.stateMachineName })}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ]);
        // cdk-nag names the finding by the leaver's logical id: known once the state machines exist.
        this.afterFlows.push(() =>
          acknowledgeWildcard(
            fn,
            `Resource::arn:${part(this.partition, 'AWS::Partition')}:states:${part(this.region, 'AWS::Region')}:${part(this.account, 'AWS::AccountId')}:execution:<${this.getLogicalId(this.stateMachines.leaver.node.defaultChild as CfnStateMachine)}.Name>:*`,
            'Contract-end leaver executions are named from the mover event, known only at run time; only the leaver state machine is allowed.',
          ),
        );
        break;
      case 'newWorkspace':
        // The request's tags are conditions on the new WorkSpace only: the directory and bundles carry none.
        statement([this.workspaceArn], workspaceConditions(when, props.config));
        statement(this.createWorkspacesDependencies(props));
        acknowledgeWildcard(fn, this.workspaceFinding(), 'A WorkSpace id is only known once it is created.');
        break;
      case 'workspace':
        statement([this.workspaceArn], workspaceConditions(when, props.config));
        acknowledgeWildcard(
          fn,
          this.workspaceFinding(),
          workspaceReasons[when ?? 'none'] ?? 'A WorkSpace id is only known at run time.',
        );
        break;
    }
  }
}
