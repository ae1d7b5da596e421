import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Steps,
  Tag,
  TreeSelect,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, commandHeaders, downloadFile, openAuthorizedPage, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { DateInput, dateItemProps } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatDate } from '../../lib/dates';
import { applyFieldErrors } from '../../lib/form-errors';
import { settlesIntent, useIdempotencyKey } from '../../lib/idempotency';
import { orgTreeData, useOrgTree } from '../../lib/lookups';
import { useDossier, type CaseView } from '../cases/case.queries';
import type { MessageKey } from '../../i18n/zh-CN';

/**
 * 发展党员 25 steps by stage, with each step's date and the rule it satisfied (the dossier the API builds), the dossier
 * PDF, and transfer / change of contacts (the API answers where they are not allowed).
 */
export function AdmissionProgress({ caseView }: { caseView: CaseView }) {
  const { t, pick, locale } = useI18n();
  const dossier = useDossier(caseView.caseId, true);
  const [error, setError] = useState<unknown>(null);
  const d = dossier.data;
  if (!d) return <ProblemAlert error={dossier.error} />;
  const current = d.steps.findIndex((s) => s.status === 'open');
  return (
    <Card
      size="small"
      title={t('case.progress')}
      data-testid="admission-progress"
      extra={
        <Space wrap>
          <Button
            onClick={() =>
              void openAuthorizedPage(`/api/admission-cases/${encodeURIComponent(caseView.caseId)}/dossier.html`).catch(
                setError,
              )
            }
          >
            {t('dev.dossier')}
          </Button>
          <Button
            onClick={() =>
              void downloadFile(
                `/api/admission-cases/${encodeURIComponent(caseView.caseId)}/dossier.pdf`,
                `${d.person.name}-纪实.pdf`,
              ).catch(setError)
            }
          >
            {t('dev.dossierPdf')}
          </Button>
        </Space>
      }
    >
      <ProblemAlert error={error} />
      {d.flags.length ? (
        <Space wrap style={{ marginBottom: 8 }}>
          {t('dev.flags')}：
          {d.flags.map((f) => (
            <Tag color="warning" key={f.code}>
              {pick(f.label, f.labelEn)}
            </Tag>
          ))}
        </Space>
      ) : null}
      <Collapse
        defaultActiveKey={[String(d.steps[current]?.stage ?? 1)]}
        items={d.stages.map((stage) => ({
          key: String(stage.stage),
          label: `${stage.stage}. ${pick(stage.name, stage.nameEn)}`,
          children: (
            <Steps
              orientation="vertical"
              size="small"
              current={-1}
              items={d.steps
                .filter((s) => s.stage === stage.stage)
                .map((s) => ({
                  title: `${s.number}. ${pick(s.name, s.nameEn)}`,
                  status: s.status === 'done' ? 'finish' : s.status === 'open' ? 'process' : 'wait',
                  content: (
                    <div style={{ fontSize: 12 }}>
                      {s.date ? <div>{formatDate(s.date, locale)}</div> : null}
                      {s.actor ? <div>{s.actor.name}</div> : null}
                      <div style={{ color: '#666' }}>
                        {t('dev.rule')}：{s.rule}
                      </div>
                      {s.evidenceWithheld ? <div>{t('attach.withheld', { count: s.evidenceWithheld })}</div> : null}
                    </div>
                  ),
                }))}
            />
          ),
        }))}
      />
      {caseView.status === 'active' ? (
        <Space wrap style={{ marginTop: 8 }}>
          <TransferButton caseId={caseView.caseId} />
          <ContactsButton caseView={caseView} />
        </Space>
      ) : null}
    </Card>
  );
}

function useAdmissionCommand(caseId: string, kind: 'transfer' | 'contacts') {
  const client = useQueryClient();
  return useMutation({
    scope: { id: `case:${caseId}` },
    mutationFn: async ({ body, key }: { body: Record<string, unknown>; key: string }): Promise<unknown> =>
      kind === 'transfer'
        ? unwrap(
            api.POST('/api/admission-cases/{caseId}/transfer', {
              params: { path: { caseId } },
              body: body as never,
              headers: commandHeaders(key),
            }),
          )
        : unwrap(
            api.POST('/api/admission-cases/{caseId}/contacts', {
              params: { path: { caseId } },
              body: body as never,
              headers: commandHeaders(key),
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] }),
  });
}

function CommandModal({
  title,
  open,
  onClose,
  kind,
  caseId,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  kind: 'transfer' | 'contacts';
  caseId: string;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const command = useAdmissionCommand(caseId, kind);
  const idem = useIdempotencyKey();
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={command.isPending}
      onCancel={onClose}
      onOk={() => {
        void (async () => {
          const body = (await form.validateFields()) as Record<string, unknown>;
          try {
            await command.mutateAsync({ body, key: idem.key() });
            idem.settle();
            void message.success(title);
            onClose();
          } catch (e) {
            if (settlesIntent(e)) idem.settle();
            if (e instanceof ApiError) applyFieldErrors(form, e);
          }
        })();
      }}
    >
      <Form form={form} layout="vertical" onValuesChange={() => idem.settle()}>
        {children}
      </Form>
      <ProblemAlert error={command.error} />
    </Modal>
  );
}

function TransferButton({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const tree = useOrgTree();
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('dev.transfer')}</Button>
      <CommandModal
        title={t('dev.transfer')}
        open={open}
        onClose={() => setOpen(false)}
        kind="transfer"
        caseId={caseId}
      >
        <Form.Item name="toOrgId" label={t('dev.toOrg')} rules={[{ required: true }]}>
          <TreeSelect treeData={orgTreeData(tree.data) as never} treeDefaultExpandAll aria-label={t('dev.toOrg')} />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('dev.effectiveDate')} rules={[{ required: true }]} {...dateItemProps}>
          <DateInput aria-label={t('dev.effectiveDate')} />
        </Form.Item>
        <Form.Item name="postponeMonths" label={t('dev.postponeMonths')}>
          <InputNumber min={0} precision={0} aria-label={t('dev.postponeMonths')} />
        </Form.Item>
        <Form.Item name="reason" label={t('dev.reason')} rules={[{ required: true }]}>
          <Input aria-label={t('dev.reason')} />
        </Form.Item>
        <Form.Item name="documentNo" label={t('dev.documentNo')}>
          <Input aria-label={t('dev.documentNo')} />
        </Form.Item>
      </CommandModal>
    </>
  );
}

function ContactsButton({ caseView }: { caseView: CaseView }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const roster = useRosterOptions(caseView.orgId, open);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('dev.contacts')}</Button>
      <CommandModal
        title={t('dev.contacts')}
        open={open}
        onClose={() => setOpen(false)}
        kind="contacts"
        caseId={caseView.caseId}
      >
        <Form.Item name="contactIds" label={t('dev.newContacts')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={roster}
            aria-label={t('dev.newContacts')}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('dev.reason')} rules={[{ required: true }]}>
          <Input aria-label={t('dev.reason')} />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('dev.effectiveDate')} {...dateItemProps}>
          <DateInput aria-label={t('dev.effectiveDate')} />
        </Form.Item>
      </CommandModal>
    </>
  );
}

export function useRosterOptions(orgId: string | undefined, enabled = true) {
  const { t } = useI18n();
  const roster = useQuery({
    queryKey: ['rosters', orgId],
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/roster', { params: { path: { orgId: orgId! }, query: {} } })),
    enabled: enabled && !!orgId,
  });
  return (roster.data?.members ?? []).map((m) => ({
    value: m.personId,
    label: `${m.name}（${t(`member.${m.status}` as MessageKey)}）`,
  }));
}
