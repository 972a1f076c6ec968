import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Past this page the offset would overflow what the databases take as a bound parameter. */
const MAX_PAGE = 1_000_000;

/** `page`/`pageSize` of every API list: extend it in a list's query DTO. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) pageSize?: number;
}

/** What every API list answers: one page of items and the true count of all that match. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The page asked for, with its SQL limit and offset; a page past the end is simply empty. */
export interface PageWindow {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

export function pageWindow(q: { page?: number; pageSize?: number }, defaultSize = DEFAULT_PAGE_SIZE): PageWindow {
  const page = q.page && q.page >= 1 ? Math.min(Math.floor(q.page), MAX_PAGE) : 1;
  const pageSize = q.pageSize && q.pageSize >= 1 ? Math.min(Math.floor(q.pageSize), MAX_PAGE_SIZE) : defaultSize;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

export function pageOf<T>(items: T[], total: number, w: PageWindow): Page<T> {
  return { items, total, page: w.page, pageSize: w.pageSize };
}

/** One page of a list already in memory (a list made of several sources): the total stays true. */
export function slicePage<T>(all: T[], w: PageWindow): Page<T> {
  return pageOf(all.slice(w.offset, w.offset + w.limit), all.length, w);
}
