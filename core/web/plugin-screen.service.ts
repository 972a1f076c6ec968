import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import type { InstitutionEntity } from '../org/org.entities';
import type { FieldDef, RecordTypeDef, ScreenDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { screenHref } from './shell.service';

/** A validation problem as the page shows it, beside its field. */
export interface FieldError {
  field: string;
  message: string;
}

/** Where a screen action ends: a redirect, or the page again (with its problems) and its status. */
export type ScreenOutcome = { redirect: string } | { html: string; status: number };

export function sendOutcome(res: Response, outcome: ScreenOutcome): void {
  if ('redirect' in outcome) res.redirect(303, outcome.redirect);
  else res.status(outcome.status).type('html').send(outcome.html);
}

/** The fields a form screen shows and accepts: its `fields` subset in that order, else all of the type's. */
export function formFieldsOf(screen: ScreenDef, type: RecordTypeDef): FieldDef[] {
  return screen.fields ? screen.fields.map((k) => type.fields.find((f) => f.key === k)!) : type.fields;
}

/** Finds the generic plugin screens of the caller's current institution and the links between them. */
@Injectable()
export class PluginScreenService {
  constructor(
    private readonly access: AccessService,
    private readonly host: PluginHost,
  ) {}

  /** Plugin screens belong to an institution: without a current one the request is a 400. */
  currentInstitutionId(actor: Actor): number {
    const current = actor.currentInstitutionId;
    if (!current) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    return current;
  }

  /** The current institution and its screen `screenId` of the plugin, when `accepts` it; else 404. */
  async screen(actor: Actor, pluginId: string, screenId: string, accepts: (screen: ScreenDef) => boolean): Promise<{ institution: InstitutionEntity; screen: ScreenDef }> {
    const current = this.currentInstitutionId(actor);
    const institution = (await this.access.institutions()).find((i) => i.id === current)!;
    const entry = this.host.screensFor(institution.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && accepts(s.screen));
    if (!entry) throw AppError.notFound();
    return { institution, screen: entry.screen };
  }

  /** Check-in screens have their own page: where the generic URL (an old bookmark, a typed link) goes instead. */
  async checkInHref(actor: Actor, pluginId: string, screenId: string): Promise<string | null> {
    const here = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const checkIn = here && this.host.screensFor(here.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'check-in');
    return checkIn ? screenHref(pluginId, checkIn.screen) : null;
  }

  /** Where an edit form returns: its `returnTo`, else the list whose `editScreen` names it, else the type's list. */
  returnHref(institutionCode: string, pluginId: string, form: ScreenDef): string {
    const screens = this.host.screensFor(institutionCode).filter((s) => s.pluginId === pluginId);
    const target = screens.find((s) => s.screen.id === form.returnTo) ?? screens.find((s) => s.screen.kind === 'list' && s.screen.editScreen === form.id);
    return target ? `/p/${pluginId}/${target.screen.id}` : this.listHref(institutionCode, pluginId, form.recordType);
  }

  /** Where a read-only view of a unit leads back to: the plugin's first dashboard (a township's view) at the current institution, else home. */
  homeScreenHref(institutionCode: string, pluginId: string): string {
    const board = this.host.screensFor(institutionCode).find((s) => s.pluginId === pluginId && s.screen.kind === 'dashboard');
    return board ? `/p/${pluginId}/${board.screen.id}` : '/';
  }

  listHref(institutionCode: string, pluginId: string, recordType: string): string {
    const list = this.host.screensFor(institutionCode).find((s) => s.pluginId === pluginId && s.screen.kind === 'list' && s.screen.recordType === recordType);
    return list ? `/p/${pluginId}/${list.screen.id}` : '/';
  }
}
