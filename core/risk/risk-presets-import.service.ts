import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Lang, pick } from '../i18n/i18n';
import { DepartmentEntity, PersonEntity, PostEntity } from '../org/org.entities';
import type { RiskPresetDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { ExtensionFields, RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { validateExtensions } from './risk-point-extensions';
import { RiskPointService } from './risk-point.service';
import { CreateRiskPointDto, ImportPresetsDto, PresetPostDto } from './risk.dto';
import { RiskPointEntity } from './risk.entities';
import { Grade, gradeLabel, gradeOf, RiskSettings } from './risk.presets';

/** The plugin API's four 002 categories, under the keys the shipped taxonomies use. */
const CATEGORY_ALIASES: Record<RiskPresetDef['category'], string[]> = {
  'post-duty': ['post-duty'],
  'business-process': ['business-process'],
  mechanism: ['system-mechanism'],
  external: ['external-environment'],
};

export interface PresetPreviewRow {
  id: string;
  post: string;
  title: string;
  category: string | null;
  categoryLabel: string;
  grade: number;
  gradeLabel: string;
  likelihood: number | null;
  harm: number | null;
  prevention: string;
  monitoring: string;
  disposal: string;
  postId: number | null;
  departmentId: number | null;
  ownerPersonId: number | null;
  ownerName: string | null;
  problems: string[];
}

/** Where presets go: onto the posts of their names (or the local posts standing in for them), or onto one department as its own points. */
export interface PresetTarget {
  posts?: PresetPostDto[];
  departmentId?: number;
}

/** A preset import refused; `rows` names each preset and what is wrong with it. */
export class PresetImportRejected extends AppError {
  constructor(readonly rows: { presetId: string; message: string }[]) {
    super(HttpStatus.BAD_REQUEST, 'error.risk_import', {}, rows.map((r) => ({ field: r.presetId, key: 'validation.custom', params: { message: { zh: r.message, en: r.message } } })));
  }
}

/** The likelihood × harm pair that gives a grade: the most balanced one, then the higher (so 一级 → 3×3, 二级 → 2×2). */
export function pairForGrade(s: Pick<RiskSettings, 'gradeMatrix'>, grade: Grade): { likelihood: number; harm: number } | null {
  const pairs = [1, 2, 3].flatMap((likelihood) => [1, 2, 3].map((harm) => ({ likelihood, harm }))).filter((p) => gradeOf(s, p.likelihood, p.harm) === grade);
  pairs.sort((a, b) => Math.abs(a.likelihood - a.harm) - Math.abs(b.likelihood - b.harm) || b.likelihood + b.harm - (a.likelihood + a.harm));
  return pairs[0] ?? null;
}

/**
 * Plugins' preset risk points (002 附表 style) imported as draft points at the identification's first step:
 * each preset goes to the post of the same name (or the local post mapped to that name) and its holder, or, for a
 * department's own points (附表2), to the chosen department; everything is checked before anything is written.
 */
@Injectable()
export class RiskPresetsImportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly host: PluginHost,
    private readonly ctx: RiskContext,
    private readonly points: RiskPointService,
  ) {}

  /** Enabled plugins of the institution that ship presets. */
  async sets(institutionId: number, lang: Lang = 'zh'): Promise<{ pluginId: string; name: string; count: number }[]> {
    const inst = await this.ctx.institution(institutionId);
    return this.host
      .enabledFor(inst.code)
      .filter((e) => e.plugin.riskPresets?.length)
      .map((e) => ({ pluginId: e.plugin.id, name: pick(e.plugin.name, lang), count: e.plugin.riskPresets!.length }));
  }

  private async presetsOf(institutionId: number, pluginId: string): Promise<RiskPresetDef[]> {
    const inst = await this.ctx.institution(institutionId);
    const enabled = this.host.enabledFor(inst.code).find((e) => e.plugin.id === pluginId);
    // A plugin the institution does not enable is as unknown as a missing one.
    if (!enabled?.plugin.riskPresets?.length) throw AppError.notFound();
    return enabled.plugin.riskPresets;
  }

  async preview(actor: Actor, institutionId: number, pluginId: string, fallbackCategory?: string, lang: Lang = 'zh', target: PresetTarget = {}): Promise<PresetPreviewRow[]> {
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    const presets = await this.presetsOf(institutionId, pluginId);
    const s = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    const fallback = fallbackCategory ? s.categories.find((c) => c.key === fallbackCategory) : undefined;
    return this.db.read(async (m) => {
      const posts = await m.getRepository(PostEntity).findBy({ institutionId });
      const people = await m.getRepository(PersonEntity).find({ where: { institutionId }, order: { id: 'ASC' } });
      const dept = target.departmentId ? await m.getRepository(DepartmentEntity).findOneBy({ id: target.departmentId, institutionId }) : null;
      if (target.departmentId && !dept) throw AppError.validation([{ field: 'departmentId', key: 'validation.invalid' }]);
      const badPost = (target.posts ?? []).findIndex((x) => !posts.some((q) => q.id === x.postId));
      if (badPost >= 0) throw AppError.validation([{ field: `posts.${badPost}.postId`, key: 'validation.invalid' }]);
      const level = dept ? 'department' : 'post';
      const existing = new Set((await m.getRepository(RiskPointEntity).find({ select: { title: true, postId: true, departmentId: true }, where: { institutionId, level } })).map((r) => `${dept ? r.departmentId : r.postId}\u0000${r.title}`));
      return presets.map((p) => {
        const problems: string[] = [];
        const category = s.categories.find((c) => CATEGORY_ALIASES[p.category]?.includes(c.key)) ?? fallback;
        if (!category) problems.push(`本单位的风险分类中没有“${pick(categoryName(p.category), 'zh')}”，请选择替代分类`);
        const pair = pairForGrade(s, p.grade);
        if (!pair) problems.push('本单位的定级矩阵得不出该等级');
        const postName = p.post.zh;
        const mapped = target.posts?.find((x) => x.presetPost === postName);
        // A department's own point needs no post; otherwise the preset's post, or the local post mapped to it.
        const matches = dept ? [] : posts.filter((x) => (mapped ? x.id === mapped.postId : x.name === postName));
        const post = matches.length === 1 ? matches[0] : null;
        if (!dept && !matches.length) problems.push(`本单位没有岗位“${postName}”，请先在组织机构中设置该岗位`);
        else if (matches.length > 1) problems.push(`本单位有多个岗位名为“${postName}”`);
        const owner = post ? (people.find((x) => x.postId === post.id) ?? null) : null;
        const title = p.name.zh;
        if (dept && existing.has(`${dept.id}\u0000${title}`)) problems.push('该科室已有同名风险点');
        if (post && existing.has(`${post.id}\u0000${title}`)) problems.push('该岗位已有同名风险点');
        const ext = validateExtensions(exts, extensionsOf(p, pluginId, exts));
        if (ext.problems.length) problems.push(`插件扩展字段取值无效：${ext.problems.map((x) => x.field).join('、')}`);
        const phase = (k: 'prevention' | 'monitoring' | 'disposal') => p.measures.filter((x) => x.phase === k).map((x) => pick(x.text, lang)).join('；');
        return {
          id: p.id,
          post: pick(p.post, lang),
          title: pick(p.name, lang),
          category: category?.key ?? null,
          categoryLabel: category ? pick(category.label, lang) : pick(categoryName(p.category), lang),
          grade: p.grade,
          gradeLabel: pick(gradeLabel(s, p.grade), lang),
          likelihood: pair?.likelihood ?? null,
          harm: pair?.harm ?? null,
          prevention: phase('prevention'),
          monitoring: phase('monitoring'),
          disposal: phase('disposal'),
          postId: post?.id ?? null,
          departmentId: dept?.id ?? post?.departmentId ?? null,
          ownerPersonId: owner?.id ?? null,
          ownerName: owner?.name ?? null,
          problems,
        };
      });
    });
  }

  /** All-or-nothing: any chosen preset with a problem refuses the whole import. */
  async import(actor: Actor, institutionId: number, pluginId: string, dto: ImportPresetsDto): Promise<{ created: number; ids: number[] }> {
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    const target: PresetTarget = { posts: dto.posts, departmentId: dto.departmentId };
    const rows = await this.preview(actor, institutionId, pluginId, dto.fallbackCategory, 'zh', target);
    const wanted = dto.presetIds ? new Set(dto.presetIds) : null;
    const unknown = [...(wanted ?? [])].filter((id) => !rows.some((r) => r.id === id));
    const chosen = wanted ? rows.filter((r) => wanted.has(r.id)) : rows;
    const problems = [...unknown.map((presetId) => ({ presetId, message: '没有该预置风险点' })), ...chosen.flatMap((r) => r.problems.map((message) => ({ presetId: r.id, message: `${r.title}：${message}` })))];
    if (!chosen.length && !unknown.length) problems.push({ presetId: '', message: '请至少选择一个预置风险点' });
    if (problems.length) throw new PresetImportRejected(problems);
    const presets = await this.presetsOf(institutionId, pluginId);
    const exts = await this.ctx.extensionFields(institutionId);
    const ids = await this.db.write(async (m) => {
      const out: number[] = [];
      for (const r of chosen) {
        const preset = presets.find((p) => p.id === r.id)!;
        const dto = Object.assign(new CreateRiskPointDto(), {
          level: target.departmentId ? 'department' : 'post',
          postId: r.postId ?? undefined,
          departmentId: r.departmentId ?? undefined,
          ownerPersonId: r.ownerPersonId ?? undefined,
          title: r.title,
          category: r.category!,
          likelihood: r.likelihood!,
          harm: r.harm!,
          measuresPrevention: r.prevention,
          measuresMonitoring: r.monitoring,
          measuresDisposal: r.disposal,
          extensions: extensionsOf(preset, pluginId, exts),
        });
        out.push(await this.points.create(actor, institutionId, dto, { m, source: `preset:${pluginId}:${r.id}`, ownerless: !r.ownerPersonId }));
      }
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'risk.presets.import', objectType: 'plugin', objectId: pluginId, detail: { presets: chosen.map((r) => r.id), points: out, ...(target.departmentId ? { departmentId: target.departmentId } : {}) } });
      return out;
    });
    return { created: ids.length, ids };
  }
}

/** A preset's extension values, when its plugin declares fields on risk points here (otherwise there is nowhere to keep them). */
function extensionsOf(p: RiskPresetDef, pluginId: string, exts: ExtensionFields[]): Record<string, Record<string, unknown>> | undefined {
  return p.extra && exts.some((e) => e.pluginId === pluginId) ? { [pluginId]: p.extra } : undefined;
}

function categoryName(c: RiskPresetDef['category']) {
  const names: Record<RiskPresetDef['category'], { zh: string; en: string }> = {
    'post-duty': { zh: '岗位职责', en: 'Post duties' },
    'business-process': { zh: '业务流程', en: 'Business process' },
    mechanism: { zh: '制度机制', en: 'Rules and mechanisms' },
    external: { zh: '外部环境', en: 'External environment' },
  };
  return names[c];
}
