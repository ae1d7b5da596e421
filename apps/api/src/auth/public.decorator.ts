import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'branchflow:isPublic';

/** Marks a route (or controller) as reachable without a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
