import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  leaverSettingsSchema,
  pollScheduleSchema,
  profilesConfigSchema,
  readDirectoryId,
  readDirectoryMode,
  readJsonEnv,
  readJsonFileEnv,
  requireEnv,
} from '../../../../functions/commons/config';
import { ConfigurationError } from '../../../../functions/commons/errors';

const standard = {
  bundleId: 'wsb-8vbljg4r6',
  runningMode: 'AUTO_STOP',
  autoStopTimeoutMinutes: 60,
  computeType: 'STANDARD',
  rootVolumeSizeGib: 80,
  userVolumeSizeGib: 50,
};
const profilesInput = (overrides: Record<string, unknown> = {}) => ({
  defaultProfile: 'standard',
  byDepartment: { Engineering: 'standard' },
  profiles: { standard },
  ...overrides,
});
const issues = (input: unknown) => {
  const result = profilesConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('requireEnv', () => {
  it('Set_ReturnsTheValue', () => {
    expect(requireEnv('SENDER_ADDRESS', { SENDER_ADDRESS: 'it@example.com' })).toBe('it@example.com');
  });

  it.each([
    ['unset', {}],
    ['empty', { SENDER_ADDRESS: '' }],
  ])('Variable%s_ThrowsConfigurationErrorNamingIt', (_, env) => {
    expect(() => requireEnv('SENDER_ADDRESS', env)).toThrow(
      new ConfigurationError('Environment variable SENDER_ADDRESS is not set'),
    );
    expect(() => requireEnv('SENDER_ADDRESS', env)).toThrow(ConfigurationError);
  });

  it('ReadsProcessEnvByDefault', () => {
    expect(readDirectoryId()).toBe('d-906700c0de');
  });
});

describe('readJsonEnv', () => {
  it('Unset_ReturnsTheSchemaDefaults', () => {
    expect(readJsonEnv('POLL_SCHEDULE', pollScheduleSchema, {})).toEqual({
      stepSeconds: 120,
      jitter: 0.2,
      deadlineSeconds: 5400,
      recheckSeconds: 60,
    });
  });

  it('ValidJson_ParsesThroughTheSchema', () => {
    const env = { POLL_SCHEDULE: JSON.stringify({ recheckSeconds: 10, deadlineSeconds: 60 }) };

    expect(readJsonEnv('POLL_SCHEDULE', pollScheduleSchema, env)).toMatchObject({
      recheckSeconds: 10,
      deadlineSeconds: 60,
      stepSeconds: 120,
    });
  });

  it('NotJson_ThrowsNamingTheVariable', () => {
    const read = () => readJsonEnv('LEAVER_SETTINGS', leaverSettingsSchema, { LEAVER_SETTINGS: '{oops' });

    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow('Environment variable LEAVER_SETTINGS is not valid JSON');
  });

  it('InvalidValue_ThrowsNamingTheVariableAndThePath', () => {
    const env = { POLL_SCHEDULE: JSON.stringify({ recheckSeconds: 600, deadlineSeconds: 600 }) };

    expect(() => readJsonEnv('POLL_SCHEDULE', pollScheduleSchema, env)).toThrow(
      'Environment variable POLL_SCHEDULE is invalid: deadlineSeconds: must be later than recheckSeconds',
    );
  });

  it('InvalidRootValue_NamesTheRoot', () => {
    expect(() => readJsonEnv('POLL_SCHEDULE', pollScheduleSchema, { POLL_SCHEDULE: '42' })).toThrow(
      /POLL_SCHEDULE is invalid: \(root\): /,
    );
  });
});

describe('readJsonFileEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
  const fileWith = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('ProfilesFromTheTestEnvironment_Parse', () => {
    const profiles = readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema);

    expect(profiles.defaultProfile).toBe('standard');
    expect(Object.keys(profiles.profiles).sort()).toEqual(['power', 'standard', 'value']);
  });

  it('Unset_ThrowsNamingTheVariable', () => {
    expect(() => readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema, {})).toThrow(
      'Environment variable WORKSPACE_PROFILES_FILE is not set',
    );
  });

  it('MissingFile_ThrowsNamingTheFileAndTheVariable', () => {
    const env = { WORKSPACE_PROFILES_FILE: join(dir, 'absent.json') };

    expect(() => readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema, env)).toThrow(
      /absent\.json \(named by WORKSPACE_PROFILES_FILE\) cannot be read/,
    );
  });

  it('NotJson_ThrowsNamingTheFile', () => {
    const env = { WORKSPACE_PROFILES_FILE: fileWith('oops.json', '{oops') };

    expect(() => readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema, env)).toThrow(
      /oops\.json \(named by WORKSPACE_PROFILES_FILE\) is not valid JSON/,
    );
  });

  it('InvalidValue_NamesThePath', () => {
    const env = {
      WORKSPACE_PROFILES_FILE: fileWith('bad.json', JSON.stringify({ defaultProfile: 'x', profiles: {} })),
    };

    expect(() => readJsonFileEnv('WORKSPACE_PROFILES_FILE', profilesConfigSchema, env)).toThrow(
      /is invalid: defaultProfile: no profile named "x"/,
    );
  });
});

describe('readDirectoryMode', () => {
  it.each(['managed-ad', 'existing'])('Mode_%s_IsAccepted', (mode) => {
    expect(readDirectoryMode({ DIRECTORY_MODE: mode })).toBe(mode);
  });

  it('OtherMode_ThrowsNamingTheVariableAndValue', () => {
    expect(() => readDirectoryMode({ DIRECTORY_MODE: 'simple-ad' })).toThrow(
      new ConfigurationError('DIRECTORY_MODE must be managed-ad or existing, not "simple-ad"'),
    );
  });

  it('Unset_ThrowsNamingTheVariable', () => {
    expect(() => readDirectoryMode({})).toThrow('Environment variable DIRECTORY_MODE is not set');
  });
});

describe('profilesConfigSchema', () => {
  it('ValidConfig_ParsesWithTagsDefaulted', () => {
    const parsed = profilesConfigSchema.parse(profilesInput());

    expect(parsed.profiles.standard.tags).toEqual({});
  });

  it('UnknownDefaultProfile_IsRejected', () => {
    expect(issues(profilesInput({ defaultProfile: 'gold' }))).toEqual([
      'defaultProfile: no profile named "gold"',
    ]);
  });

  it('DepartmentWithUnknownProfile_IsRejectedNamingTheDepartment', () => {
    expect(issues(profilesInput({ byDepartment: { Sales: 'gold' } }))).toEqual([
      'byDepartment.Sales: no profile named "gold"',
    ]);
  });

  it.each([90, 30, 36060])('AutoStopOf_%i_Minutes_IsRejected', (minutes) => {
    const input = profilesInput({ profiles: { standard: { ...standard, autoStopTimeoutMinutes: minutes } } });

    expect(issues(input).join()).toMatch(/^profiles\.standard\.autoStopTimeoutMinutes: /);
  });

  it('AutoStopNotAMultipleOf60_SaysSo', () => {
    const input = profilesInput({ profiles: { standard: { ...standard, autoStopTimeoutMinutes: 90 } } });

    expect(issues(input)).toEqual(['profiles.standard.autoStopTimeoutMinutes: must be a multiple of 60']);
  });

  it.each(['wsb-abc', 'bundle-8vbljg4r6', 'wsb-8VBLJG4R6'])('BadBundleId_%s_IsRejected', (bundleId) => {
    const input = profilesInput({ profiles: { standard: { ...standard, bundleId } } });

    expect(issues(input)).toEqual(['profiles.standard.bundleId: must be a WorkSpaces bundle id (wsb-...)']);
  });

  it.each([
    'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001',
    'arn:aws:kms:us-east-1:123456789012:alias/workspaces',
    'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc',
  ])('KmsArn_%s_IsAccepted', (volumeEncryptionKey) => {
    expect(issues(profilesInput({ profiles: { standard: { ...standard, volumeEncryptionKey } } }))).toEqual(
      [],
    );
  });

  it.each([
    '0a1b2c3d-0000-4000-8000-000000000001',
    'arn:aws:kms:us-east-1:1234:key/abc',
    'arn:aws:s3:::bucket/key',
    'arn:aws:kms:us-east-1:123456789012:grant/abc',
  ])('BadKmsArn_%s_IsRejected', (volumeEncryptionKey) => {
    const input = profilesInput({ profiles: { standard: { ...standard, volumeEncryptionKey } } });

    expect(issues(input)).toEqual(['profiles.standard.volumeEncryptionKey: must be a KMS key or alias ARN']);
  });

  it('UpperCaseProfileName_IsRejected', () => {
    const input = profilesInput({
      defaultProfile: 'Standard',
      byDepartment: {},
      profiles: { Standard: standard },
    });

    expect(issues(input)).toEqual(['profiles.Standard: Invalid key in record']);
  });

  it('UnknownProfileKey_IsRejected', () => {
    const input = profilesInput({ profiles: { standard: { ...standard, bundle: 'wsb-8vbljg4r6' } } });

    expect(issues(input).join()).toMatch(/^profiles\.standard: .*bundle/);
  });

  it.each([
    ['rootVolumeSizeGib', 79],
    ['userVolumeSizeGib', 9],
    ['computeType', 'HUGE'],
    ['runningMode', 'SOMETIMES'],
  ])('OutOfRange_%s_IsRejected', (key, value) => {
    const input = profilesInput({ profiles: { standard: { ...standard, [key]: value } } });

    expect(issues(input).join()).toMatch(new RegExp(`^profiles\\.standard\\.${key}: `));
  });
});

describe('pollScheduleSchema', () => {
  it('RecheckNotBeforeDeadline_IsRejected', () => {
    expect(pollScheduleSchema.safeParse({ recheckSeconds: 3600, deadlineSeconds: 3600 }).success).toBe(false);
  });

  it('JitterAboveHalf_IsRejected', () => {
    expect(pollScheduleSchema.safeParse({ jitter: 0.6 }).success).toBe(false);
  });
});
