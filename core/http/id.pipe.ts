import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

/** Route ids are positive safe integers; anything else is a 400, never a 500. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  // The global ValidationPipe may already have turned the param into a number.
  transform(value: unknown): number {
    if ((typeof value !== 'string' && typeof value !== 'number') || !/^[1-9]\d{0,14}$/.test(String(value))) {
      throw AppError.validation([{ field: 'id', key: 'validation.integer' }]);
    }
    return Number(value);
  }
}
