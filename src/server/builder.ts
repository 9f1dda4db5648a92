import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ValidationPlugin from '@pothos/plugin-validation';
import { AppError } from '../errors.js';
import type { GraphQLContext } from './context.js';

/** The one Pothos builder: every domain file under schema/ adds its types to it. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: { File: { Input: File; Output: never } };
  DefaultFieldNullability: false;
}>({
  plugins: [DataloaderPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  // Input rules live on the input types (schema/*.ts); a broken rule is a BAD_USER_INPUT with the rules' own sentences.
  validation: {
    validationError: (failure) => new AppError('BAD_USER_INPUT', [...new Set(failure.issues.map((i) => i.message))].join(' ')),
  },
});

builder.scalarType('File', {
  description: 'A file sent as a multipart request part (GraphQL multipart request spec)',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
  // A client can put any JSON (a string, an object) where the file goes: only a multipart part is a file.
  parseValue: (value) => {
    // Duck-typed: yoga's uploads are @whatwg-node's File, not the global one; JSON cannot carry a function.
    const file = value as Partial<File> | null;
    if (file && typeof file === 'object' && typeof file.arrayBuffer === 'function' && typeof file.size === 'number') return value as File;
    throw new AppError('BAD_USER_INPUT', 'image must be a file sent as a multipart upload (GraphQL multipart request spec); to name an image by its address, use image_url.');
  },
});

builder.queryType({});
builder.mutationType({});
