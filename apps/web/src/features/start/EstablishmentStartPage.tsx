import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Select, Space, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ApiError } from '../../api/errors';
import type { components } from '../../api/schema';
import { DateInput, dateItemProps } from '../../components/DateField';
import { useI18n } from '../../i18n/i18n';
import { orgTreeData, useDepartments, useOrgTree } from '../../lib/lookups';
import type { MessageKey } from '../../i18n/zh-CN';
import { StartForm } from './StartForm';

type Request = components['schemas']['EstablishmentRequestDto'];
const TYPES: Request['proposedType'][] = [
  'organCommittee',
  'generalBranch',
  'branch',
  'jointBranch',
  'temporaryBranch',
];

/**
 * The rule a 422 names → the field it is about. Display only: the API decided; the console places its answer (the
 * eligibility rules of RULES §B.1 count the roster, the surplus rule of §D.2 the slate).
 */
export function establishmentRuleField(error: ApiError): string | string[] | undefined {
  const { code, rule = '', numbers = {} } = error.problem;
  if (/^PROJECT_BRANCH/.test(code)) return ['workProject', 'end'];
  if (/^STANDING_/.test(code)) return 'standingSeats';
  if (/SLATE|SURPLUS|CANDIDATE/i.test(code) || 'candidates' in numbers || 'slate' in numbers) return 'slate';
  if (/SEAT|COMMITTEE/i.test(code) || 'committeeSeats' in numbers) return 'committeeSeats';
  if (/JUSTIF/i.test(code)) return 'belowThresholdJustification';
  if (/COVERED|JOINT/i.test(code)) return 'coveredUnits';
  if (/MEMBER|ROSTER/i.test(code) || 'fullMembers' in numbers || rule.includes('§B.1')) return 'rosterPersonIds';
  if (/PARTY_GROUP|DEPARTMENT/i.test(code)) return 'departmentId';
  return undefined;
}

/** The project period's two date fields left empty mean no work project, not a project without dates. */
function withoutEmptyProject(values: Request): Request {
  const { workProject, ...rest } = values;
  return workProject?.start || workProject?.end ? values : rest;
}

/** 新成立党组织请示 with every field of RULES §C.2. */
export default function EstablishmentStartPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Request>();
  const tree = useOrgTree();
  const departments = useDepartments();
  const parentOrgId = Form.useWatch('parentOrgId', form);
  const [rosterOrg, setRosterOrg] = useState<string | undefined>();
  const sourceOrg = rosterOrg ?? parentOrgId;
  const roster = useQuery({
    queryKey: ['rosters', sourceOrg],
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/roster', { params: { path: { orgId: sourceOrg! }, query: {} } })),
    enabled: !!sourceOrg,
  });
  const selected: string[] = Form.useWatch('rosterPersonIds', form) ?? [];
  const members = roster.data?.members ?? [];
  const chosen = members.filter((m) => selected.includes(m.personId));
  const full = chosen.filter((m) => m.status !== 'probationary').length;
  const options = members.map((m) => ({
    value: m.personId,
    label: `${m.name}（${t(`member.${m.status}` as MessageKey)}）`,
  }));
  const slateOptions = chosen.map((m) => ({ value: m.personId, label: m.name }));

  return (
    <StartForm<Request>
      title={t('start.establishment')}
      form={form}
      ruleField={establishmentRuleField}
      initialValues={{ proposedType: 'branch', committeeSeats: 0, positions: [], slate: [], coveredUnits: [] }}
      submit={async (values) => unwrap(api.POST('/api/cases/establishment', { body: withoutEmptyProject(values) }))}
    >
      <Form.Item name="name" label={t('est.name')} rules={[{ required: true }]}>
        <Input aria-label={t('est.name')} />
      </Form.Item>
      <Form.Item name="proposedType" label={t('est.proposedType')} rules={[{ required: true }]}>
        <Select
          aria-label={t('est.proposedType')}
          options={TYPES.map((v) => ({ value: v, label: t(`orgType.${v}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="parentOrgId" label={t('est.parentOrgId')} rules={[{ required: true }]}>
        <TreeSelect
          aria-label={t('est.parentOrgId')}
          treeData={orgTreeData(tree.data) as never}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
        />
      </Form.Item>
      <Form.Item name="departmentId" label={t('est.departmentId')} rules={[{ required: true }]}>
        <Select
          aria-label={t('est.departmentId')}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
      </Form.Item>
      <Form.Item name="unitName" label={t('est.unitName')} rules={[{ required: true }]}>
        <Input aria-label={t('est.unitName')} />
      </Form.Item>
      <Form.Item name="natureOfWork" label={t('est.natureOfWork')} rules={[{ required: true }]}>
        <Input aria-label={t('est.natureOfWork')} />
      </Form.Item>
      <Form.Item name="staffHeadcount" label={t('est.staffHeadcount')} rules={[{ required: true }]}>
        <InputNumber aria-label={t('est.staffHeadcount')} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form.Item label={t('est.rosterOrg')}>
          <TreeSelect
            aria-label={t('est.rosterOrg')}
            treeData={orgTreeData(tree.data) as never}
            treeDefaultExpandAll
            value={sourceOrg}
            onChange={setRosterOrg}
          />
        </Form.Item>
        <Form.Item
          name="rosterPersonIds"
          label={t('est.rosterPersonIds')}
          rules={[{ required: true }]}
          extra={
            <span data-testid="roster-counts">
              {t('est.rosterCounts', { total: chosen.length, full, probationary: chosen.length - full })}
            </span>
          }
        >
          <Select
            mode="multiple"
            aria-label={t('est.rosterPersonIds')}
            options={options}
            loading={roster.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Button
          size="small"
          onClick={() =>
            form.setFieldValue(
              'rosterPersonIds',
              members.map((m) => m.personId),
            )
          }
        >
          ✓ {members.length}
        </Button>
      </Card>
      <Form.Item name="legalBasis" label={t('est.legalBasis')} rules={[{ required: true }]}>
        <Input aria-label={t('est.legalBasis')} />
      </Form.Item>
      <Form.Item name="reasons" label={t('est.reasons')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} aria-label={t('est.reasons')} />
      </Form.Item>
      <Form.Item name="committeeSeats" label={t('est.committeeSeats')} rules={[{ required: true }]}>
        <InputNumber aria-label={t('est.committeeSeats')} precision={0} min={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="standingSeats" label={t('est.standingSeats')}>
        <InputNumber aria-label={t('est.standingSeats')} precision={0} min={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="positions" label={t('est.positions')}>
        <Select mode="tags" aria-label={t('est.positions')} />
      </Form.Item>
      <Form.Item label={t('est.slate')}>
        <Form.List name="slate">
          {(rows, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <Space key={row.key} wrap align="baseline">
                  <Form.Item name={[row.name, 'personId']} rules={[{ required: true }]} noStyle>
                    <Select
                      style={{ width: 180 }}
                      aria-label={`${t('est.candidate')} ${row.name + 1}`}
                      options={slateOptions}
                      showSearch={{ optionFilterProp: 'label' }}
                      onChange={(id: string) =>
                        form.setFieldValue(['slate', row.name, 'name'], members.find((m) => m.personId === id)?.name)
                      }
                    />
                  </Form.Item>
                  <Form.Item name={[row.name, 'name']} rules={[{ required: true }]} noStyle>
                    <Input style={{ width: 110 }} aria-label={`${t('est.candidateName')} ${row.name + 1}`} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'surnameStrokes']} noStyle>
                    <InputNumber
                      style={{ width: 110 }}
                      min={1}
                      precision={0}
                      placeholder={t('est.surnameStrokes')}
                      aria-label={`${t('est.surnameStrokes')} ${row.name + 1}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={`${t('decision.remove')} ${row.name + 1}`}
                    onClick={() => remove(row.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('decision.add')} {t('est.candidate')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="coveredUnits" label={t('est.coveredUnits')}>
        <Select mode="tags" aria-label={t('est.coveredUnits')} />
      </Form.Item>
      <Form.Item
        name="plannedElectionDate"
        label={t('est.plannedElectionDate')}
        rules={[{ required: true }]}
        {...dateItemProps}
      >
        <DateInput aria-label={t('est.plannedElectionDate')} />
      </Form.Item>
      <Form.Item label={t('est.workProject')} extra={t('est.workProjectHint')}>
        <Space wrap>
          <Form.Item name={['workProject', 'start']} noStyle {...dateItemProps}>
            <DateInput aria-label={t('est.workProjectStart')} />
          </Form.Item>
          <Form.Item name={['workProject', 'end']} noStyle {...dateItemProps}>
            <DateInput aria-label={t('est.workProjectEnd')} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="belowThresholdJustification" label={t('est.belowThresholdJustification')}>
        <Input.TextArea rows={2} aria-label={t('est.belowThresholdJustification')} />
      </Form.Item>
      <Typography.Text type="secondary">RULES §C.2</Typography.Text>
    </StartForm>
  );
}
