import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { ScreenRenderer } from './screen-renderer';
import { WebFonts } from './web-fonts';

/** The web shell's static assets: style sheet, embedded fonts and the record form's script. */
@ApiExcludeController()
@Controller('assets')
export class WebAssetsController {
  private readonly fonts = new WebFonts();

  constructor(private readonly screens: ScreenRenderer) {}

  @Public()
  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  css(): string {
    return this.screens.css();
  }

  @Public()
  @Get('fonts.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  fontsCss(): string {
    return this.fonts.css();
  }

  @Public()
  @Get('fonts/:file')
  font(@Param('file') name: string, @Res() res: Response): void {
    const file = this.fonts.file(name);
    if (!file) throw AppError.notFound();
    // File names are fixed per @fontsource release, so clients may keep them for a week.
    res.setHeader('Cache-Control', 'public, max-age=604800');
    res.type(name.endsWith('.woff2') ? 'font/woff2' : 'font/woff').sendFile(file);
  }

  @Public()
  @Get('record-form.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  recordFormJs(): string {
    return this.screens.asset('record-form.js');
  }

  @Public()
  @Get('confirm.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  confirmJs(): string {
    return this.screens.asset('confirm.js');
  }
}
