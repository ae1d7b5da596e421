import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { RegistryRepository } from '../../../../libs/db';
import {
  checkElectionQuorum,
  checkExclusionsDuration,
  computeEntitledVoters,
  getPolicy,
} from '../../../../libs/domain';
import { CasesService } from './cases.service';
import type { QuorumPreviewBodyDto, QuorumPreviewDto } from './election.dto';

/**
 * The check-in preview of an election meeting (RULES §D.3): who is due on the meeting date and whether those checked
 * in make the quorum. Same roster source and rules as the meeting workflow: the request's roster for a founding
 * election, the organization's roster otherwise, the elected members for the first committee meeting (§D.6).
 */
@Injectable()
export class QuorumPreviewService {
  constructor(
    private readonly cases: CasesService,
    private readonly registry: RegistryRepository,
  ) {}

  async preview(actor: Actor, caseId: string, body: QuorumPreviewBodyDto): Promise<QuorumPreviewDto> {
    // the case and its election in one read, bounded like the case view (503 ELECTION_UNAVAILABLE, never held)
    const read = await this.cases.readElection(actor, caseId);
    const state = read.state;
    const election = read.election as { phase?: string; elected?: string[] };
    const policy = getPolicy(state.policyVersion);
    const committee = election.phase === 'awaitingOfficersMeeting' && (election.elected?.length ?? 0) > 0;
    let voters: QuorumPreviewDto['voters'];
    let dueIds: string[];
    if (committee) {
      const names = await this.registry.rosterAsOf(election.elected!, body.meetingDate);
      dueIds = [...election.elected!];
      voters = dueIds.map((id) => {
        const m = names.find((n) => n.personId === id);
        return { personId: id, name: m?.name ?? id, status: m?.status ?? null, standing: 'due' as const };
      });
    } else {
      // RULES §D.3: an abroad/away exclusion without six months (or without its start) does not count, so the member
      // stays due here, as the meeting counts; the meeting itself refuses it when it opens. The preview does not refuse:
      // it answers while the clerk is still filling in the exclusion, and the check-in table must stay.
      const counted = body.exclusions.filter((e) => !checkExclusionsDuration([e], body.meetingDate, policy));
      const request = state.data.request as { rosterPersonIds?: unknown } | undefined;
      const ids = Array.isArray(request?.rosterPersonIds) ? request.rosterPersonIds.map(String) : null;
      const roster = await this.registry.rosterAsOf(ids ?? state.orgId, body.meetingDate);
      const entitled = computeEntitledVoters(
        roster.map((m) => ({ personId: m.personId, status: m.status })),
        counted.map((e) => e.personId),
      );
      dueIds = entitled.dueIds;
      const standing = (id: string) =>
        entitled.noRightIds.includes(id) ? 'noRight' : entitled.excludedIds.includes(id) ? 'excluded' : 'due';
      voters = roster.map((m) => ({
        personId: m.personId,
        name: m.name,
        status: m.status,
        standing: standing(m.personId) as 'due' | 'noRight' | 'excluded',
      }));
    }
    const due = new Set(dueIds);
    const present = [...new Set(body.presentVoterIds)].filter((id) => due.has(id)).length;
    const quorum = checkElectionQuorum(dueIds.length, present, policy);
    return {
      body: committee ? 'committee' : 'generalMeeting',
      voters,
      due: quorum.due,
      present: quorum.present,
      required: quorum.required,
      quorumMet: quorum.met,
      explanation: quorum.explanation,
      explanationEn: quorum.explanationEn,
    };
  }
}
