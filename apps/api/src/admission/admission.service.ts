import { randomUUID } from 'node:crypto';
import type { IdempotentRequest } from '../common/idempotency-key.decorator';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  admissionCaseData,
  workflowIds,
  type Actor,
  type AdmissionInput,
  type AdmissionTransferRequest,
  type AdmissionTransferResult,
} from '../../../../libs/contracts';
import {
  AdmissionReservationRepository,
  CaseRecordRepository,
  CaseSummaryRepository,
  type AdmissionReservation,
  type Database,
} from '../../../../libs/db';
import {
  caseNotActive,
  checkApplicantAge,
  checkApplicationDate,
  checkTransferActor,
  checkTransferStage,
  checkTransferTarget,
  localDate,
} from '../../../../libs/domain';
import { DATABASE } from '../api-settings';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';
import { CaseReader } from '../cases/case-reader';
import { ApiError } from '../common/api-error';
import { IdempotencyService } from '../common/idempotency.service';
import { MetricsService } from '../metrics/metrics.service';
import { policyOf } from '../terms/org-case.context';
import { admissionCaseState } from './admission-case.state';
import { AdmissionGateway } from './admission.gateway';
import { AdmissionRegistryChecks } from './admission-registry.checks';
import type { StartAdmissionDto, StartAdmissionResultDto } from './admission.dto';
import { refuse } from './refuse';

/**
 * How long a reservation whose workflow has not started yet still holds the person: the time one request takes from
 * reserving to starting the workflow, so a concurrent request waits for it, while a reservation left by a crashed
 * request frees itself. Technical, not a rule of RULES §E.
 */
export const RESERVATION_PENDING_MS = 30_000;

/** How long a new application waits for the run of a case closed on record to end (technical, not a rule). */
const CLOSING_RUN_WAIT_MS = 10_000;

function caseExists(caseId: string, orgId: string): ApiError {
  return new ApiError(
    409,
    'ADMISSION_CASE_EXISTS',
    '该人员已有正在办理的发展党员事项',
    'This person already has a running member-development case',
    { numbers: { caseId, orgId } },
  );
}

/** The sending branch's upper committee, as the workflow keeps it in `data.bodies` (RULES §A.3). */
function upperCommitteeOf(data: Record<string, unknown>): string {
  const bodies = data.bodies as { upperCommitteeId?: unknown } | undefined;
  return typeof bodies?.upperCommitteeId === 'string' ? bodies.upperCommitteeId : '';
}

/** 发展党员 — starting a case and transferring it (RULES §E): registry checks here, the workflow stays authoritative. */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly registry: AdmissionRegistryChecks,
    private readonly summaries: CaseSummaryRepository,
    private readonly records: CaseRecordRepository,
    private readonly gateway: AdmissionGateway,
    private readonly reader: CaseReader,
    private readonly metrics: MetricsService,
    private readonly idempotency: IdempotencyService,
    @Inject(DATABASE) database: Database,
  ) {
    this.reservations = new AdmissionReservationRepository(database);
  }

  private readonly reservations: AdmissionReservationRepository;

  /**
   * RULES §E step 1: a submitter of the branch (or an administrator over it) registers the application. The branch
   * must be able to admit (H-16); the applicant is a registry person, not yet a member, at the right organization and
   * 18 or older on the application date; one running case per person at any branch.
   */
  async start(actor: Actor, request: StartAdmissionDto, now: Date = new Date()): Promise<StartAdmissionResultDto> {
    const ctx = await this.registry.admittingOrg(request.orgId);
    if (!hasRoleAt(actor, 'submitter', request.orgId) && !isAdminOver(actor, ctx.orgPath)) {
      throw ApiError.forbidden(
        'NOT_SUBMITTER',
        '只有本支部的经办人或其上级管理员可以登记入党申请',
        'Only a submitter of the branch or an administrator over it may register an application',
      );
    }
    const policy = policyOf(ctx.org);
    // today on the organization's calendar (China, policy localUtcOffsetMinutes), as the workflow dates its steps
    refuse(checkApplicationDate(request.applicationDate, localDate(now.toISOString(), policy)));
    const person = await this.registry.applicant(actor, request.personId, request.orgId, request.applicationDate);
    refuse(checkApplicantAge(person.birthDate, request.applicationDate, policy));

    // a later application of the same person and branch is a new run of the same workflow id with its own case id
    const caseId = await this.records.nextCaseId(workflowIds.admission(request.orgId, request.personId));
    // cases started before reservations existed are known from the projection only
    const [running] = await this.summaries.activeForPerson(request.personId, 'admission');
    if (running) throw caseExists(running.caseId, running.orgId);
    const reservation = await this.reserve(request.personId, caseId, now);

    const input: AdmissionInput = {
      caseId,
      orgId: request.orgId,
      orgPath: ctx.orgPath,
      personId: request.personId,
      personName: person.name,
      birthDate: person.birthDate,
      applicationDate: request.applicationDate,
      upperCommitteeId: ctx.upperCommitteeId,
      partyGroupBodyId: ctx.partyGroupBodyId,
      submittedBy: actor.userId,
      submittedAt: now.toISOString(),
      policyVersion: policy.version,
    };
    try {
      await this.gateway.start(input, request.note);
    } catch (e) {
      // a case of this id runs already: the reservation names it rightly, keep it
      if (e instanceof WorkflowExecutionAlreadyStartedError) throw caseExists(caseId, request.orgId);
      await this.reservations.release(request.personId, reservation.token);
      throw e;
    }
    this.metrics.casesStarted.inc({ procedure: 'admission' });
    return {
      caseId,
      orgId: request.orgId,
      personId: request.personId,
      status: 'active',
      policyVersion: policy.version,
      upperCommitteeId: ctx.upperCommitteeId,
      partyGroupBodyId: ctx.partyGroupBodyId,
    };
  }

  /**
   * One running case per person at any branch (RULES §E), atomically: the person's reservation row is inserted, or
   * taken over (conditioned on the token read) when the case it names no longer runs; otherwise 409
   * ADMISSION_CASE_EXISTS with that case's id. Of two concurrent applications exactly one gets the row.
   */
  private async reserve(personId: string, caseId: string, now: Date): Promise<AdmissionReservation> {
    const mine = { personId, caseId, token: randomUUID(), reservedAt: now.toISOString() };
    const inserted = await this.reservations.insert(mine);
    if (inserted) return inserted;
    const held = await this.reservations.get(personId);
    if (held) {
      if (await this.holds(held, now)) throw await this.existing(held.caseId);
      const taken = await this.reservations.takeOver(personId, held.token, mine);
      if (taken) return taken;
    } else {
      const again = await this.reservations.insert(mine); // released meanwhile
      if (again) return again;
    }
    // another request got the row first
    const winner = await this.reservations.get(personId);
    throw await this.existing(winner?.caseId ?? caseId);
  }

  /** 409 for a case that holds the person, with the organization it is at (after a transfer: the receiving one). */
  private async existing(caseId: string): Promise<ApiError> {
    const summary = await this.summaries.get(caseId);
    // admission:<orgId>:<personId> names the branch it started at
    return caseExists(caseId, summary?.orgId ?? caseId.split(':')[1] ?? '');
  }

  /**
   * Does the reservation still hold the person: its case runs, or was reserved moments ago and has not started yet
   * (no workflow, or only an older closed run of the same id).
   */
  private async holds(held: AdmissionReservation, now: Date): Promise<boolean> {
    const run = await this.gateway.latestRun(held.caseId);
    if (run?.running) {
      // a case closed on record (withdrawn, cancelled) has answered its caller; its run ends moments later
      const summary = await this.summaries.get(held.caseId);
      if (summary?.status === 'active') return true;
      return !(await this.gateway.awaitRunClosed(held.caseId, CLOSING_RUN_WAIT_MS));
    }
    const pending = now.getTime() - Date.parse(held.reservedAt) < RESERVATION_PENDING_MS;
    return pending && (run === null || Date.parse(run.startedAt) < Date.parse(held.reservedAt));
  }

  /**
   * 组织关系转接 (RULES §E step 21, H-12): an administrator over the case or a holder of a role at the sending branch's
   * upper committee (RULES §A.3) moves it to another branch that can admit; its path and approvers are resolved here.
   * The pre-checks are the workflow validator's own pure rules in its order (case active, actor, stage, target), so
   * the API refuses with the status and code the workflow would; the workflow's transfer update still decides.
   */
  async transfer(
    actor: Actor,
    caseId: string,
    request: AdmissionTransferRequest,
    idempotencyKey: IdempotentRequest | undefined,
  ): Promise<AdmissionTransferResult> {
    const state = await admissionCaseState(this.reader, caseId);
    // With an Idempotency-Key the case may already sit where this very click moved it: Temporal answers the retry with
    // the first result (same update id), so the checks the move itself changed (its upper committee, same org) are
    // left to Temporal, as for a retried decision.
    const lastMove = admissionCaseData(state).transfers?.at(-1);
    const retried =
      idempotencyKey !== undefined &&
      state.orgId === request.toOrgId &&
      lastMove?.toOrgId === request.toOrgId &&
      lastMove?.actorId === actor.userId;
    if (!retried) {
      if (state.status !== 'active') refuse(caseNotActive(state.status));
      refuse(checkTransferActor(actor, state.orgPath, upperCommitteeOf(state.data)));
      refuse(checkTransferStage(state.stage));
      refuse(checkTransferTarget(state.orgId, request.toOrgId));
    }
    const target = await this.registry.admittingOrg(request.toOrgId);
    return this.gateway.transfer(
      caseId,
      {
        actor,
        transfer: {
          ...request,
          toOrgPath: target.orgPath,
          upperCommitteeId: target.upperCommitteeId,
          partyGroupBodyId: target.partyGroupBodyId,
        },
      },
      await this.idempotency.updateId(actor, 'transferAdmission', caseId, idempotencyKey),
    );
  }
}
