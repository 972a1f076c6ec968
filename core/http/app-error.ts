import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  key: string;
  params?: Record<string, unknown>;
}

/** An error whose message is looked up in the request's language by the exception filter. */
export class AppError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly problems: FieldProblem[] = [],
  ) {
    super(key, status);
  }

  static validation(problems: FieldProblem[]): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, 'error.validation', {}, problems);
  }
  static notFound(): AppError {
    return new AppError(HttpStatus.NOT_FOUND, 'error.not_found');
  }
  static forbidden(): AppError {
    return new AppError(HttpStatus.FORBIDDEN, 'error.forbidden');
  }
  static unauthenticated(): AppError {
    return new AppError(HttpStatus.UNAUTHORIZED, 'error.unauthenticated');
  }
  /** What was here has been removed for good (an expired draft); the reason says why in both languages. */
  static gone(reason: { zh: string; en: string }): AppError {
    return new AppError(HttpStatus.GONE, 'error.gone', { reason });
  }
  /** An impossible state transition; the reason says why in both languages. */
  static conflict(reason: { zh: string; en: string }): AppError {
    return new AppError(HttpStatus.CONFLICT, 'error.conflict', { reason });
  }
}
