import { z } from 'zod';
import { type DirectoryMode, leaverSettingsSchema, readDirectoryMode, readJsonEnv } from './commons/config';
import { type EmployeeRehiredV1, employeeRehiredV1Schema, unwrapEvent } from './commons/contracts';
import { Env } from './commons/env';
import { logger } from './commons/logger';
import { parseInput, taskHandler } from './commons/task';

const { dryRun } = readJsonEnv(Env.LeaverSettings, leaverSettingsSchema);
const directoryMode = readDirectoryMode();

const inputSchema = z.object({
  /** The execution input: the rehire event, or an EventBridge event carrying it. */
  event: z.unknown(),
  /** `$$.Execution.StartTime`: tagged on the WorkSpace, it voids any leaver event older than it. */
  startedAt: z.iso.datetime({ offset: true }),
});

/** The normalised rehire the rest of the flow works from. */
export interface Rehire {
  eventId: string;
  employee: Omit<EmployeeRehiredV1, 'eventId'>;
  startedAt: string;
  dryRun: boolean;
  directoryMode: DirectoryMode;
  /** Whether a manager address is there to receive the password that re-enables the user. */
  hasManagerEmail: boolean;
}

/** Validates a rehire. Pure: no AWS call. */
export function normaliseRehire(event: unknown, startedAt: string): Rehire {
  const { eventId, ...employee } = parseInput(employeeRehiredV1Schema, unwrapEvent(event));
  return {
    eventId,
    employee,
    startedAt,
    dryRun,
    directoryMode,
    hasManagerEmail: employee.managerEmail !== undefined,
  };
}

/** Checks the rehire event. */
export const handler = taskHandler(inputSchema, async ({ event, startedAt }) => {
  const rehire = normaliseRehire(event, startedAt);
  logger.info('Rehire accepted', { eventId: rehire.eventId, employeeId: rehire.employee.employeeId, dryRun });
  return rehire;
});
