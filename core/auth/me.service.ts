import { Injectable } from '@nestjs/common';
import { AccessService } from '../org/access.service';
import type { Actor } from './actor';

@Injectable()
export class MeService {
  constructor(private readonly access: AccessService) {}

  async describe(actor: Actor) {
    const institutions = await this.access.institutions();
    const name = (id: number) => institutions.find((i) => i.id === id)?.name ?? '';
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      isSystemAdmin: actor.isSystemAdmin,
      mustChangePassword: !!actor.mustChangePassword,
      roles: actor.roles.map((r) => ({ ...r, institutionName: name(r.institutionId) })),
      currentInstitutionId: actor.currentInstitutionId,
      visibleInstitutionIds: actor.visibleInstitutionIds,
      csrfToken: actor.csrfToken,
    };
  }
}
