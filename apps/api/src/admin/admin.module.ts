import type { Provider } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { WorkingDaysController } from './working-days.controller';
import { AuditScope } from './audit-scope.query';

/** Administrators' endpoints, registered in AppModule (they use its repositories). */
export const AdminModule = {
  controllers: [AdminController, WorkingDaysController],
  providers: [AuditScope] satisfies Provider[],
};
