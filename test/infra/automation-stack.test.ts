import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { config as example } from '../../config/example.config';
import { taskFunctionNames } from '../../functions';
import { MetricName, MetricsNamespace } from '../../functions/commons/metrics';
import { AutomationStack } from '../../infra/automation-stack';
import { type AppConfigInput, InvalidConfigError, parseConfig } from '../../infra/config';
import { testApp } from './cdk-app';

function synth(mode: 'managed-ad' | 'existing' = 'managed-ad') {
  // Skip esbuild: these tests look at the template, not the bundles.
  const app = testApp();
  const stack = new AutomationStack(app, 'Test', {
    config: parseConfig(example).automation,
    directoryId: 'd-906700c0de',
    directoryMode: mode,
    env: { account: '123456789012', region: 'us-east-1' },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();

/** The policy statements attached to one task function's role (or the provisioner's). */
function statementsOf(name: string): { Action: string | string[]; Resource: unknown }[] {
  const fn =
    name === 'Provisioner' ? stack.provisioner.function.fn : stack.functions[name as 'ValidateJoiner'].fn;
  const roleId = stack.getLogicalId(fn.role?.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement,
  );
}
const actionsOf = (name: string) => statementsOf(name).flatMap((s) => [s.Action].flat());

describe('AutomationStack', () => {
  test('one Node 24 arm64 function per task, traced, with its configuration', () => {
    // The task functions, plus the HR intake's dispatcher and webhook, plus the provisioner.
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs24.x' },
      taskFunctionNames.length + 3,
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ DIRECTORY_ID: 'd-906700c0de' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ DIRECTORY_MODE: 'managed-ad', INITIAL_PASSWORD: 'true' }),
      },
    });
  });

  test('the joiner state machine is the ASL file, with a value for every substitution', () => {
    const asl = readFileSync(join(__dirname, '../../statemachines/joiner.asl.json'), 'utf8');
    const used = [...new Set([...asl.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [machine] = Object.values(machines) as {
      Properties: {
        DefinitionSubstitutions: Record<string, unknown>;
        TracingConfiguration: unknown;
        LoggingConfiguration: { Level: string };
      };
    }[];
    expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual(used);
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
  });

  test('least privilege: each function may make only its own calls', () => {
    expect(actionsOf('ValidateJoiner').filter((a) => !a.startsWith('xray:'))).toEqual([]);
    expect(
      actionsOf('EnsureDirectoryUser')
        .filter((a) => !a.startsWith('xray:'))
        .sort(),
    ).toEqual(['ds-data:CreateUser', 'ds:AccessDSData']);
    for (const name of ['QueueWorkspaceCreation', 'WatchWorkspace']) {
      expect(actionsOf(name).filter((a) => !a.startsWith('xray:'))).toEqual(['dynamodb:PutItem']);
    }
    const directoryStatement = statementsOf('EnsureDirectoryUser').find((s) =>
      [s.Action].flat().includes('ds-data:CreateUser'),
    );
    expect(JSON.stringify(directoryStatement?.Resource)).toContain(':directory/d-906700c0de');
    const create = statementsOf('Provisioner').filter((s) =>
      [s.Action].flat().includes('workspaces:CreateWorkspaces'),
    );
    const resources = JSON.stringify(create.map((s) => s.Resource));
    expect(resources).toContain('workspacebundle/wsb-8vbljg4r6');
    expect(resources).not.toContain('workspacebundle/*');
    for (const name of taskFunctionNames) expect(actionsOf(name).filter((a) => a.endsWith(':*'))).toEqual([]);
  });

  test('the provisioner runs every minute, one round at a time, on an encrypted queue table, alerting once per cause and redriving late joiners', () => {
    const fn = stack.provisioner.function.fn;
    const fnId = stack.getLogicalId(fn.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROVISIONING_TABLE: Match.anyValue() }) },
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect([...new Set(actionsOf('Provisioner'))].filter((a) => !a.startsWith('xray:')).sort()).toEqual([
      'dynamodb:DeleteItem',
      // Its own notes: a quota alert already sent, a late watch on a WorkSpace past its deadline.
      'dynamodb:PutItem',
      'dynamodb:Scan',
      // The operators' topic is KMS-encrypted: publishing needs the key.
      'kms:Decrypt',
      'kms:GenerateDataKey*',
      'sns:Publish',
      'states:RedriveExecution',
      'states:SendTaskFailure',
      'states:SendTaskHeartbeat',
      'states:SendTaskSuccess',
      // A leaver's removal tags, only the lifecycle keys.
      // Tag reads from the tag index, 100 WorkSpaces a call.
      'tag:GetResources',
      'workspaces:CreateTags',
      'workspaces:CreateWorkspaces',
      'workspaces:DescribeTags',
      'workspaces:DescribeWorkspaces',
      // Leavers' changes: only WorkSpaces tagged with an employee id.
      'workspaces:ModifyWorkspaceProperties',
      'workspaces:StopWorkspaces',
      'workspaces:TerminateWorkspaces',
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Period: 900,
      Threshold: 3,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OperatorAlerts') }],
    });
    const answer = statementsOf('Provisioner').find((s) =>
      [s.Action].flat().includes('states:SendTaskSuccess'),
    );
    // The joiner and leaver state machines by their own names: the same ARNs the state machines get.
    expect(JSON.stringify(answer?.Resource)).toContain(
      ':states:us-east-1:123456789012:stateMachine:Test-joiner',
    );
    expect(JSON.stringify(answer?.Resource)).toContain(
      ':states:us-east-1:123456789012:stateMachine:Test-leaver',
    );
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'Test-joiner' });
  });

  test('the dashboard shows every business metric the functions write, beside the alarms', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]);
    expect(body).toContain('"type\\":\\"alarm\\"');
    for (const name of Object.values(MetricName))
      expect({ name, shown: body.includes(name) }).toEqual({ name, shown: true });
    expect(body).toContain(MetricsNamespace);
  });

  test('SES may send only as the configured sender', () => {
    const ses = statementsOf('SendWelcomeEmail').find((s) => [s.Action].flat().includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.Resource)).toContain('identity/it-desk@example.com');
    expect(JSON.stringify(ses?.Resource)).not.toContain('identity/*');
  });

  test('failed and timed-out executions raise an alarm on the encrypted operators topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('JoinerStateMachine failed, timed out or were aborted'),
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OperatorAlerts') }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'workspaces-ops@example.com',
    });
  });

  test('existing mode never mails an initial password', () => {
    const existing = synth('existing').template;
    existing.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DIRECTORY_MODE: 'existing', INITIAL_PASSWORD: 'false' }) },
    });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    // The same path as `cdk synth`: CDK's policy validation runs the pack and fails on any finding.
    const { app } = synth();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('cdk-nag would catch a finding that is not acknowledged', () => {
    const { app, stack } = synth();
    new Topic(stack, 'UnencryptedTopic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });
});

describe('configuration', () => {
  const withAutomation = (patch: Record<string, unknown>): AppConfigInput => ({
    ...example,
    automation: { ...example.automation, ...patch } as AppConfigInput['automation'],
  });

  test.each([
    [{ senderAddress: 'not-an-address' }, 'automation.senderAddress'],
    [{ directory: { id: 'directory-1', mode: 'managed-ad' } }, 'automation.directory.id'],
    [
      { pollSchedule: { recheckSeconds: 600, deadlineSeconds: 300 } },
      'automation.pollSchedule.deadlineSeconds',
    ],
    [
      { profiles: { ...example.automation.profiles, defaultProfile: 'gold' } },
      'automation.profiles.defaultProfile',
    ],
    [
      { profiles: { ...example.automation.profiles, byDepartment: { Sales: 'gold' } } },
      'automation.profiles.byDepartment.Sales',
    ],
    [{ unknownKey: true }, 'automation'],
    [{ logRetentionDays: 2 }, 'automation.logRetentionDays'],
  ])('a bad value is named: %j', (patch, key) => {
    expect(() => parseConfig(withAutomation(patch))).toThrow(InvalidConfigError);
    expect(() => parseConfig(withAutomation(patch))).toThrow(key);
  });

  test('a bad bundle id in a profile is named with its profile', () => {
    const profiles = structuredClone(example.automation.profiles);
    profiles.profiles.standard.bundleId = 'bundle-1';
    expect(() => parseConfig(withAutomation({ profiles }))).toThrow(
      'automation.profiles.profiles.standard.bundleId',
    );
  });
});

describe('leaver and rehire flows', () => {
  const withoutXray = (name: string) => actionsOf(name).filter((a) => !a.startsWith('xray:'));
  const logicalIdOf = (machine: 'joiner' | 'leaver' | 'rehire' | 'mover') =>
    stack.getLogicalId(stack.stateMachines[machine].node.defaultChild as never);

  test.each(['leaver', 'rehire', 'mover'] as const)(
    'the %s state machine has a value for every substitution',
    (name) => {
      const asl = readFileSync(join(__dirname, `../../statemachines/${name}.asl.json`), 'utf8');
      const used = [...new Set([...asl.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
      const machine = template.toJSON().Resources[logicalIdOf(name)] as {
        Properties: { DefinitionSubstitutions: Record<string, unknown> };
      };
      expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual(used);
    },
  );

  test('only WorkSpaces tagged with an employee id can be changed, stopped, started or terminated', () => {
    for (const [name, action] of [
      ['Provisioner', 'workspaces:ModifyWorkspaceProperties'],
      ['Provisioner', 'workspaces:StopWorkspaces'],
      ['StartWorkspace', 'workspaces:StartWorkspaces'],
      ['Provisioner', 'workspaces:TerminateWorkspaces'],
    ] as const) {
      if (name !== 'Provisioner') expect(withoutXray(name)).toEqual([action]);
      const [statement] = statementsOf(name).filter((s) => [s.Action].flat().includes(action)) as {
        Resource: unknown;
        Condition?: unknown;
      }[];
      expect(JSON.stringify(statement.Resource)).toContain(':workspace/*');
      expect(statement.Condition).toEqual({ Null: { 'aws:ResourceTag/employee-id': 'false' } });
    }
  });

  test('tags: CreateTags and DeleteTags take no resource ARN, so the flows may touch only their own tag keys', () => {
    // Service Authorization Reference: CreateTags / DeleteTags have no resource type, only
    // aws:RequestTag and aws:TagKeys. A statement on workspace/* or with aws:ResourceTag never matches them.
    const removalKeys = [
      'lifecycle-remove-after',
      'lifecycle-removal-event-id',
      'lifecycle-removal-ordered-at',
    ];
    for (const [name, action, keys] of [
      // The provisioner puts a leaver's removal tags: those three keys only, never employee-id or managed-by.
      ['Provisioner', 'workspaces:CreateTags', removalKeys],
      [
        'TagWorkspace',
        'workspaces:CreateTags',
        [
          'lifecycle-remove-after',
          'lifecycle-removal-event-id',
          'lifecycle-removal-ordered-at',
          'lifecycle-rehired-at',
          'lifecycle-rehire-event-id',
          'lifecycle-event-id',
          'lifecycle-joined-at',
          // The mover's: when it changed what, the contract end, the profile, the department...
          'lifecycle-changed-at',
          'lifecycle-change-event-id',
          'department',
          'lifecycle-compute-up-at',
          'lifecycle-compute-down-at',
          'lifecycle-root-volume-at',
          'lifecycle-user-volume-at',
          'lifecycle-running-mode-at',
          'lifecycle-contract-end',
          'lifecycle-contract-leaver',
          'workspace-profile',
          // The review's cost part: the unused warning (the running mode's time is the mover's key too).
          'lifecycle-unused-warned-at',
          // ...and the profiles' own tags; never employee-id or managed-by.
          'cost-centre',
        ],
      ],
      ['ClearRemovalTags', 'workspaces:DeleteTags', removalKeys],
    ] as const) {
      if (name !== 'Provisioner') expect(withoutXray(name)).toEqual([action]);
      const [statement] = statementsOf(name).filter((s) => [s.Action].flat().includes(action)) as {
        Resource: unknown;
        Condition?: unknown;
      }[];
      expect(statement.Resource).toBe('*');
      expect(statement.Condition).toEqual({ 'ForAllValues:StringEquals': { 'aws:TagKeys': keys } });
    }
  });

  test('RecoverWorkspace reboots or rebuilds only WorkSpaces this project created', () => {
    const [statement] = statementsOf('RecoverWorkspace').filter((s) =>
      [s.Action].flat().includes('workspaces:RebuildWorkspaces'),
    ) as { Action: string[]; Resource: unknown; Condition?: unknown }[];
    expect(statement.Action).toEqual(['workspaces:RebootWorkspaces', 'workspaces:RebuildWorkspaces']);
    expect(JSON.stringify(statement.Resource)).toContain(':workspace/*');
    expect(statement.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/managed-by': 'workspaces-lifecycle' },
    });
  });

  test('the provisioner creates WorkSpaces only with its own tags, and cannot tag an existing one', () => {
    const creates = statementsOf('Provisioner').filter((s) =>
      [s.Action].flat().includes('workspaces:CreateWorkspaces'),
    ) as { Resource: unknown; Condition?: unknown }[];
    const onWorkspace = creates.find((s) => JSON.stringify(s.Resource).includes(':workspace/*'));
    expect(onWorkspace?.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/managed-by': 'workspaces-lifecycle' },
      'ForAllValues:StringEquals': {
        'aws:TagKeys': [
          'managed-by',
          'employee-id',
          'lifecycle-event-id',
          'workspace-profile',
          'lifecycle-joined-at',
          'lifecycle-created-at',
          'cost-centre',
        ],
      },
    });
    const onDependencies = creates.find((s) => s !== onWorkspace);
    expect(JSON.stringify(onDependencies?.Resource)).toContain(':directoryid/d-906700c0de');
    expect(onDependencies?.Condition).toBeUndefined();
    // Its CreateTags (a leaver's removal tags) cannot stamp employee-id or managed-by on an existing one.
    const tagging = statementsOf('Provisioner').filter((s) =>
      [s.Action].flat().includes('workspaces:CreateTags'),
    ) as {
      Condition?: Record<string, Record<string, string[]>>;
    }[];
    expect(tagging).toHaveLength(1);
    const keys = tagging[0].Condition?.['ForAllValues:StringEquals']?.['aws:TagKeys'] ?? [];
    expect(keys).not.toContain('employee-id');
    expect(keys).not.toContain('managed-by');
  });

  test('reads stay reads', () => {
    expect(withoutXray('FindLeaverWorkspaces')).toEqual(['workspaces:DescribeWorkspaces']);
    expect(withoutXray('ReadWorkspaceTags')).toEqual(['workspaces:DescribeTags']);
    for (const name of [
      'ValidateLeaver',
      'PlanLeaver',
      'DecideRemoval',
      'ValidateRehire',
      'PlanRehire',
    ] as const)
      expect(withoutXray(name)).toEqual([]);
  });

  test('directory users: each function its one Directory Service Data call, on the one directory', () => {
    for (const [name, action] of [
      ['DisableDirectoryUser', 'ds-data:DisableUser'],
      ['DeleteDirectoryUser', 'ds-data:DeleteUser'],
      ['ReadDirectoryUser', 'ds-data:DescribeUser'],
    ] as const) {
      expect(withoutXray(name).sort()).toEqual([action, 'ds:AccessDSData'].sort());
      const statement = statementsOf(name).find((s) => [s.Action].flat().includes(action));
      expect(JSON.stringify(statement?.Resource)).toContain(':directory/d-906700c0de');
    }
  });

  test('the lifecycle register: one encrypted, recoverable table keyed by employee, written only by the register step', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'employeeId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const writers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('dynamodb:UpdateItem'),
    );
    expect(writers).toHaveLength(1);
    expect(JSON.stringify(writers[0])).toContain('LifecycleRegister');
  });

  test('joiners: read and stopped on the joiner state machine only; nothing lists executions any more', () => {
    const joinerArn = ':states:us-east-1:123456789012:stateMachine:Test-joiner';
    const listers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('states:ListExecutions'),
    );
    expect(listers).toHaveLength(0);
    expect(withoutXray('RegisterLifecycleEvent').sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    for (const [name, action] of [
      ['DescribeJoinerExecution', 'states:DescribeExecution'],
      ['StopJoinerExecution', 'states:StopExecution'],
    ] as const) {
      expect(withoutXray(name)).toEqual([action]);
      const resource = JSON.stringify(
        statementsOf(name).find((s) => [s.Action].flat().includes(action))?.Resource,
      );
      expect(resource).toContain(':states:us-east-1:123456789012:execution:Test-joiner:*');
    }
    const joinerArnVariables = Object.values(template.findResources('AWS::Lambda::Function')).map((f) =>
      JSON.stringify(
        (f as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties
          .Environment?.Variables?.JOINER_STATE_MACHINE_ARN ?? null,
      ),
    );
    // PlanAdoption reads the earlier joiner; StartJoiner starts one for a rehire.
    expect(joinerArnVariables.filter((v) => v.includes(joinerArn))).toHaveLength(2);
  });

  test('operators are warned through the provisioner, one message a round; every function gets the leaver settings', () => {
    // The warning waits on the queue; the provisioner publishes every waiting one in one message.
    expect(withoutXray('WarnPendingRemoval')).toEqual(['dynamodb:PutItem']);
    expect(actionsOf('Provisioner')).toEqual(expect.arrayContaining(['sns:Publish', 'dynamodb:DeleteItem']));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LEAVER_SETTINGS: JSON.stringify({ gracePeriodDays: 7, warningLeadHours: 24, dryRun: false }),
        }),
      },
    });
  });
});

describe('mover flow', () => {
  const withoutXray = (name: string) => actionsOf(name).filter((a) => !a.startsWith('xray:'));
  const resourceOf = (name: string, action: string) =>
    JSON.stringify(statementsOf(name).find((s) => [s.Action].flat().includes(action))?.Resource);

  test('the mover state machine is named after the stack, like the joiner and rehire', () => {
    const machine = template.toJSON().Resources[
      stack.getLogicalId(stack.stateMachines.mover.node.defaultChild as never)
    ] as { Properties: { StateMachineName: string; DefinitionString: unknown } };
    expect(machine.Properties.StateMachineName).toBe('Test-mover');
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('WaitUntilAllowed');
  });

  test('ModifyWorkspace and MigrateWorkspace change only WorkSpaces tagged with an employee id', () => {
    for (const [name, action] of [
      ['ModifyWorkspace', 'workspaces:ModifyWorkspaceProperties'],
      ['MigrateWorkspace', 'workspaces:MigrateWorkspace'],
    ] as const) {
      expect(withoutXray(name)).toEqual([action]);
      const [statement] = statementsOf(name).filter((s) => [s.Action].flat().includes(action)) as {
        Resource: unknown;
        Condition?: unknown;
      }[];
      expect(JSON.stringify(statement.Resource)).toContain(':workspace/*');
      expect(statement.Condition).toEqual({ Null: { 'aws:ResourceTag/employee-id': 'false' } });
    }
  });

  test('the contract-end leaver: started on the leaver state machine only, stopped among its executions only', () => {
    const leaverId = stack.getLogicalId(stack.stateMachines.leaver.node.defaultChild as never);
    expect(withoutXray('StartContractLeaver')).toEqual(['states:StartExecution']);
    expect(resourceOf('StartContractLeaver', 'states:StartExecution')).toBe(
      JSON.stringify({ Ref: leaverId }),
    );
    expect(withoutXray('StopContractLeaver')).toEqual(['states:StopExecution']);
    const stop = resourceOf('StopContractLeaver', 'states:StopExecution');
    expect(stop).toContain(':execution:');
    expect(stop).toContain(`"Fn::GetAtt":["${leaverId}","Name"]`);
    const environment = (name: 'StartContractLeaver' | 'StopContractLeaver') =>
      (
        template.toJSON().Resources[
          stack.getLogicalId(stack.functions[name].fn.node.defaultChild as never)
        ] as {
          Properties: { Environment: { Variables: Record<string, unknown> } };
        }
      ).Properties.Environment.Variables;
    expect(environment('StartContractLeaver').LEAVER_STATE_MACHINE_ARN).toEqual({ Ref: leaverId });
  });

  test('ValidateMover reads the mover settings: migration off unless configured', () => {
    const fn = template.toJSON().Resources[
      stack.getLogicalId(stack.functions.ValidateMover.fn.node.defaultChild as never)
    ] as { Properties: { Environment: { Variables: Record<string, string> } } };
    expect(JSON.parse(fn.Properties.Environment.Variables.MOVER_SETTINGS)).toEqual({
      allowMigration: false,
      dryRun: false,
    });
  });
});
