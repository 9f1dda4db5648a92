import { GraphQLError } from 'graphql';

/**
 * Error codes a client can branch on (GraphQL `extensions.code`). Every failure the product reports to a person goes
 * through one of these, with a message that says what happened and what to do.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNSUPPORTED_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'FETCH_FAILED'
  | 'FORBIDDEN_ORIGIN'
  | 'DATABASE_NOT_LOADED'
  | 'DATABASE_INVALID'
  | 'MODEL_MISSING'
  | 'MODEL_INVALID'
  | 'STASH_ERROR'
  | 'NOT_FOUND'
  | 'FFMPEG_FAILED'
  | 'CONFIG_INVALID'
  | 'STATE_ERROR'
  | 'JOB_NOT_FOUND'
  | 'PROCESSED_TAG_FAILED'
  | 'AUTO_APPLY_FAILED'
  | 'NO_FACE'
  | 'INTERNAL';

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
