import {
  DescribeDirectoriesCommand,
  DirectoryServiceClient,
  ResetUserPasswordCommand,
} from '@aws-sdk/client-directory-service';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { clientConfig, dsData, ManualClock, rejection } from './helpers';

const MANAGED = 'd-3333333333';
const EXISTING = 'd-4444444444';

describe('Directory Service Data and Directory Service emulators', () => {
  const clock = new ManualClock();
  let emulator: Emulator;
  let ds: DirectoryServiceClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      directories: [
        { directoryId: MANAGED, registrationCode: 'R1', mode: 'managed-ad', domainName: 'corp.example.org' },
        { directoryId: EXISTING, registrationCode: 'R2', mode: 'existing', users: ['riley.stone'] },
      ],
    });
    ds = new DirectoryServiceClient(clientConfig(emulator));
  });
  afterAll(async () => {
    ds.destroy();
    await emulator.stop();
  });

  const morgan = {
    SAMAccountName: 'morgan.hale',
    EmailAddress: 'morgan.hale@example.org',
    GivenName: 'Morgan',
    Surname: 'Hale',
  };

  test('CreateUser creates a disabled user that DescribeUser returns with SID and distinguished name', async () => {
    const created = await dsData(emulator, 'CreateUser', MANAGED, { ...morgan, ClientToken: 'token-morgan' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      DirectoryId: MANAGED,
      SAMAccountName: 'morgan.hale',
      SID: expect.stringMatching(/^S-1-5-21-/),
    });
    const described = await dsData(emulator, 'DescribeUser', MANAGED, { SAMAccountName: 'MORGAN.HALE' });
    expect(described.body).toMatchObject({
      ...morgan,
      Enabled: false,
      SID: created.body.SID,
      DistinguishedName: 'CN=morgan.hale,OU=Users,OU=CORP,DC=corp,DC=example,DC=org',
    });
  });

  test('ListUsers pages the directory with MaxResults and NextToken, each user a UserSummary', async () => {
    for (const name of ['lu.one', 'lu.two', 'lu.three']) {
      expect((await dsData(emulator, 'CreateUser', MANAGED, { SAMAccountName: name })).status).toBe(200);
    }
    const names: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await dsData(emulator, 'ListUsers', MANAGED, {
        MaxResults: 2,
        ...(next ? { NextToken: next } : {}),
      });
      expect(page.status).toBe(200);
      const users = page.body.Users as Array<{ SAMAccountName: string; Enabled: boolean; SID: string }>;
      expect(users.length).toBeLessThanOrEqual(2);
      for (const u of users)
        expect(u).toMatchObject({ Enabled: false, SID: expect.stringMatching(/^S-1-5-21-/) });
      names.push(...users.map((u) => u.SAMAccountName));
      next = page.body.NextToken as string | undefined;
      pages++;
    } while (next);
    expect(names).toEqual(expect.arrayContaining(['lu.one', 'lu.two', 'lu.three']));
    expect(pages).toBe(Math.ceil(names.length / 2));
    expect((await dsData(emulator, 'ListUsers', MANAGED, { MaxResults: 251 })).status).toBe(400);
    expect((await dsData(emulator, 'ListUsers', EXISTING, {})).status).toBe(400);
  });

  test('the same ClientToken with the same parameters returns the first answer instead of a conflict', async () => {
    const first = await dsData(emulator, 'CreateUser', MANAGED, {
      SAMAccountName: 'sam.reed',
      ClientToken: 't-sam',
    });
    const again = await dsData(emulator, 'CreateUser', MANAGED, {
      SAMAccountName: 'sam.reed',
      ClientToken: 't-sam',
    });
    expect(again).toEqual(expect.objectContaining({ status: 200, body: first.body }));
    expect(emulator.state.users.filter((u) => u.samAccountName === 'sam.reed')).toHaveLength(1);
  });

  test('the same ClientToken with other parameters is a ConflictException (409)', async () => {
    const other = await dsData(emulator, 'CreateUser', MANAGED, {
      ...morgan,
      Surname: 'Other',
      ClientToken: 'token-morgan',
    });
    expect(other).toMatchObject({
      status: 409,
      errorType: 'ConflictException',
      body: { Message: expect.any(String) },
    });
  });

  test('an existing SAMAccountName without its token is a ConflictException', async () => {
    const other = await dsData(emulator, 'CreateUser', MANAGED, { ...morgan, ClientToken: 'another-token' });
    expect(other).toMatchObject({ status: 409, errorType: 'ConflictException' });
    const noToken = await dsData(emulator, 'CreateUser', MANAGED, morgan);
    expect(noToken.errorType).toBe('ConflictException');
  });

  test('a ClientToken is idempotent for 8 hours only', async () => {
    const input = { SAMAccountName: 'quinn.hart', ClientToken: 't-quinn' };
    await dsData(emulator, 'CreateUser', MANAGED, input);
    clock.advance(8 * 3600 - 1);
    expect((await dsData(emulator, 'CreateUser', MANAGED, input)).status).toBe(200);
    clock.advance(8 * 3600);
    expect((await dsData(emulator, 'CreateUser', MANAGED, input)).errorType).toBe('ConflictException');
  });

  test('DescribeUser of an absent user is ResourceNotFoundException (404)', async () => {
    const missing = await dsData(emulator, 'DescribeUser', MANAGED, { SAMAccountName: 'nobody' });
    expect(missing).toMatchObject({ status: 404, errorType: 'ResourceNotFoundException' });
  });

  test('DisableUser disables, enableUser re-enables, UpdateUser changes attributes, DeleteUser removes', async () => {
    await dsData(emulator, 'CreateUser', MANAGED, { SAMAccountName: 'drew.wells' });
    emulator.enableUser(MANAGED, 'drew.wells');
    expect(
      (await dsData(emulator, 'DescribeUser', MANAGED, { SAMAccountName: 'drew.wells' })).body.Enabled,
    ).toBe(true);
    expect((await dsData(emulator, 'DisableUser', MANAGED, { SAMAccountName: 'drew.wells' })).status).toBe(
      200,
    );
    expect(
      (await dsData(emulator, 'DescribeUser', MANAGED, { SAMAccountName: 'drew.wells' })).body.Enabled,
    ).toBe(false);
    await dsData(emulator, 'UpdateUser', MANAGED, {
      SAMAccountName: 'drew.wells',
      EmailAddress: 'drew@example.org',
      UpdateType: 'REPLACE',
    });
    expect(
      (await dsData(emulator, 'DescribeUser', MANAGED, { SAMAccountName: 'drew.wells' })).body.EmailAddress,
    ).toBe('drew@example.org');
    const deleted = await dsData(emulator, 'DeleteUser', MANAGED, {
      SAMAccountName: 'drew.wells',
      ClientToken: 't-del',
    });
    expect(deleted.status).toBe(200);
    expect(
      (await dsData(emulator, 'DeleteUser', MANAGED, { SAMAccountName: 'drew.wells', ClientToken: 't-del' }))
        .status,
    ).toBe(200);
    expect((await dsData(emulator, 'DeleteUser', MANAGED, { SAMAccountName: 'drew.wells' })).errorType).toBe(
      'ResourceNotFoundException',
    );
  });

  test('malformed requests and non-Managed-AD directories get a ValidationException', async () => {
    expect(await dsData(emulator, 'CreateUser', MANAGED, '{not json')).toMatchObject({
      status: 400,
      errorType: 'ValidationException',
    });
    expect((await dsData(emulator, 'CreateUser', MANAGED, { SAMAccountName: 'bad name!' })).errorType).toBe(
      'ValidationException',
    );
    const existing = await dsData(emulator, 'DescribeUser', EXISTING, { SAMAccountName: 'riley.stone' });
    expect(existing).toMatchObject({
      errorType: 'ValidationException',
      body: { Reason: 'INVALID_DIRECTORY_TYPE' },
    });
  });

  test('ResetUserPassword records that a password was set, enables the user, and never keeps the password', async () => {
    await dsData(emulator, 'CreateUser', MANAGED, { SAMAccountName: 'taylor.brooks' });
    const password = 'Tr1cky-Initial-Pass';
    await ds.send(
      new ResetUserPasswordCommand({
        DirectoryId: MANAGED,
        UserName: 'taylor.brooks',
        NewPassword: password,
      }),
    );
    const user = emulator.state.users.find((u) => u.samAccountName === 'taylor.brooks');
    expect(user).toMatchObject({ passwordSetCount: 1, passwordLastSetAt: clock.now(), enabled: true });
    expect(JSON.stringify(emulator.state)).not.toContain(password);
    const admin = await (await fetch(`${emulator.url}/_sandbox/users`)).text();
    expect(admin).not.toContain(password);
  });

  test('ResetUserPassword errors: weak password, unknown user, AD Connector directory', async () => {
    const weak = await rejection(
      ds.send(
        new ResetUserPasswordCommand({ DirectoryId: MANAGED, UserName: 'morgan.hale', NewPassword: 'short' }),
      ),
    );
    expect(weak.name).toBe('InvalidPasswordException');
    const unknown = await rejection(
      ds.send(
        new ResetUserPasswordCommand({
          DirectoryId: MANAGED,
          UserName: 'nobody',
          NewPassword: 'Str0ng-Pass!',
        }),
      ),
    );
    expect(unknown.name).toBe('UserDoesNotExistException');
    const connector = await rejection(
      ds.send(
        new ResetUserPasswordCommand({
          DirectoryId: EXISTING,
          UserName: 'riley.stone',
          NewPassword: 'Str0ng-Pass!',
        }),
      ),
    );
    expect(connector.name).toBe('UnsupportedOperationException');
  });

  test('DescribeDirectories describes the configured directories', async () => {
    const out = await ds.send(new DescribeDirectoriesCommand({}));
    expect(out.DirectoryDescriptions?.map((d) => [d.DirectoryId, d.Type, d.Stage])).toEqual([
      [MANAGED, 'MicrosoftAD', 'Active'],
      [EXISTING, 'ADConnector', 'Active'],
    ]);
    await expect(
      ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-9999999999'] })),
    ).rejects.toMatchObject({
      name: 'EntityDoesNotExistException',
    });
  });
});
