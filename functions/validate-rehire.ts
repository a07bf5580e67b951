import { z } from 'zod';
import { type DirectoryMode, leaverSettingsSchema, readDirectoryMode, readJsonEnv } from './commons/config';
import {
  type EmployeeJoinedV1,
  type EmployeeRehiredV1,
  employeeRehiredV1Schema,
  unwrapEvent,
} from './commons/contracts';
import { Env } from './commons/env';
import { orderedAtOf } from './commons/leaver';
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
  /** The event's ordering time: `occurredAt`, else when it arrived. Tagged as the rehire time. */
  orderedAt: string;
  dryRun: boolean;
  directoryMode: DirectoryMode;
  /** Whether a manager address is there to receive the password that re-enables the user. */
  hasManagerEmail: boolean;
  /** The "Employee Joined" a fresh joiner starts from, when the event carries what one needs. */
  joiner?: EmployeeJoinedV1;
}

/** A rehire event that carries names, email and department can start a fresh joiner. */
function joinerFrom(
  eventId: string,
  employee: Omit<EmployeeRehiredV1, 'eventId'>,
): EmployeeJoinedV1 | undefined {
  const { givenName, familyName, email, department } = employee;
  if (!givenName || !familyName || !email || !department) return undefined;
  return {
    eventId,
    employeeId: employee.employeeId,
    userName: employee.userName,
    givenName,
    familyName,
    email,
    department,
    ...(employee.profile ? { profile: employee.profile } : {}),
    ...(employee.managerEmail ? { managerEmail: employee.managerEmail } : {}),
    ...(employee.occurredAt ? { occurredAt: employee.occurredAt } : {}),
  };
}

/** Validates a rehire. Pure: no AWS call. */
export function normaliseRehire(event: unknown, startedAt: string): Rehire {
  const { eventId, ...employee } = parseInput(employeeRehiredV1Schema, unwrapEvent(event));
  const joiner = joinerFrom(eventId, employee);
  return {
    eventId,
    employee,
    startedAt,
    orderedAt: orderedAtOf(employee.occurredAt, startedAt),
    dryRun,
    directoryMode,
    hasManagerEmail: employee.managerEmail !== undefined,
    ...(joiner ? { joiner } : {}),
  };
}

/** Checks the rehire event. */
export const handler = taskHandler(inputSchema, async ({ event, startedAt }) => {
  const rehire = normaliseRehire(event, startedAt);
  logger.info('Rehire accepted', { eventId: rehire.eventId, employeeId: rehire.employee.employeeId, dryRun });
  return rehire;
});
