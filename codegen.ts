import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the GraphQL APIs we call, validated against the real upstream schemas in ../shared/schemas
 * (Stash, stash-box) and our own schema.graphql. The generated files are checked in, so building needs no ../shared.
 */
const SHARED = process.env.SHARED_DIR ?? '../shared';
const plugins = ['typescript-operations', 'typed-document-node'];
const config = {
  scalars: { Time: 'string', Date: 'string', Timestamp: 'string', Int64: 'number', Map: 'Record<string, unknown>', Any: 'unknown', Upload: 'unknown', BoolMap: 'Record<string, boolean>', PluginConfigMap: 'Record<string, unknown>', UUID: 'string', File: 'File' },
  enumsAsTypes: true,
  avoidOptionals: false,
  skipTypename: true,
  onlyOperationTypes: true,
};

const codegen: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    'src/stash/generated.ts': {
      schema: [`${SHARED}/schemas/stash/schema.graphql`, `${SHARED}/schemas/stash/types/*.graphql`],
      documents: ['src/stash/documents/*.graphql'],
      plugins,
      config,
    },
    'builder/stashbox/generated.ts': {
      schema: [`${SHARED}/schemas/stashbox/schema.graphql`, `${SHARED}/schemas/stashbox/types/*.graphql`],
      documents: ['builder/stashbox/documents/*.graphql'],
      plugins,
      config,
    },
    // The Stash UI plugin: its queries to the sidecar (our schema) and to Stash, typed the same way.
    'plugin/src/generated/sidecar.ts': {
      schema: ['schema.graphql'],
      documents: ['plugin/documents/sidecar.graphql', 'plugin/documents/sidecar-faces.graphql'],
      plugins,
      config,
    },
    'plugin/src/generated/stash.ts': {
      schema: [`${SHARED}/schemas/stash/schema.graphql`, `${SHARED}/schemas/stash/types/*.graphql`],
      documents: ['plugin/documents/stash.graphql'],
      plugins,
      config,
    },
  },
};

export default codegen;
