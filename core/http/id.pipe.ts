import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

/** Route ids are positive safe integers; anything else is a 400, never a 500. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value)) {
      throw AppError.validation([{ field: 'id', key: 'validation.integer' }]);
    }
    return Number(value);
  }
}
