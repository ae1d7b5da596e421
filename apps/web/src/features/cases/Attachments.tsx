import { useState } from 'react';
import { App, Button, Card, Progress, Select, Space, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { downloadFile, uploadWithProgress } from '../../api/client';
import type { components } from '../../api/schema';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../lib/dates';
import { useNames } from '../../lib/lookups';
import { caseKeys, useAttachments } from './case.queries';

type AttachmentView = components['schemas']['AttachmentViewDto'];

/**
 * The case's attachments: upload with progress (multipart, the step chosen), download through the API (the step-10
 * privacy rule is the API's: withheld files are simply not listed).
 */
export function Attachments({ caseId, steps, defaultStep }: { caseId: string; steps: string[]; defaultStep?: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const list = useAttachments(caseId);
  return (
    <AttachmentPanel
      title={t('case.attachments')}
      uploadUrl={`/api/cases/${encodeURIComponent(caseId)}/attachments`}
      field={{ name: 'step', label: t('attach.step') }}
      options={steps.map((s) => ({ value: s, label: s }))}
      defaultOption={defaultStep ?? steps[steps.length - 1]}
      items={list.data?.items ?? []}
      error={list.error}
      accept=".pdf,.jpg,.jpeg,.png,.ofd,.docx"
      hint={t('attach.types')}
      onUploaded={async () => {
        await client.invalidateQueries({ queryKey: caseKeys.attachments(caseId) });
        await client.invalidateQueries({ queryKey: caseKeys.dossier(caseId) });
      }}
    />
  );
}

/**
 * Files of one owner (a case, a meeting record) on the API's one upload path: the owner's text field first (a step, a
 * category), then the file, with progress; every refusal (size, type, right) is the API's, shown as it answered.
 */
export function AttachmentPanel(props: {
  title: string;
  uploadUrl: string;
  /** the multipart text field sent before the file, and the column showing it */
  field: { name: 'step' | 'category'; label: string };
  options: { value: string; label: string }[];
  defaultOption?: string;
  items: AttachmentView[];
  error?: unknown;
  accept: string;
  hint: string;
  /** upload hidden (a reader who may not add files) */
  readOnly?: boolean;
  onUploaded(): Promise<unknown>;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [choice, setChoice] = useState<string | undefined>(props.defaultOption);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const names = useNames(props.items.map((a) => a.uploadedBy));
  const labelOf = (value: string | null) => props.options.find((o) => o.value === value)?.label ?? value;

  const upload = async (file: File) => {
    setError(null);
    setPercent(0);
    const form = new FormData();
    if (choice) form.append(props.field.name, choice);
    form.append('file', file, file.name);
    try {
      await uploadWithProgress(props.uploadUrl, form, setPercent);
      void message.success(file.name);
      await props.onUploaded();
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };

  return (
    <Card title={props.title} size="small" data-testid="attachments">
      {props.readOnly ? null : (
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            aria-label={props.field.label}
            style={{ minWidth: 120 }}
            value={choice}
            onChange={setChoice}
            options={props.options}
          />
          <Upload showUploadList={false} accept={props.accept} customRequest={({ file }) => void upload(file as File)}>
            <Button icon={<UploadOutlined />} loading={percent !== null}>
              {t('attach.upload')}
            </Button>
          </Upload>
          <span style={{ color: '#666', fontSize: 12 }}>{props.hint}</span>
        </Space>
      )}
      {percent !== null ? <Progress percent={percent} size="small" aria-label={t('attach.upload')} /> : null}
      <ProblemAlert error={error ?? props.error} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={props.items}
        locale={{ emptyText: t('attach.none') }}
        columns={[
          {
            title: props.field.label,
            key: 'field',
            width: 90,
            render: (_, a) => labelOf(props.field.name === 'step' ? a.step : a.category),
          },
          { title: t('attach.name'), dataIndex: 'fileName', ellipsis: true },
          { title: t('attach.size'), key: 'size', width: 90, render: (_, a) => `${Math.ceil(a.sizeBytes / 1024)} KB` },
          { title: t('attach.uploadedBy'), key: 'by', width: 140, render: (_, a) => names(a.uploadedBy) },
          { title: t('attach.at'), key: 'at', width: 160, render: (_, a) => formatInstant(a.uploadedAt, locale) },
          {
            title: t('attach.download'),
            key: 'dl',
            width: 80,
            render: (_, a) => (
              <Button
                size="small"
                aria-label={`${t('attach.download')} ${a.fileName}`}
                onClick={() => void downloadFile(a.downloadUrl, a.fileName).catch(setError)}
              >
                {t('attach.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
