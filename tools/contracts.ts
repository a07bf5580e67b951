import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { changedAttributes, HrSource, hrEventTypes } from '../functions/commons/contracts';
import { rosterColumns, rosterPersonSchema } from '../functions/commons/roster';

/** `Employee Joined` -> `employee-joined.v1.schema.json`. */
export const schemaFileOf = (detailType: string) =>
  `${detailType.toLowerCase().replace(/\s+/g, '-')}.v1.schema.json`;

/**
 * The JSON Schema of each HR event's detail, generated from the zod schemas the functions
 * validate with, so the published contract and the code cannot drift (a test compares them).
 */
export function hrEventJsonSchemas(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(hrEventTypes).map(([detailType, { schema }]) => [
      schemaFileOf(detailType),
      {
        ...z.toJSONSchema(schema, { io: 'input' }),
        $id: `https://workspaces-lifecycle.example/contracts/${schemaFileOf(detailType)}`,
        title: `${detailType} (detail, version 1)`,
        description: `The detail of an HR event with source "${HrSource}" and detail-type "${detailType}".`,
        // The zod refinement "at least one changed attribute", which JSON Schema cannot derive.
        ...(detailType === 'Employee Changed'
          ? { anyOf: changedAttributes.map((key) => ({ required: [key] })) }
          : {}),
      },
    ]),
  );
}

/** The roster's row (one CSV row, or one JSON Lines object): the joiner's fields and `endDate`. */
export const rosterSchemaFile = 'roster-person.v1.schema.json';

/** Every published contract: the HR events' details and the roster's row. */
export function contractJsonSchemas(): Record<string, object> {
  return {
    ...hrEventJsonSchemas(),
    [rosterSchemaFile]: {
      ...z.toJSONSchema(rosterPersonSchema, { io: 'input' }),
      $id: `https://workspaces-lifecycle.example/contracts/${rosterSchemaFile}`,
      title: 'Roster person (version 1)',
      description: `One person of the fleet review's roster: a CSV row under the header ${rosterColumns.join(',')}, or one object of a JSON Lines file.`,
    },
  };
}

/** Writes the schemas into contracts/: `npm run contracts`. */
if (require.main === module) {
  const dir = join(__dirname, '..', 'contracts');
  mkdirSync(dir, { recursive: true });
  for (const [file, schema] of Object.entries(contractJsonSchemas())) {
    writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote contracts/${file}`);
  }
}
