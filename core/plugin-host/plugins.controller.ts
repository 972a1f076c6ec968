import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PluginHost } from './plugin-host';
import { ApiOk } from '../http/api-responses';
import { PluginResponse } from './plugins-responses';

@ApiTags('plugins')
@Controller('api/plugins')
export class PluginsController {
  constructor(private readonly host: PluginHost) {}

  @Get()
  @ApiOperation({ summary: '查询已安装插件', description: 'The installed plugins: record types with their fields, rules, templates, screens, indicators and presets.' })
  @ApiOk([PluginResponse])
  list() {
    return this.host.plugins.map((p) => ({
      id: p.id,
      version: p.version,
      name: p.name,
      description: p.description ?? null,
      coreCompatibility: p.coreCompatibility,
      dependsOn: p.dependsOn ?? [],
      institutions: this.host.institutionsEnabling(p.id),
      recordTypes: (p.recordTypes ?? []).map((t) => ({ id: t.id, label: t.label, fields: t.fields.map(({ validate: _v, ...f }) => f) })),
      rules: (p.rules ?? []).map((r) => ({ id: r.id, version: r.version, label: r.label, level: r.level })),
      templates: (p.templates ?? []).map((t) => ({ id: `${p.id}/${t.id}`, label: t.label, kind: t.kind })),
      screens: (p.screens ?? []).map((s) => ({ id: s.id, label: s.label, kind: s.kind, recordType: s.recordType, filters: s.filters ?? [] })),
      indicators: (p.indicators ?? []).map((i) => ({ id: `${p.id}/${i.id}`, label: i.label, unit: i.unit, target: i.target ?? null })),
      riskPresets: p.riskPresets ?? [],
    }));
  }
}
