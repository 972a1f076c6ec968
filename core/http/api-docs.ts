import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FieldDef, PluginDefinition } from '../plugin-api';

/** Extension marking a route that needs no sign-in; set by @Public() so the document can tell, removed here. */
export const PUBLIC_EXTENSION = 'x-public';
/** Extension marking a route with an attempt limit (sign-in, tip-offs); removed here once 429 is added. */
export const RATE_LIMITED_EXTENSION = 'x-rate-limited';

/** The route counts attempts per client and may answer 429 (documentation only: the limit itself lives elsewhere). */
export const ApiRateLimited = () => ApiExtension(RATE_LIMITED_EXTENSION, true);

export const ERROR_BODY = 'ErrorBody';
const ERROR_REF = { $ref: `#/components/schemas/${ERROR_BODY}` };

/** What AllExceptionsFilter sends for every error (core/http/all-exceptions.filter.ts). */
const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  title: '错误应答',
  description: 'Every error answer: a localised message, never a stack trace.',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', description: 'HTTP 状态码', example: 400 },
    error: { type: 'string', description: '错误的消息键（稳定，供程序判断）', example: 'error.validation' },
    message: { type: 'string', description: '按请求语言（Accept-Language / lang）给出的说明', example: '输入有误：title：必填' },
    details: {
      type: 'array',
      description: '校验错误时逐个字段的问题',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string', example: 'title' }, message: { type: 'string', example: 'title：必填' } } },
    },
    requestId: { type: 'string', description: '请求编号（X-Request-Id），报告问题时引用，运维据此查日志' },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ERROR_REF } } };
}

/** Component name of a record type's body; dots keep plugin and type ids (which use dashes) apart. */
export function recordSchemaName(pluginId: string, recordType: string, patch = false): string {
  return `${patch ? 'PluginRecordPatch' : 'PluginRecord'}.${pluginId}.${recordType}`;
}

function fieldSchema(f: FieldDef): SchemaObject {
  const base: SchemaObject = { title: f.label.zh, description: [f.label.en, f.help?.zh].filter(Boolean).join('；') || undefined };
  const options = (f.options ?? []).map((o) => o.value);
  const optionText = (f.options ?? []).map((o) => `${o.value}=${o.label.zh}`).join('，');
  const withText = (s: SchemaObject, extra?: string): SchemaObject => ({ ...base, ...s, description: [base.description, extra].filter(Boolean).join('；') || undefined });
  const bounds = { ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) };
  switch (f.type) {
    case 'string':
    case 'text': {
      const format = f.format ? `格式：${f.format}` : f.institution ? `单位代码（${f.institution.types.join('、')}）` : undefined;
      return withText({ type: 'string', maxLength: f.maxLength ?? (f.type === 'string' ? 200 : 10000), ...(f.pattern ? { pattern: f.pattern } : {}) }, format);
    }
    case 'integer':
      return withText({ type: 'integer', ...bounds });
    case 'money':
      // Amounts travel as whole fen so no float rounding touches money.
      return withText({ type: 'integer', ...(f.min === undefined ? { minimum: 0 } : {}), ...bounds }, '金额，单位：分（整数）');
    case 'decimal':
      return withText({ type: 'number', ...bounds });
    case 'boolean':
      return withText({ type: 'boolean' });
    case 'date':
      return withText({ type: 'string', format: 'date' });
    case 'enum':
      return withText({ type: 'string', enum: options }, optionText);
    case 'multi-enum':
      return withText({ type: 'array', items: { type: 'string', enum: options } }, optionText);
    case 'string-list':
      return withText({ type: 'array', maxItems: 200, items: { type: 'string', maxLength: 500 } });
    case 'reference':
      return withText({ type: 'integer', minimum: 1 }, `同一插件、同一单位的「${f.ref?.recordType ?? ''}」记录编号`);
    case 'rows':
      return withText({ type: 'array', maxItems: f.maxRows ?? 100, items: fieldsSchema(f.columns ?? [], false) });
  }
}

/** A body as validateFields reads it: only declared keys; absent, null or '' clears an optional field. */
function fieldsSchema(fields: FieldDef[], partial: boolean): SchemaObject {
  const required = partial ? [] : fields.filter((f) => f.required).map((f) => f.key);
  const properties = Object.fromEntries(fields.map((f) => [f.key, f.required && !partial ? fieldSchema(f) : { ...fieldSchema(f), nullable: true }]));
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/** Component name of a record type's answer (the record as GET /api/records/{id} shows it). */
export function recordViewSchemaName(pluginId: string, recordType: string): string {
  return `PluginRecordView.${pluginId}.${recordType}`;
}

/** A value as the API shows it: empty optional fields are null; a sensitive field the caller may not read is a masked string or a pseudonym. */
function viewFieldSchema(f: FieldDef): SchemaObject {
  const s = fieldSchema(f);
  if (!f.sensitive) return { ...s, nullable: true };
  return { title: s.title, description: [s.description, '敏感字段：无权查看明文时为掩码或化名（字符串）'].filter(Boolean).join('；'), nullable: true, anyOf: [s, { type: 'string' }] };
}

function recordViewSchema(p: PluginDefinition, t: NonNullable<PluginDefinition['recordTypes']>[number]): SchemaObject {
  const required = t.fields.filter((f) => f.required).map((f) => f.key);
  return {
    type: 'object',
    title: `${t.label.zh}（${p.id}/${t.id}）`,
    description: `记录 (a record of ${p.id}/${t.id} as the API shows it)`,
    required: ['id', 'institutionId', 'pluginId', 'recordType', 'title', 'values', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer', description: '记录编号' },
      institutionId: { type: 'integer', description: '所属单位' },
      pluginId: { type: 'string', enum: [p.id], description: '插件' },
      recordType: { type: 'string', enum: [t.id], description: '记录类型' },
      title: { type: 'string', description: '标题' },
      values: { type: 'object', additionalProperties: false, description: '字段值', properties: Object.fromEntries(t.fields.map((f) => [f.key, viewFieldSchema(f)])), ...(required.length ? { required } : {}) },
      createdAt: { type: 'string', description: '创建时间' },
      updatedAt: { type: 'string', description: '修改时间' },
    },
  };
}

function recordSchemas(plugins: PluginDefinition[]): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const p of plugins) {
    for (const t of p.recordTypes ?? []) {
      const label = `${t.label.zh}（${p.id}/${t.id}）`;
      out[recordSchemaName(p.id, t.id)] = { ...fieldsSchema(t.fields, false), title: label, description: `新增记录的请求体 (create body of ${p.id}/${t.id})` };
      out[recordSchemaName(p.id, t.id, true)] = { ...fieldsSchema(t.fields, true), title: label, description: `修改记录的请求体：只给出要改的字段 (partial update body of ${p.id}/${t.id})` };
      out[recordViewSchemaName(p.id, t.id)] = recordViewSchema(p, t);
    }
  }
  return out;
}

/** The record answers: one of the record types' views (their pluginId and recordType tell which). */
function recordAnswer(op: OperationObject, status: string, viewNames: string[], page: boolean): void {
  const answer = op.responses?.[status] as { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> } | undefined;
  const json = answer?.content?.['application/json'];
  if (!json) return;
  const one: SchemaObject = { oneOf: viewNames.map((n) => ({ $ref: `#/components/schemas/${n}` })) };
  json.schema = page
    ? {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize'],
        properties: { items: { type: 'array', items: one, description: '本页记录' }, total: { type: 'integer', description: '符合条件的总条数' }, page: { type: 'integer', description: '页码' }, pageSize: { type: 'integer', description: '每页条数' } },
      }
    : one;
}

function oneOfBody(names: string[], description: string) {
  return { required: true, description, content: { 'application/json': { schema: { oneOf: names.map((n) => ({ $ref: `#/components/schemas/${n}` })) } } } };
}

/**
 * Completes the generated document where decorators cannot: the shared error body and each operation's error answers,
 * and the plugin record bodies and answers, which exist only as field declarations of the installed plugins.
 */
export function completeApiDocument(doc: OpenAPIObject, host: { plugins: PluginDefinition[] }): OpenAPIObject {
  const schemas = (doc.components ??= {}).schemas ??= {};
  schemas[ERROR_BODY] = ERROR_BODY_SCHEMA;
  const records = recordSchemas(host.plugins);
  Object.assign(schemas, records);
  const createNames = Object.keys(records).filter((n) => n.startsWith('PluginRecord.'));
  const patchNames = Object.keys(records).filter((n) => n.startsWith('PluginRecordPatch.'));
  const viewNames = Object.keys(records).filter((n) => n.startsWith('PluginRecordView.'));

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!op) continue;
      if (method === 'post' && path === '/api/plugins/{pluginId}/records/{recordType}') op.requestBody = oneOfBody(createNames, '所选记录类型的字段（按路径中的 pluginId/recordType 取其一）');
      if (method === 'patch' && path === '/api/records/{id}') op.requestBody = oneOfBody(patchNames, '记录所属类型的字段，只给出要修改的（null 或空串清空可选字段）');
      if (path === '/api/plugins/{pluginId}/records/{recordType}') recordAnswer(op, method === 'post' ? '201' : '200', viewNames, method === 'get');
      if (path === '/api/records/{id}' && (method === 'get' || method === 'patch')) recordAnswer(op, '200', viewNames, false);

      const isPublic = op[PUBLIC_EXTENSION] === true;
      const rateLimited = op[RATE_LIMITED_EXTENSION] === true;
      delete op[PUBLIC_EXTENSION];
      delete op[RATE_LIMITED_EXTENSION];
      const params = ((op.parameters ?? []) as (ParameterObject | ReferenceObject)[]).filter((p): p is ParameterObject => 'in' in p);
      const hasPath = params.some((p) => p.in === 'path');
      const hasInput = !!op.requestBody || params.some((p) => p.in === 'query' || p.in === 'path');
      const responses = (op.responses ??= {});
      const add = (status: number, description: string) => {
        responses[status] ??= errorResponse(description);
      };
      // Body parsers and the input guard run on every request, so even an operation with no declared input can get a 400.
      add(400, hasInput ? '输入有误（校验不通过，details 逐个字段说明）' : '请求格式有误（如请求体不是合法的 JSON）');
      if (isPublic) op.security = [];
      else add(401, '未登录或会话已过期');
      // A signed-in caller of a public route meets only the CSRF check, which safe methods skip.
      if (!isPublic) add(403, '无权执行此操作（角色、单位范围、CSRF 令牌或须先修改临时密码）');
      else if (method !== 'get' && method !== 'head') add(403, 'CSRF 令牌不符（已登录时提交）');
      if (hasPath) add(404, '对象不存在或无权查看');
      if (op.requestBody) add(413, '请求体过大');
      if (rateLimited) add(429, '尝试过于频繁，请稍后再试（见 Retry-After）');
    }
  }
  return doc;
}
