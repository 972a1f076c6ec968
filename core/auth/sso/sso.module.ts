import { Module } from '@nestjs/common';
import { CasService } from './cas.service';
import { OidcService } from './oidc.service';
import { SsoController } from './sso.controller';

/** Optional sign-in through the institution's identity platform (OIDC_ISSUER, CAS_BASE_URL); AuthService opens the session. */
@Module({
  controllers: [SsoController],
  providers: [OidcService, CasService],
})
export class SsoModule {}
