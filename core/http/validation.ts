import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from './app-error';

const CONSTRAINT_KEYS: Record<string, string> = {
  whitelistValidation: 'validation.unknown_field',
  isDefined: 'validation.required',
  isNotEmpty: 'validation.required',
  isString: 'validation.string',
  isInt: 'validation.integer',
  isNumber: 'validation.number',
  isPositive: 'validation.min',
  isBoolean: 'validation.boolean',
  isDateString: 'validation.date',
  isISO8601: 'validation.date',
  isIn: 'validation.enum',
  isEnum: 'validation.enum',
  min: 'validation.min',
  max: 'validation.max',
  maxLength: 'validation.max_length',
  minLength: 'validation.min_length',
  matches: 'validation.pattern',
  isArray: 'validation.array',
  arrayMaxSize: 'validation.max_length',
  isObject: 'validation.object',
  nestedValidation: 'validation.object',
  noControlChars: 'validation.control_chars',
};

/** Pulls the bound (a number, or the allowed values) out of class-validator's default English message. */
function paramsFrom(constraint: string, message: string): Record<string, unknown> {
  if (constraint === 'isIn' || constraint === 'isEnum') {
    return { values: message.split(/values?:\s*/)[1] ?? '' };
  }
  const n = message.match(/(-?\d+(\.\d+)?)/g);
  const bound = n ? n[n.length - 1] : '';
  return { min: bound, max: bound };
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.length) {
      const missing = e.value === undefined || e.value === null;
      const name = missing && !names.includes('whitelistValidation') ? 'isDefined' : names[0];
      out.push({ field, key: CONSTRAINT_KEYS[name] ?? 'validation.invalid', params: paramsFrom(name, constraints[name] ?? '') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Converting a value can throw on hostile input: Number({"toString": "x"}) is a TypeError inside class-transformer.
 * That is a bad field, not a server fault.
 */
class HostileSafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof TypeError) throw AppError.validation([{ field: metadata.data ?? metadata.type, key: 'validation.invalid' }]);
      throw err;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new HostileSafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
  });
}
