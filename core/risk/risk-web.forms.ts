import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import type { Lang } from '../i18n/i18n';
import { formError, formRefusal } from '../web/form-validation';
import { riskLabels } from './risk-labels';

/** A form shown again after a refused post: what was typed, messages by field, and a reason that belongs to no field. */
export interface FormState {
  values: Record<string, unknown>;
  errors: Record<string, string>;
  general: string | null;
}

/** Multipart forms are parsed after the session guard, so their routes check the form's CSRF token themselves. */
export function assertFormCsrf(actor: Actor, body: Record<string, unknown> | undefined): void {
  if (!body || body._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
}

/** A service's refusal of a form as the state to show it again with, and the status to answer (400 when fields are at fault). */
export function refusedForm(err: unknown, lang: Lang, values: Record<string, unknown>, labels: Record<string, string> = riskLabels(lang)): { state: FormState; status: number } {
  if (!(err instanceof AppError)) throw err;
  const refusal = formRefusal(err, lang, labels);
  return { state: { values, ...refusal }, status: Object.keys(refusal.errors).length ? 400 : err.getStatus() };
}

/** A service's refusal as one line for the page's message: the field messages under their screen labels, or the reason. */
export function refusalMessage(err: unknown, lang: Lang, labels: Record<string, string> = riskLabels(lang)): string {
  if (!(err instanceof AppError)) throw err;
  return formError(err, lang, labels).messages.join('；');
}

/**
 * Runs a form action: redirect on success; the same page with the reason on a 4xx. The action returns messages
 * instead when the form itself is invalid (400).
 */
export async function runFormAction(res: Response, to: string | (() => string), lang: Lang, rerender: (message: string, status: number) => Promise<void>, action: () => Promise<string[] | void>, labels?: Record<string, string>): Promise<void> {
  let invalid: string[] | void;
  try {
    invalid = await action();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return rerender(refusalMessage(err, lang, labels), err.getStatus());
  }
  if (invalid) return rerender(invalid.join('；'), HttpStatus.BAD_REQUEST);
  res.redirect(303, typeof to === 'string' ? to : to());
}

/** A copy of a posted form without the named fields. */
export function withoutFields(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !names.includes(k)));
}
