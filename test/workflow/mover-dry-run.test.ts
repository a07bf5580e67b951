import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateTagsCommand, ModifyWorkspacePropertiesCommand } from '@aws-sdk/client-workspaces';
import { UpdateUserCommand } from '../../functions/commons/directory-service-data';
import { Env } from '../../functions/commons/env';
import type { FakeEstate } from '../helpers/fake-estate';
import { moverEstate, moverEvent, moverWorkspaceId as ours } from '../helpers/mover';
import { mockEstateClients, publishedEvents, runInstant as run } from '../helpers/workflow';

const { workspaces, dsData, ses, events, sfn, reset } = mockEstateClients();

// The functions read their settings once, when they load (a cold start), after this line.
process.env[Env.MoverSettings] = JSON.stringify({ allowMigration: false, dryRun: true });

let estate: FakeEstate;
beforeEach(() => {
  estate = moverEstate();
  reset(estate);
});

describe('mover in dry run', () => {
  test('DryRun: every change reported, none made, nothing published or waited for', async () => {
    estate.requireWorkspace(ours).tags['lifecycle-created-at'] = new Date().toISOString();

    const outcome = await run(
      'mover',
      moverEvent({
        department: 'Engineering',
        familyName: 'King',
        contractEndDate: '2026-12-31',
        effectiveDate: '2099-01-01',
      }),
      'evt-move-1',
    );

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.path).not.toContain('WaitUntilEffective');
    expect(outcome.path).not.toContain('WaitUntilAllowed');
    expect(outcome.path.at(-1)).toBe('DryRunComplete');
    expect(workspaces).not.toHaveReceivedCommand(ModifyWorkspacePropertiesCommand);
    expect(workspaces).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(dsData.calls(UpdateUserCommand)).toEqual([]);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(publishedEvents(events)).toEqual([]);
    const output = outcome.output as { plan: { changes: string[] }; directoryUpdate: { change: string } };
    expect(output.plan.changes).toEqual(
      expect.arrayContaining([
        'compute type STANDARD -> POWER (larger)',
        'removal scheduled: contract ends 2026-12-31',
      ]),
    );
    expect(output.directoryUpdate.change).toBe("would set ada.lovelace's family name King");
    expect(estate.requireWorkspace(ours).properties?.ComputeTypeName).toBe('STANDARD');
  });
});
