/** Writes schema.graphql from the Pothos schema (checked in; test/schema.test.ts fails when they differ). */
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../src/server/schema/index.js';

writeFileSync('schema.graphql', printedSchema());
console.log('wrote schema.graphql');
