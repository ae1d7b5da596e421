import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { IdentityRepository } from '../../../../libs/db';

/** Resolves the acting principal from the role table on every request (roles are never read from the token). */
@Injectable()
export class ActorService {
  constructor(private readonly identity: IdentityRepository) {}

  resolve(userId: string): Promise<Actor | null> {
    return this.identity.actorFor(userId);
  }
}
