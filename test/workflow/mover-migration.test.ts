import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MigrateWorkspaceCommand, ModifyWorkspacePropertiesCommand } from '@aws-sdk/client-workspaces';
import { Env } from '../../functions/commons/env';
import type { FakeEstate } from '../helpers/fake-estate';
import { moverEstate, moverEvent, moverWorkspaceId as ours } from '../helpers/mover';
import { mockEstateClients, publishedEvents, runInstant as run } from '../helpers/workflow';

const { workspaces, ses, events, reset } = mockEstateClients();

// The functions read their settings once, when they load (a cold start), after this line.
process.env[Env.MoverSettings] = JSON.stringify({ allowMigration: true, dryRun: false });

let estate: FakeEstate;
beforeEach(() => {
  estate = moverEstate();
  reset(estate);
});

describe('mover with migration allowed', () => {
  test('MigrationAllowed: another operating system migrates the WorkSpace; the new id gets the profile tags', async () => {
    estate.requireWorkspace(ours).properties = {
      ...estate.requireWorkspace(ours).properties,
      OperatingSystemName: 'WINDOWS_10',
    };

    const outcome = await run('mover', moverEvent({ profile: 'power' }), 'evt-move-1');

    expect(outcome.status).toBe('SUCCEEDED');
    expect(workspaces).toHaveReceivedCommandWith(MigrateWorkspaceCommand, {
      SourceWorkspaceId: ours,
      BundleId: 'wsb-3t36q0xfc',
    });
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    const migrated = estate.requireWorkspace(`${ours}m`);
    expect(migrated.tags).toMatchObject({ 'employee-id': 'E1001', 'workspace-profile': 'power' });
    expect(estate.workspace(ours)).toBeUndefined();
    expect(publishedEvents(events).at(-1)).toMatchObject({
      type: 'WorkSpace Changed',
      detail: { workspaceId: `${ours}m` },
    });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
  });
});
