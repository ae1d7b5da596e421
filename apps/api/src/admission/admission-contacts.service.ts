import { Injectable } from '@nestjs/common';
import type { IdempotentRequest } from '../common/idempotency-key.decorator';
import {
  admissionCaseData,
  type Actor,
  type AdmissionContactChangeRecord,
  type AdmissionContactChangeRequest,
} from '../../../../libs/contracts';
import {
  caseNotActive,
  checkContactChangeActor,
  checkContactChangeCap,
  checkContactChangeStage,
  checkContactsChanged,
  checkCultivationContacts,
  checkFullMembersWithRights,
  getPolicy,
  localDate,
} from '../../../../libs/domain';
import { CaseReader } from '../cases/case-reader';
import { IdempotencyService } from '../common/idempotency.service';
import { RegistryAccess } from '../registry/registry-access.service';
import { admissionCaseState } from './admission-case.state';
import { AdmissionGateway } from './admission.gateway';
import { AdmissionRegistryChecks } from './admission-registry.checks';
import { refuse } from './refuse';

const contactIdsOf = (data: Record<string, unknown>): string[] =>
  Array.isArray(data.contactIds) ? (data.contactIds as string[]) : [];

/**
 * 更换培养联系人 (RULES §E step 5, "contact leaves → reassign"): the API checks with the workflow's own rules and the
 * registry (each new contact a full member with rights intact on the effective date); the workflow decides.
 */
@Injectable()
export class AdmissionContactsService {
  constructor(
    private readonly registry: AdmissionRegistryChecks,
    private readonly gateway: AdmissionGateway,
    private readonly reader: CaseReader,
    private readonly idempotency: IdempotencyService,
    private readonly access: RegistryAccess,
  ) {}

  async change(
    actor: Actor,
    caseId: string,
    request: AdmissionContactChangeRequest,
    idempotencyKey: IdempotentRequest | undefined,
  ): Promise<AdmissionContactChangeRecord> {
    const state = await admissionCaseState(this.reader, caseId);
    const policy = getPolicy(state.policyVersion);
    const current = contactIdsOf(state.data);
    // A retried click finds the case already changed: Temporal answers it with the first result (same update id).
    const retried = idempotencyKey !== undefined && checkContactsChanged(current, request.contactIds) !== null;
    if (!retried) {
      if (state.status !== 'active') refuse(caseNotActive(state.status));
      refuse(checkContactChangeActor(actor, state.orgPath));
      refuse(checkContactChangeStage(state.stage, current.length > 0));
      refuse(checkCultivationContacts(request.contactIds, policy));
      refuse(checkContactsChanged(current, request.contactIds));
      // the same cap the workflow's validator applies (issue 8 §2): refused before the registry is asked
      refuse(checkContactChangeCap(admissionCaseData(state).contactChanges?.length ?? 0, policy));
      const onDate = request.effectiveDate ?? localDate(new Date().toISOString(), policy);
      const statuses = await this.registry.statusesOn(request.contactIds, onDate);
      refuse(await this.access.withinScope(actor, checkFullMembersWithRights('contact', statuses), onDate));
    }
    return this.gateway.changeContacts(
      caseId,
      { actor, change: request },
      await this.idempotency.updateId(actor, 'changeContacts', caseId, idempotencyKey),
    );
  }
}
