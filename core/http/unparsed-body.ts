import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';

/**
 * Runs after the body parsers. A body in a format none of them reads (XML, text) gets 415 instead of
 * reaching handlers as `undefined`; multipart is left to the upload interceptors. With no body at all,
 * handlers see `{}`, never `undefined`.
 */
export function unparsedBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.body === undefined) {
    const type = String(req.headers['content-type'] ?? '');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !/^multipart\/form-data/i.test(type)) return next(new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'error.unsupported_media'));
    if (!/^multipart\/form-data/i.test(type)) req.body = {};
  }
  next();
}
