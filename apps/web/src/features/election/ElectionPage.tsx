import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ApiError } from '../../api/errors';
import { DateInput } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatDate, todayInChina } from '../../lib/dates';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';
import { useNames } from '../../lib/lookups';
import type { MessageKey } from '../../i18n/zh-CN';
import dayjs from 'dayjs';
import { BallotGrid } from './BallotGrid';
import {
  useCloseRound,
  useElection,
  useOpenMeeting,
  useQuorumPreview,
  useReduceSeats,
  type ElectionRound,
  type ElectionState,
} from './election.queries';

type ExclusionReason = 'illness' | 'abroad6m' | 'sentenced' | 'bedridden' | 'away6m';
const EXCLUSION_REASONS: ExclusionReason[] = ['illness', 'abroad6m', 'sentenced', 'bedridden', 'away6m'];
/** The reasons whose exclusion the API checks against the day the absence began (`awaySince`, RULES §D.3). */
const AWAY_REASONS: ExclusionReason[] = ['abroad6m', 'away6m'];
type ExclusionEntry = { reason: ExclusionReason; approvalRef: string; awaySince?: string };

/** 选举大会: check-in with live quorum, ballot entry, tally with every count and the rule used, officers. */
export default function ElectionPage() {
  const { caseId: raw } = useParams();
  const caseId = decodeURIComponent(raw!);
  const { t, problemText } = useI18n();
  const election = useElection(caseId);
  const s = election.data;
  const personIds = useMemo(
    () => [
      ...(s?.candidates.map((c) => c.personId) ?? []),
      ...(s?.rounds.flatMap((r) => r.candidateIds) ?? []),
      s?.secretaryId,
      s?.deputyId,
    ],
    [s],
  );
  const names = useNames(personIds);
  const candidateName = (id: string) => s?.candidates.find((c) => c.personId === id)?.name ?? names(id);

  if (election.isLoading) return <Spin />;
  if (election.error instanceof ApiError && election.error.status === 404) {
    return <Result status="info" title={t('el.notStarted')} subTitle={problemText(election.error.problem)} />;
  }
  if (election.error || !s) return <ProblemAlert error={election.error} />;
  const open = s.rounds.find((r) => r.status === 'open');
  const checkIn = s.phase === 'awaitingMeeting' || s.phase === 'awaitingOfficersMeeting';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('el.title')}
      </Typography.Title>
      <Link to={`/cases/${encodeURIComponent(caseId)}`}>{t('common.back')}</Link>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('el.phase')}>
          <Tag
            color={s.phase === 'done' ? 'success' : s.phase === 'failed' ? 'error' : 'processing'}
            data-testid="election-phase"
          >
            {t(`phase.${s.phase}` as MessageKey)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('est.slate')}>
          {t('el.seats', { seats: s.seats })}：{s.candidates.map((c) => c.name).join('、')}
        </Descriptions.Item>
        {s.elected.length ? (
          <Descriptions.Item label={t('el.elected')}>
            <span data-testid="elected">{s.elected.map(candidateName).join('、')}</span>
          </Descriptions.Item>
        ) : null}
        {s.secretaryId ? (
          <Descriptions.Item label={t('post.secretary')}>
            {t('el.officers', {
              secretary: candidateName(s.secretaryId),
              deputy: s.deputyId ? candidateName(s.deputyId) : '—',
            })}
          </Descriptions.Item>
        ) : null}
        {s.failureReason ? <Descriptions.Item label={t('phase.failed')}>{s.failureReason}</Descriptions.Item> : null}
      </Descriptions>
      {s.meetings.map((m) => (
        <Alert
          key={m.meetingNo}
          type={m.quorumMet ? 'success' : 'warning'}
          showIcon
          title={`${formatDate(m.meetingDate, 'zh-CN')} · ${m.quorumMet ? t('el.quorumMet') : t('el.quorumNotMet')}`}
          description={
            <QuorumText due={m.due} present={m.present} required={m.required} zh={m.explanation} en={m.explanationEn} />
          }
        />
      ))}
      {checkIn ? <CheckIn caseId={caseId} state={s} name={candidateName} /> : null}
      {open ? <OpenRound caseId={caseId} round={open} name={candidateName} /> : null}
      {s.rounds
        .filter((r) => r.status === 'closed')
        .map((r, i) => (
          <TallyCard key={r.roundId} round={r} index={i + 1} name={candidateName} />
        ))}
    </Space>
  );
}

function QuorumText(q: { due: number; present: number; required: number; zh: string; en: string }) {
  const { t, pick } = useI18n();
  return (
    <div>
      <div data-testid="quorum-numbers">{t('el.quorum', { due: q.due, present: q.present, required: q.required })}</div>
      <div style={{ fontSize: 12 }}>{pick(q.zh, q.en)}</div>
    </div>
  );
}

function CheckIn({ caseId, state, name }: { caseId: string; state: ElectionState; name: (id: string) => string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [meetingDate, setMeetingDate] = useState(todayInChina());
  const [present, setPresent] = useState<string[]>([]);
  const [exclusions, setExclusions] = useState<Record<string, ExclusionEntry>>({});
  const [scrutineers, setScrutineers] = useState<string[]>([]);
  const [tellers, setTellers] = useState<string[]>([]);
  const [secretary, setSecretary] = useState<string | undefined>();
  const [deputy, setDeputy] = useState<string | undefined>();
  const officers = state.phase === 'awaitingOfficersMeeting';
  const exclusionList = Object.entries(exclusions)
    .filter(([, e]) => e.approvalRef.trim())
    .map(([personId, e]) => ({
      personId,
      reason: e.reason,
      approvalRef: e.approvalRef.trim(),
      // sent as entered: the API judges the six months against the meeting date (422 EXCLUSION_TOO_SHORT)
      ...(e.awaySince && AWAY_REASONS.includes(e.reason) ? { awaySince: e.awaySince } : {}),
    }));
  const preview = useQuorumPreview(caseId, { meetingDate, presentVoterIds: present, exclusions: exclusionList }, true);
  const openMeeting = useOpenMeeting(caseId);
  const idem = useIdempotencyKey();
  const q = preview.data;
  const voters = q?.voters ?? [];
  const presentVoters = voters.filter((v) => present.includes(v.personId));

  const editExclusion = (personId: string, change: Partial<ExclusionEntry>) => {
    idem.settle();
    setExclusions((old) => ({ ...old, [personId]: { ...old[personId]!, ...change } }));
  };

  const toggle = (id: string, on: boolean) => {
    idem.settle();
    setPresent((old) => (on ? [...new Set([...old, id])] : old.filter((x) => x !== id)));
  };

  const submit = async () => {
    try {
      const result = await openMeeting.mutateAsync({
        key: idem.key(),
        body: {
          meetingDate,
          presentVoterIds: present,
          scrutineerIds: scrutineers,
          tellerIds: tellers,
          exclusions: exclusionList,
          ...(officers && secretary
            ? { officerCandidates: { secretaryId: secretary, ...(deputy ? { deputyId: deputy } : {}) } }
            : {}),
        },
      });
      idem.settle();
      if (result.quorumMet) void message.success(t('el.quorumMet'));
      else void message.warning(t('el.quorumNotMet'));
    } catch (e) {
      if (settlesIntent(e)) idem.settle();
    }
  };

  return (
    <Card title={t('el.checkIn')} data-testid="check-in">
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="meeting-date">{t('el.meetingDate')}</label>
        <DateInput
          id="meeting-date"
          value={dayjs(meetingDate)}
          onChange={(d) => {
            if (d) setMeetingDate((d as dayjs.Dayjs).format('YYYY-MM-DD'));
          }}
          allowClear={false}
          style={{ width: 160 }}
        />
        <Button onClick={() => setPresent(voters.filter((v) => v.standing === 'due').map((v) => v.personId))}>
          {t('el.present')} ✓
        </Button>
      </Space>
      {q ? (
        <Alert
          type={q.quorumMet ? 'success' : 'warning'}
          showIcon
          aria-live="polite"
          title={q.quorumMet ? t('el.quorumMet') : t('el.quorumNotMet')}
          description={
            <QuorumText due={q.due} present={q.present} required={q.required} zh={q.explanation} en={q.explanationEn} />
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <ProblemAlert error={preview.error} />
      <Table
        rowKey="personId"
        size="small"
        pagination={false}
        virtual
        scroll={{ x: 790, y: 360 }}
        dataSource={voters}
        columns={[
          {
            title: t('el.present'),
            key: 'present',
            width: 70,
            render: (_, v) => (
              <Checkbox
                aria-label={`${t('el.present')} ${v.name}`}
                disabled={v.standing !== 'due'}
                checked={present.includes(v.personId)}
                onChange={(e) => toggle(v.personId, e.target.checked)}
              />
            ),
          },
          { title: t('el.voter'), dataIndex: 'name', width: 110 },
          {
            title: t('el.standing'),
            key: 'standing',
            width: 130,
            render: (_, v) => <Tag>{t(`standing.${v.standing}` as MessageKey)}</Tag>,
          },
          {
            title: t('el.exclude'),
            key: 'exclude',
            width: 480,
            render: (_, v) =>
              v.standing === 'noRight' ? null : (
                <Space.Compact style={{ width: '100%' }}>
                  <Select
                    aria-label={`${t('el.exclusionReason')} ${v.name}`}
                    allowClear
                    style={{ width: 150 }}
                    placeholder={t('el.exclusionReason')}
                    value={exclusions[v.personId]?.reason}
                    onChange={(reason?: ExclusionReason) => {
                      idem.settle();
                      setExclusions((old) => {
                        const next = { ...old };
                        if (!reason) delete next[v.personId];
                        else
                          next[v.personId] = {
                            ...old[v.personId],
                            reason,
                            approvalRef: old[v.personId]?.approvalRef ?? '',
                          };
                        return next;
                      });
                    }}
                    options={EXCLUSION_REASONS.map((r) => ({ value: r, label: t(`exReason.${r}` as MessageKey) }))}
                  />
                  <Input
                    aria-label={`${t('el.approvalRef')} ${v.name}`}
                    placeholder={t('el.approvalRef')}
                    disabled={!exclusions[v.personId]}
                    value={exclusions[v.personId]?.approvalRef ?? ''}
                    onChange={(e) => editExclusion(v.personId, { approvalRef: e.target.value })}
                  />
                  {exclusions[v.personId] && AWAY_REASONS.includes(exclusions[v.personId]!.reason) ? (
                    <DateInput
                      aria-label={`${t('el.awaySince')} ${v.name}`}
                      placeholder={t('el.awaySince')}
                      style={{ width: 150, flex: 'none' }}
                      value={exclusions[v.personId]!.awaySince ? dayjs(exclusions[v.personId]!.awaySince) : null}
                      onChange={(d) =>
                        editExclusion(v.personId, {
                          awaySince: d ? (d as dayjs.Dayjs).format('YYYY-MM-DD') : undefined,
                        })
                      }
                    />
                  ) : null}
                </Space.Compact>
              ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Select
          mode="multiple"
          style={{ minWidth: 200 }}
          placeholder={t('el.scrutineers')}
          aria-label={t('el.scrutineers')}
          value={scrutineers}
          onChange={setScrutineers}
          options={presentVoters.map((v) => ({ value: v.personId, label: v.name }))}
        />
        <Select
          mode="multiple"
          style={{ minWidth: 200 }}
          placeholder={t('el.tellers')}
          aria-label={t('el.tellers')}
          value={tellers}
          onChange={setTellers}
          options={presentVoters.map((v) => ({ value: v.personId, label: v.name }))}
        />
        {officers ? (
          <>
            <Select
              style={{ minWidth: 160 }}
              placeholder={t('el.secretaryNominee')}
              aria-label={t('el.secretaryNominee')}
              value={secretary}
              onChange={setSecretary}
              options={state.elected.map((id) => ({ value: id, label: name(id) }))}
            />
            <Select
              style={{ minWidth: 160 }}
              allowClear
              placeholder={t('el.deputyNominee')}
              aria-label={t('el.deputyNominee')}
              value={deputy}
              onChange={setDeputy}
              options={state.elected.map((id) => ({ value: id, label: name(id) }))}
            />
          </>
        ) : null}
        <Button type="primary" loading={openMeeting.isPending} onClick={() => void submit()} data-testid="open-meeting">
          {t('el.openMeeting')}
        </Button>
      </Space>
      <ProblemAlert error={openMeeting.error} />
    </Card>
  );
}

function OpenRound({ caseId, round, name }: { caseId: string; round: ElectionRound; name: (id: string) => string }) {
  const { t } = useI18n();
  const close = useCloseRound(caseId);
  const reduce = useReduceSeats(caseId);
  const closeKey = useIdempotencyKey();
  const reduceKey = useIdempotencyKey();
  const [issued, setIssued] = useState<number | null>(round.presentVoters);
  const [consent, setConsent] = useState<number | null>(null);
  return (
    <Card
      title={`${t(`roundKind.${round.kind}` as MessageKey)} · ${t('el.seats', { seats: round.seats })}`}
      data-testid="open-round"
    >
      <Typography.Paragraph data-testid="ballots-returned">
        {t('el.returned', { count: round.ballotsReturned })}
      </Typography.Paragraph>
      <BallotGrid
        key={round.roundId}
        caseId={caseId}
        roundId={round.roundId}
        candidates={round.candidateIds.map((id) => ({ personId: id, name: name(id) }))}
      />
      <Space wrap style={{ marginTop: 16 }}>
        <label htmlFor="ballots-issued">{t('el.ballotsIssued')}</label>
        <InputNumber id="ballots-issued" min={0} precision={0} value={issued} onChange={setIssued} />
        <Button
          type="primary"
          danger
          loading={close.isPending}
          data-testid="close-round"
          onClick={() =>
            void close
              .mutateAsync({ roundId: round.roundId, ballotsIssued: issued ?? 0, key: closeKey.key() })
              .then(closeKey.settle, (e: unknown) => {
                if (settlesIntent(e)) closeKey.settle();
              })
          }
        >
          {t('el.closeRound')}
        </Button>
      </Space>
      {round.kind === 'separate' ? (
        <Space wrap style={{ marginTop: 12 }}>
          <label htmlFor="consent-votes">{t('el.consentVotes')}</label>
          <InputNumber id="consent-votes" min={0} precision={0} value={consent} onChange={setConsent} />
          <Button
            loading={reduce.isPending}
            onClick={() =>
              void reduce
                .mutateAsync({ roundId: round.roundId, consentVotes: consent ?? 0, key: reduceKey.key() })
                .then(reduceKey.settle, (e: unknown) => {
                  if (settlesIntent(e)) reduceKey.settle();
                })
            }
          >
            {t('el.reduceSeats')}
          </Button>
        </Space>
      ) : null}
      <ProblemAlert error={close.error ?? reduce.error} />
    </Card>
  );
}

function TallyCard({ round, index, name }: { round: ElectionRound; index: number; name: (id: string) => string }) {
  const { t, locale } = useI18n();
  const tally = round.tally;
  if (!tally) return null;
  return (
    <Card
      size="small"
      title={`${t('el.tally')} · ${t('el.round', { n: index })} · ${t(`roundKind.${round.kind}` as MessageKey)}`}
      data-testid="tally"
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag>
          {t('el.issued')} {tally.ballotsIssued}
        </Tag>
        <Tag>
          {t('el.valid')} {tally.validBallots}
        </Tag>
        <Tag>
          {t('el.invalid')} {tally.invalidBallots}
        </Tag>
        <Tag color="blue">
          {t('el.threshold')} {tally.threshold}
        </Tag>
      </Space>
      <Table
        rowKey="personId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={tally.counts}
        columns={[
          { title: t('est.candidate'), key: 'n', render: (_, c) => name(c.personId) },
          { title: t('el.for'), dataIndex: 'forVotes' },
          { title: t('el.against'), dataIndex: 'againstVotes' },
          { title: t('el.abstain'), dataIndex: 'abstentions' },
          {
            title: t('el.elected'),
            key: 'e',
            render: (_, c) =>
              tally.elected.includes(c.personId) ? <Tag color="success">{t('el.elected')}</Tag> : null,
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8 }}>
        <strong>{t('el.rule')}：</strong>
      </Typography.Paragraph>
      <ul data-testid="tally-explanation">
        {(locale === 'en-US' ? tally.explanationEn : tally.explanation).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </Card>
  );
}
