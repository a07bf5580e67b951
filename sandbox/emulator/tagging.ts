import { z } from 'zod';
import type { EmulatorContext } from './context';
import { ApiError, type JsonRpcService, validate } from './protocol';
import type { Workspaces } from './workspaces';

const P = 'InvalidParameterException';
// API reference, GetResources: ResourceARNList takes 1-100 ARNs (shape ResourceARNListForGet) and
// cannot be combined with TagFilters, ResourceTypeFilters or the paging parameters.
const getResources = z
  .object({
    ResourceARNList: z.array(z.string().min(1).max(1011)).min(1).max(100).optional(),
    TagFilters: z.array(z.unknown()).optional(),
    ResourceTypeFilters: z.array(z.string()).optional(),
    ResourcesPerPage: z.number().int().min(1).max(100).optional(),
    TagsPerPage: z.number().int().optional(),
    PaginationToken: z.string().optional(),
  })
  .refine(
    (r) =>
      r.ResourceARNList === undefined ||
      (r.TagFilters ?? r.ResourceTypeFilters ?? r.ResourcesPerPage ?? r.TagsPerPage ?? r.PaginationToken) ===
        undefined,
    'ResourceARNList cannot be combined with TagFilters, ResourceTypeFilters or paging parameters',
  );

/**
 * The Resource Groups Tagging API (awsJson1_1, `ResourceGroupsTaggingAPI_20170126`, signing name
 * `tagging`), only as far as the provisioner uses it: `GetResources` with a `ResourceARNList` of
 * WorkSpaces, which answers the tags of up to 100 WorkSpaces in one call outside the WorkSpaces
 * API's budget. Its answer is current unless the fault `tagIndexLagSeconds` says otherwise: AWS's
 * comes from a tag index that can lag behind a change, by how much is not documented (README, "The
 * sandbox"); its own rate limit is not reproduced either.
 */
export function tagging(ctx: EmulatorContext, workspaces: Workspaces): JsonRpcService {
  const prefix = `arn:aws:workspaces:${ctx.region}:${ctx.accountId}:workspace/`;
  return {
    name: 'tagging',
    version: '1.1',
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
    operations: {
      GetResources: (input) => {
        const request = validate(getResources, input, P);
        if (!request.ResourceARNList)
          throw new ApiError(P, 'The emulator answers GetResources only for a ResourceARNList.');
        const ids = request.ResourceARNList.filter((arn) => arn.startsWith(prefix)).map((arn) =>
          arn.slice(prefix.length),
        );
        return {
          PaginationToken: '',
          ResourceTagMappingList: workspaces
            .tagsOf(ids, ctx.faults().tagIndexLagSeconds * 1000)
            .map(({ workspaceId, tags }) => ({ ResourceARN: `${prefix}${workspaceId}`, Tags: tags })),
        };
      },
    },
  };
}
