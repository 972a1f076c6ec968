import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { Injectable } from '@nestjs/common';
import { PluginHost } from '../plugin-host/plugin-host';

export class TemplateRenderError extends Error {
  constructor(
    readonly templateId: string,
    detail: string,
  ) {
    super(`template "${templateId}" failed to render: ${detail}`);
    this.name = 'TemplateRenderError';
  }
}

export interface TemplateSource {
  id: string;
  file: string;
  origin: 'institution' | 'plugin' | 'core';
}

/**
 * Resolves and renders document templates with one isolated Handlebars instance.
 * Resolution order: institution override → plugin → core. Ids are namespaced `<namespace>/<name>`.
 */
@Injectable()
export class TemplateService {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, { mtime: number; fn: HandlebarsTemplateDelegate }>();

  constructor(
    private readonly host: PluginHost,
    private readonly coreDir: string,
  ) {}

  resolve(templateId: string, institutionCode?: string): TemplateSource {
    const [ns, ...rest] = templateId.split('/');
    const name = rest.join('/');
    if (!ns || !name || templateId.includes('..')) throw new TemplateRenderError(templateId, 'template ids look like "<namespace>/<name>"');
    const inst = institutionCode ? this.host.institutions.find((i) => i.code === institutionCode) : undefined;
    if (inst) {
      const override = path.join(inst.templateDir, ns, `${name}.hbs`);
      if (fs.existsSync(override)) return { id: templateId, file: override, origin: 'institution' };
    }
    if (ns !== 'core') {
      const t = this.host.plugin(ns)?.templates?.find((x) => x.id === name);
      if (t) return { id: templateId, file: t.file, origin: 'plugin' };
    } else {
      const file = path.join(this.coreDir, `${name}.hbs`);
      if (fs.existsSync(file)) return { id: templateId, file, origin: 'core' };
    }
    throw new TemplateRenderError(templateId, 'no such template');
  }

  render(templateId: string, data: Record<string, unknown>, institutionCode?: string): string {
    const src = this.resolve(templateId, institutionCode);
    const mtime = fs.statSync(src.file).mtimeMs;
    let entry = this.compiled.get(src.file);
    if (!entry || entry.mtime !== mtime) {
      // strict: a missing field is an error naming the field, not a silently blank document.
      entry = { mtime, fn: this.hbs.compile(fs.readFileSync(src.file, 'utf8'), { strict: true }) };
      this.compiled.set(src.file, entry);
    }
    try {
      return entry.fn(data);
    } catch (err) {
      throw new TemplateRenderError(templateId, (err as Error).message.split('\n')[0]);
    }
  }
}
