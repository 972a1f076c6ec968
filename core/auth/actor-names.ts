import { EntityManager, In } from 'typeorm';
import type { Lang } from '../i18n/i18n';
import { UserEntity } from './auth.entities';

/** Display names of recorded actors ('user:2:hosp-jijian' → 林清, as actorLabel writes them); system jobs read as the platform. */
export async function actorNames(m: EntityManager, labels: string[], lang: Lang): Promise<(label: string) => string> {
  const ids = [...new Set(labels.map((l) => /^user:(\d+):/.exec(l)?.[1]).filter((x): x is string => !!x).map(Number))];
  const users = ids.length ? await m.getRepository(UserEntity).findBy({ id: In(ids) }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return (label) => {
    const id = /^user:(\d+):/.exec(label)?.[1];
    if (id) return names.get(Number(id)) ?? label.split(':').slice(2).join(':');
    if (label.startsWith('system:')) return lang === 'en' ? 'The platform (automatic)' : '平台（自动）';
    return label;
  };
}
