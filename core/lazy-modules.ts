import type * as ExcelJS from 'exceljs';
import type { PuppeteerNode } from 'puppeteer-core';

// exceljs and puppeteer-core take over a second to load; only exports and PDFs need them, so boot stays fast.

export function loadExcel(): typeof ExcelJS {
  return require('exceljs');
}

export function loadPuppeteer(): PuppeteerNode {
  return require('puppeteer-core').default;
}
