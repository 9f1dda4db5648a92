import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import type { GraphQLContext } from './context.js';

/** The one Pothos builder: every domain file under schema/ adds its types to it. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { File: { Input: File; Output: never } };
  DefaultFieldNullability: false;
}>({
  plugins: [DataloaderPlugin],
  defaultFieldNullability: false,
});

builder.scalarType('File', {
  description: 'A file sent as a multipart request part (GraphQL multipart request spec)',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});

builder.queryType({});
builder.mutationType({});
