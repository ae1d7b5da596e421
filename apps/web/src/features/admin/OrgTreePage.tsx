import { useState } from 'react';
import { Card, Col, Descriptions, Empty, Row, Spin, Table, Tag, Tree, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { formatDate } from '../../lib/dates';
import { flattenOrgs, useOrgTree, type OrgNode } from '../../lib/lookups';
import type { MessageKey } from '../../i18n/zh-CN';

function treeData(nodes: OrgNode[]): { key: string; title: string; children: ReturnType<typeof treeData> }[] {
  return nodes.map((n) => ({ key: n.id, title: n.name, children: treeData(n.children ?? []) }));
}

/** The organization tree; a node shows its record, committee and roster (roster readers only, RULES H-15). */
export default function OrgTreePage() {
  const { t, locale } = useI18n();
  const tree = useOrgTree();
  const [selected, setSelected] = useState<string | undefined>();
  const org = flattenOrgs(tree.data).find((o) => o.id === selected);
  const roster = useQuery({
    queryKey: ['rosters', selected],
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/roster', { params: { path: { orgId: selected! }, query: {} } })),
    enabled: !!selected,
  });
  const committee = useQuery({
    queryKey: ['committee', selected],
    queryFn: () => unwrap(api.GET('/api/orgs/{orgId}/committee', { params: { path: { orgId: selected! } } })),
    enabled: !!selected,
  });
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('nav.orgs')}
        </Typography.Title>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('nav.orgs')}>
          <ProblemAlert error={tree.error} />
          {/* rendered once the tree is loaded: defaultExpandAll applies to the first data only */}
          {tree.data ? (
            <Tree
              treeData={treeData(tree.data)}
              defaultExpandAll
              onSelect={(keys) => setSelected(keys[0] as string | undefined)}
              aria-label={t('nav.orgs')}
            />
          ) : (
            <Spin />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {org ? (
          <Card title={org.name}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('est.proposedType')}>
                {t(`orgType.${org.type}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('admin.termEnd')}>
                {formatDate(org.termStart, locale)} – {formatDate(org.termEnd, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.status')}>
                {t(`orgStatus.${org.status}` as MessageKey)}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('admin.committee')}
            </Typography.Title>
            <ProblemAlert error={committee.error} />
            <Table
              rowKey={(p) => `${p.personId}-${p.post}`}
              size="small"
              pagination={false}
              dataSource={committee.data?.posts ?? []}
              columns={[
                { title: t('el.voter'), dataIndex: 'name' },
                { title: t('vac.post'), key: 'post', render: (_, p) => t(`post.${p.post}` as MessageKey) },
                { title: t('admin.since'), key: 'since', render: (_, p) => formatDate(p.since, locale) },
              ]}
            />
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              {t('admin.roster')}
            </Typography.Title>
            <ProblemAlert error={roster.error} />
            <Table
              rowKey="personId"
              size="small"
              pagination={false}
              virtual
              scroll={{ y: 400, x: 400 }}
              dataSource={roster.data?.members ?? []}
              columns={[
                { title: t('el.voter'), dataIndex: 'name' },
                {
                  title: t('admin.memberStatus'),
                  key: 'status',
                  render: (_, m) => <Tag>{t(`member.${m.status}` as MessageKey)}</Tag>,
                },
                { title: t('admin.since'), key: 'since', render: (_, m) => formatDate(m.since, locale) },
              ]}
            />
          </Card>
        ) : (
          <Card>
            <Empty />
          </Card>
        )}
      </Col>
    </Row>
  );
}
