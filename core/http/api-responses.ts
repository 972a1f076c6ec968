import { applyDecorators, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * Success answers in the API document (docs only: nothing here changes what a handler sends).
 * JSON answers name a response class; files name their media type with `format: binary`.
 */

/** A label in both languages (`{ zh, en }`), as every module's views carry them. */
export class LocalizedTextResponse {
  @ApiProperty({ description: '中文' }) zh: string;
  @ApiProperty({ description: '英文（空时显示中文）' }) en: string;
}

/** `{ ok: true }`: the action was done and there is nothing more to say. */
export class OkResponse {
  @ApiProperty({ description: '操作已完成', example: true }) ok: boolean;
}

const pages = new Map<Type<unknown>, Type<unknown>>();

/** One page of a list (core/http/pagination.ts `Page<T>`), as a named schema `<Item>Page`. */
export function PageOf<T>(item: Type<T>): Type<unknown> {
  const known = pages.get(item);
  if (known) return known;
  class PageResponse {
    @ApiProperty({ type: [item], description: '本页条目' }) items: T[];
    @ApiProperty({ type: 'integer', description: '符合条件的总条数' }) total: number;
    @ApiProperty({ type: 'integer', description: '页码（从 1 起）' }) page: number;
    @ApiProperty({ type: 'integer', description: '每页条数' }) pageSize: number;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${item.name.replace(/Response$|View$/, '')}Page` });
  pages.set(item, PageResponse);
  return PageResponse;
}

type JsonAnswer = Type<unknown> | [Type<unknown>];

/** 200 with a JSON body of `type` (a class, or `[Class]` for an array). */
export const ApiOk = (type: JsonAnswer, description = '成功') => ApiOkResponse({ type: type as never, description });
/** 201 with a JSON body of `type`: a POST without @HttpCode answers 201. */
export const ApiCreated = (type: JsonAnswer, description = '已创建') => ApiCreatedResponse({ type: type as never, description });
/** 200 with `null` when there is nothing to show, else `type`. */
export const ApiOkNullable = (type: Type<unknown>, description: string) =>
  applyDecorators(ApiExtraModels(type), ApiOkResponse({ description, schema: { allOf: [{ $ref: getSchemaPath(type) }], nullable: true } }));

/** 200 with a file: `mime` one or more media types, the body the bytes. */
export function ApiFile(mime: string | string[], description: string) {
  const content = Object.fromEntries((Array.isArray(mime) ? mime : [mime]).map((m) => [m, { schema: { type: 'string', format: 'binary' } }]));
  return ApiResponse({ status: 200, description, content });
}

/** 200 with an HTML page (screens and previews). */
export const ApiHtml = (description: string) => ApiResponse({ status: 200, description, content: { 'text/html': { schema: { type: 'string' } } } });

/** 303 to another page (forms that post, redirect, get). */
export const ApiSeeOther = (description: string) => ApiResponse({ status: 303, description, headers: { Location: { description: '转向的地址', schema: { type: 'string' } } } });

/** 204 with no body. */
export const ApiNoContent = (description = '已完成，无内容') => ApiNoContentResponse({ description });
