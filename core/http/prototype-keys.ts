import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first key in a parsed body that names an object's prototype machinery, or null. Iterative, so a
 * body nested 1,000 deep costs no recursion.
 */
export function prototypeKeyPath(body: unknown): string | null {
  const stack: { value: unknown; at: string }[] = [{ value: body, at: '' }];
  while (stack.length) {
    const { value, at } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const path = at ? `${at}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return path.length > 120 ? `…${path.slice(-120)}` : path;
      stack.push({ value: (value as Record<string, unknown>)[key], at: path.length > 200 ? `…${path.slice(-200)}` : path });
    }
  }
  return null;
}

/**
 * Refuses a body with a `__proto__`, `constructor` or `prototype` key anywhere (400 naming the field). Left in, the
 * DTO transformer drops some of them silently and hand-written form handlers trip over them (a 500).
 */
export function rejectPrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const field = prototypeKeyPath(req.body);
  next(field ? AppError.validation([{ field, key: 'validation.unknown_field' }]) : undefined);
}
