import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { Lang, pick, t } from '../i18n/i18n';
import type { LocalizedText } from '../plugin-api';

/** Server-rendered screens: one isolated Handlebars instance, every value escaped. */
export class ScreenRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly dir: string) {
    this.hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
      return t(options.data.root.lang as Lang, key, options.hash ?? {});
    });
    this.hbs.registerHelper('pick', (text: LocalizedText, options: Handlebars.HelperOptions) => pick(text, options.data.root.lang as Lang));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerPartial('layout-head', this.read('partials/layout-head'));
    this.hbs.registerPartial('layout-foot', this.read('partials/layout-foot'));
    this.hbs.registerPartial('pager', this.read('partials/pager'));
    this.hbs.registerPartial('model-backtest', this.read('partials/model-backtest'));
  }

  private read(name: string): string {
    return fs.readFileSync(path.join(this.dir, `${name}.hbs`), 'utf8');
  }

  render(name: string, data: Record<string, unknown>): string {
    let fn = this.cache.get(name);
    if (!fn) {
      fn = this.hbs.compile(this.read(name));
      this.cache.set(name, fn);
    }
    return fn(data);
  }

  /** A static file beside the screens (the form script); names are fixed by the routes that serve them. */
  asset(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), 'utf8');
  }

  css(): string {
    return fs.readFileSync(path.join(this.dir, 'app.css'), 'utf8');
  }
}
