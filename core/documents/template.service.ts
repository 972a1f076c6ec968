import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { Injectable } from '@nestjs/common';
import { PluginHost } from '../plugin-host/plugin-host';

export class TemplateRenderError extends Error {
  constructor(
    readonly templateId: string,
    detail: string,
    /** The data field the template needed and did not get, when that was the cause. */
    readonly field?: string,
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

/** Links in documents: https:// anywhere, or the app's own verification page. Anything else becomes "#". */
export function safeUrl(value: unknown): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (/^https:\/\/[^\s"'<>\\]+$/i.test(s)) return s;
  if (/^\/verify\/[A-Za-z0-9_-]+$/.test(s)) return s;
  return '#';
}

/** Images in documents: only PNG data: URLs we generated (the QR code). */
export function safeImage(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  return /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(s) ? s : 'data:,';
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 25 → 二十五: numbering of （一） headings. */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

/**
 * Resolves and renders document templates with one isolated Handlebars instance.
 * Resolution order: institution override → plugin → core. Ids are namespaced `<namespace>/<name>`.
 * Partials are namespaced too: `gbt/…` for the core's GB/T 9704 layout, `<pluginId>/…` for a plugin's own.
 */
@Injectable()
export class TemplateService {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, { mtime: number; fn: HandlebarsTemplateDelegate; version: string }>();
  private partialsHash = '';

  constructor(
    private readonly host: PluginHost,
    private readonly coreDir: string,
  ) {
    this.hbs.registerHelper('safeUrl', safeUrl);
    this.hbs.registerHelper('safeImage', safeImage);
    this.hbs.registerHelper('longer', (s: unknown, n: number) => (typeof s === 'string' || Array.isArray(s)) && s.length > n);
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('inc', (i: number) => i + 1);
    this.hbs.registerHelper('cnNum', (i: number) => chineseNumeral(i + 1));
    this.registerPartials();
  }

  /** The core's print CSS (GB/T 9704 layout), loaded once into every renderer page. */
  printCss(): string {
    return fs.readFileSync(path.join(this.coreDir, 'gbt9704.css'), 'utf8');
  }

  /** Core template ids (`core/<name>`), for listings and tests. */
  coreTemplateIds(): string[] {
    return fs
      .readdirSync(this.coreDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => `core/${f.replace(/\.hbs$/, '')}`)
      .sort();
  }

  private registerPartials(): void {
    const sources: string[] = [];
    const addDir = (ns: string, dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.hbs')).sort()) {
        const name = `${ns}/${f.replace(/\.hbs$/, '')}`;
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        this.hbs.registerPartial(name, text);
        sources.push(name, text);
      }
    };
    addDir('gbt', path.join(this.coreDir, 'partials', 'gbt'));
    // A plugin's partials sit in `partials/` beside its templates; the namespace is the plugin id, so none collide.
    for (const p of this.host.plugins) {
      const dirs = new Set((p.templates ?? []).map((t) => path.join(path.dirname(t.file), 'partials')));
      for (const d of dirs) addDir(p.id, d);
    }
    this.partialsHash = createHash('sha256').update(sources.join('\0')).digest('hex');
  }

  resolve(templateId: string, institutionCode?: string): TemplateSource {
    const [ns, ...rest] = templateId.split('/');
    const name = rest.join('/');
    if (!ns || !name || templateId.includes('..') || !/^[A-Za-z0-9_/-]+$/.test(templateId)) {
      throw new TemplateRenderError(templateId, 'template ids look like "<namespace>/<name>"');
    }
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

  private load(src: TemplateSource) {
    const mtime = fs.statSync(src.file).mtimeMs;
    let entry = this.compiled.get(src.file);
    if (!entry || entry.mtime !== mtime) {
      const text = fs.readFileSync(src.file, 'utf8');
      // strict: a missing field is an error naming the field, not a silently blank document.
      entry = { mtime, fn: this.hbs.compile(text, { strict: true }), version: createHash('sha256').update(text).update('\0').update(this.partialsHash).digest('hex').slice(0, 16) };
      this.compiled.set(src.file, entry);
    }
    return entry;
  }

  /** Hash of the template source and the partials it can call: changes whenever the output could. */
  version(templateId: string, institutionCode?: string): string {
    return this.load(this.resolve(templateId, institutionCode)).version;
  }

  render(templateId: string, data: Record<string, unknown>, institutionCode?: string): string {
    const entry = this.load(this.resolve(templateId, institutionCode));
    try {
      return entry.fn(data);
    } catch (err) {
      const message = (err as Error).message.split('\n')[0];
      const field = /^"([^"]+)" not defined in/.exec(message)?.[1];
      throw new TemplateRenderError(templateId, field ? `missing field "${field}" (${message})` : message, field);
    }
  }
}
