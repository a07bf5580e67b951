import { z } from 'zod';
import { LeaverTags, workspaceTagsSchema } from './commons/leaver';
import { MoverTags } from './commons/mover';
import { taskHandler } from './commons/task';

const inputSchema = z.object({
  eventId: z.string().min(1),
  orderedAt: z.iso.datetime({ offset: true }),
  tags: workspaceTagsSchema,
});

/**
 * After a deferred change's wait: is this change still the newest one for the WorkSpace? A newer
 * "Employee Changed" tags the WorkSpace when it starts, and this one then gives way; so does a
 * change that meets a removal a leaver scheduled meanwhile. Pure.
 */
export function isChangeCurrent({ eventId, orderedAt, tags }: z.output<typeof inputSchema>) {
  if (!tags.found) return { current: false, reason: `${tags.workspaceId} is gone` };
  const removal = tags.tags[LeaverTags.RemovalEventId];
  if (removal) return { current: false, reason: `leaver ${removal} removes ${tags.workspaceId}` };
  const newest = tags.tags[MoverTags.ChangedAt];
  const by = tags.tags[MoverTags.ChangeEventId];
  if (by !== undefined && by !== eventId && Date.parse(newest ?? '') >= Date.parse(orderedAt))
    return { current: false, reason: `superseded by change ${by} of ${newest}` };
  return { current: true };
}

export const handler = taskHandler(inputSchema, async (input) => isChangeCurrent(input));
