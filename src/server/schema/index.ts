import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './performer.js';
import './identify.js';
import './galleries.js';
import './identify-progress.js';
import './status.js';
import './distribution.js';
import './jobs.js';
import './library.js';
import './library-settings.js';
import './people.js';
import './links.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema.graphql (a test fails when it drifts from what the server serves). */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
