import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Aspects, Lazy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
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
  type StateMachineName,
  substitutionOf,
  type TaskFunctionName,
  taskFunctionNames,
} from '../functions';
import type { DirectoryMode } from '../functions/commons/config';
import { HrBusName } from '../functions/commons/contracts';
import { Env } from '../functions/commons/env';
import { type AutomationConfig, functionEnvironment } from './automation-config';
import { directoryServiceArn } from './foundation/async-custom-resource';
import { EstateMonitoring } from './foundation/monitoring';
import { HrIntake } from './hr-intake';
import { Provisioner, provisioningQueueTable } from './provisioner';
import { acknowledgeWildcard, TaskFunction } from './task-function';

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

/** Functions that send email get the templates bundled beside them. */
const emailFunctions: TaskFunctionName[] = ['SendWelcomeEmail', 'SetInitialPassword'];

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

    const profiles = Object.fromEntries(
      Object.entries(config.profiles.profiles).map(([name, profile]) => [
        name,
        { ...profile, volumeEncryptionKey: profile.volumeEncryptionKey ?? props.volumeKey?.keyArn },
      ]),
    );
    const queue = provisioningQueueTable(this);
    const environment = functionEnvironment(
      { ...config, profiles: { ...config.profiles, profiles } },
      {
        directoryId: props.directoryId,
        directoryMode: props.directoryMode,
        eventBusName: this.bus.eventBusName,
        alertTopicArn: this.alertTopic.topicArn,
        provisioningTable: queue.tableName,
      },
    );
    this.functions = Object.fromEntries(
      taskFunctionNames.map((name) => [
        name,
        new TaskFunction(this, name, {
          environment,
          logRetention,
          withTemplates: emailFunctions.includes(name),
        }),
      ]),
    ) as Record<TaskFunctionName, TaskFunction>;
    this.grantTaskPermissions(props);
    for (const name of ['QueueWorkspaceCreation', 'WatchWorkspace'] as const) {
      queue.grant(this.functions[name].fn, 'dynamodb:PutItem');
    }
    this.provisioner = new Provisioner(this, 'Provisioner', {
      settings: config.provisioner,
      table: queue,
      environment,
      logRetention,
      createResources: this.createWorkspacesResources(props),
      workspaceFinding: this.workspaceFinding(),
      joinerStateMachineArn: Lazy.string({ produce: () => this.stateMachines.joiner.stateMachineArn }),
      volumeKey: props.volumeKey,
    });

    this.stateMachines = {
      joiner: this.stateMachine('joiner', logRetention),
      leaver: this.stateMachine('leaver', logRetention),
      rehire: this.stateMachine('rehire', logRetention),
    };
    this.intake = new HrIntake(this, 'HrIntake', {
      config,
      bus: this.bus,
      stateMachines: this.stateMachines,
      logRetention,
    });
    new EstateMonitoring(this, 'Monitoring', {
      directoryId: props.directoryId,
      stateMachines: Object.values(this.stateMachines),
      deadLetterQueues: [this.intake.deadLetterQueue],
      alarmTopic: this.alertTopic,
      taskLogGroups: [...Object.values(this.functions), this.provisioner.function].map((f) => f.logGroup),
      scheduledFunctions: [this.provisioner.function.fn],
    });
  }

  private stateMachine(name: StateMachineName, logRetention: RetentionDays): StateMachine {
    const file = join(__dirname, '..', 'statemachines', `${name}.asl.json`);
    const definition = readFileSync(file, 'utf8');
    const used = taskFunctionNames.filter((fn) => definition.includes(`\${${substitutionOf(fn)}}`));
    const id = `${name[0].toUpperCase()}${name.slice(1)}StateMachine`;
    const machine = new StateMachine(this, id, {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(file),
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

  private get workspaceArn(): string {
    return this.formatArn({ service: 'workspaces', resource: 'workspace', resourceName: '*' });
  }

  /** cdk-nag's name for the WorkSpaces wildcard above. */
  private workspaceFinding(): string {
    return `Resource::arn:${part(this.partition, 'AWS::Partition')}:workspaces:${part(this.region, 'AWS::Region')}:${part(this.account, 'AWS::AccountId')}:workspace/*`;
  }

  /** CreateWorkspaces: any new WorkSpace, in the configured directory, from the configured bundles only. */
  private createWorkspacesResources(props: AutomationStackProps): string[] {
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
    return [this.workspaceArn, workspacesDirectoryArn, ...bundleArns];
  }

  /** Least privilege: each function may make its one call, on the narrowest resource AWS allows. */
  private grantTaskPermissions(props: AutomationStackProps): void {
    const directoryArn = directoryServiceArn(this, props.directoryId);
    const workspaceArn = this.workspaceArn;
    const sender = props.config.senderAddress;
    const senderIdentities = [sender, sender.split('@')[1]].map((identity) =>
      this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );
    const allow = (
      name: TaskFunctionName,
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ) =>
      this.functions[name].fn.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions, resources, conditions }),
      );

    allow('EnsureDirectoryUser', ['ds-data:CreateUser', 'ds:AccessDSData'], [directoryArn]);
    // DescribeWorkspaces and DescribeWorkspaceDirectories support no resource-level permissions.
    allow('FindWorkspace', ['workspaces:DescribeWorkspaces'], ['*']);
    allow('GetRegistrationCode', ['workspaces:DescribeWorkspaceDirectories'], ['*']);
    allow(
      'RecoverWorkspace',
      ['workspaces:RebootWorkspaces', 'workspaces:RebuildWorkspaces'],
      [workspaceArn],
    );
    allow('SetInitialPassword', ['ds:ResetUserPassword'], [directoryArn]);
    allow('SetInitialPassword', ['ses:SendEmail'], senderIdentities);
    allow('SendWelcomeEmail', ['ses:SendEmail'], senderIdentities);
    this.bus.grantPutEventsTo(this.functions.PublishLifecycleEvent.fn);
    for (const name of ['NotifyOperators', 'WarnPendingRemoval'] as const) {
      this.alertTopic.grantPublish(this.functions[name].fn);
      acknowledgeWildcard(
        this.functions[name].fn,
        'Action::kms:GenerateDataKey*',
        'Publishing to the encrypted alert topic needs the GenerateDataKey variants of its own key only.',
      );
    }

    const workspaceFinding = this.workspaceFinding();
    acknowledgeWildcard(
      this.functions.RecoverWorkspace.fn,
      workspaceFinding,
      'A WorkSpace id is only known once it is created.',
    );

    // Leaver and rehire flows: reads where they must, changes only where they may.
    // DescribeWorkspaces and DescribeTags support no resource-level permissions.
    allow('FindLeaverWorkspaces', ['workspaces:DescribeWorkspaces'], ['*']);
    allow('CheckWorkspacesGone', ['workspaces:DescribeWorkspaces'], ['*']);
    allow('ReadWorkspaceTags', ['workspaces:DescribeTags'], ['*']);
    // Only WorkSpaces that carry an employee-id tag: the flows touch no other.
    const employeeTagged = { Null: { 'aws:ResourceTag/employee-id': 'false' } };
    const taggedChanges = [
      ['TagWorkspace', 'workspaces:CreateTags'],
      ['ClearRemovalTags', 'workspaces:DeleteTags'],
      ['SetAutoStop', 'workspaces:ModifyWorkspaceProperties'],
      ['StopWorkspace', 'workspaces:StopWorkspaces'],
      ['StartWorkspace', 'workspaces:StartWorkspaces'],
      ['TerminateWorkspaces', 'workspaces:TerminateWorkspaces'],
    ] as const;
    for (const [name, action] of taggedChanges) {
      allow(name, [action], [workspaceArn], employeeTagged);
      acknowledgeWildcard(
        this.functions[name].fn,
        workspaceFinding,
        "A leaver's WorkSpace ids are known only at run time; a condition limits these to WorkSpaces tagged employee-id.",
      );
    }
    allow('DisableDirectoryUser', ['ds-data:DisableUser', 'ds:AccessDSData'], [directoryArn]);
    allow('DeleteDirectoryUser', ['ds-data:DeleteUser', 'ds:AccessDSData'], [directoryArn]);
    allow('ReadDirectoryUser', ['ds-data:DescribeUser', 'ds:AccessDSData'], [directoryArn]);

    // The joiner state machine is made after the functions: its ARN and name are read when the
    // template is written. It does not use these functions, so the references make no cycle.
    const joiner = () => this.stateMachines.joiner;
    const joinerArn = Lazy.string({ produce: () => joiner().stateMachineArn });
    const joinerExecutions = Lazy.string({
      produce: () =>
        this.formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${joiner().stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
    });
    this.functions.ListRunningJoiners.fn.addEnvironment(Env.JoinerStateMachineArn, joinerArn);
    allow('ListRunningJoiners', ['states:ListExecutions'], [joinerArn]);
    allow('DescribeJoinerExecution', ['states:DescribeExecution'], [joinerExecutions]);
    allow('StopJoinerExecution', ['states:StopExecution'], [joinerExecutions]);
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this) return;
        const logicalId = this.getLogicalId(joiner().node.defaultChild as CfnStateMachine);
        const finding = `Resource::arn:${part(this.partition, 'AWS::Partition')}:states:${part(this.region, 'AWS::Region')}:${part(this.account, 'AWS::AccountId')}:execution:<${logicalId}.Name>:*`;
        for (const name of ['DescribeJoinerExecution', 'StopJoinerExecution'] as const) {
          acknowledgeWildcard(
            this.functions[name].fn,
            finding,
            'Joiner executions are named from HR event ids, known only at run time; only the joiner state machine is allowed.',
          );
        }
      },
    });
  }
}
