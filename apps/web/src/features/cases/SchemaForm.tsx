import { Button, Card, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { DateInput, dateItemProps } from '../../components/DateField';
import { useI18n } from '../../i18n/i18n';

/** The subset of JSON Schema that libs/contracts/step-forms.contract.ts produces (z.toJSONSchema). */
export interface FieldSchema {
  type?: string | string[];
  format?: string;
  enum?: string[];
  title?: string;
  titleEn?: string;
  widget?: string;
  description?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  minimum?: number;
  maximum?: number;
}

export interface PersonOption {
  personId: string;
  name: string;
}

type Path = (string | number)[];

/**
 * A form generated from the step's schema: one control per field, chosen by `widget` (person pickers over the roster
 * the API names, dates as YYYY-MM-DD strings, counts, selects for enums, lists for arrays). The schema gives shape and
 * labels only; the API judges the values.
 */
export function SchemaFields({
  schema,
  people,
  base = [],
}: {
  schema: FieldSchema;
  people: PersonOption[];
  base?: Path;
}) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, field]) => (
        <SchemaField key={name} name={[...base, name]} field={field} required={required.has(name)} people={people} />
      ))}
    </>
  );
}

function SchemaField({
  name,
  field,
  required,
  people,
  listName,
}: {
  name: Path;
  field: FieldSchema;
  required: boolean;
  people: PersonOption[];
  /** inside Form.List: the item-relative name */
  listName?: Path;
}) {
  const { t, pick } = useI18n();
  const label = pick(field.title ?? String(name[name.length - 1]), field.titleEn);
  const itemName = listName ?? name;
  const rules = required ? [{ required: true, message: t('common.required') }] : [];
  const personOptions = people.map((p) => ({ value: p.personId, label: `${p.name}（${p.personId}）` }));
  const type = Array.isArray(field.type) ? field.type.find((x) => x !== 'null') : field.type;

  if (field.widget === 'person') {
    return (
      <Form.Item name={itemName} label={label} rules={rules}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={personOptions} aria-label={label} allowClear />
      </Form.Item>
    );
  }
  if (field.widget === 'persons' || (type === 'array' && field.items?.type === 'string')) {
    return (
      <Form.Item name={itemName} label={label} rules={rules}>
        <Select
          mode={field.widget === 'persons' ? 'multiple' : 'tags'}
          showSearch={{ optionFilterProp: 'label' }}
          options={field.widget === 'persons' ? personOptions : []}
          aria-label={label}
        />
      </Form.Item>
    );
  }
  if (field.format === 'date' || field.widget === 'date') {
    return (
      <Form.Item name={itemName} label={label} rules={rules} {...dateItemProps}>
        <DateInput aria-label={label} />
      </Form.Item>
    );
  }
  if (field.enum) {
    return (
      <Form.Item name={itemName} label={label} rules={rules}>
        <Select aria-label={label} options={field.enum.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
    );
  }
  if (type === 'boolean') {
    return (
      <Form.Item name={itemName} label={label} valuePropName="checked">
        <Switch aria-label={label} />
      </Form.Item>
    );
  }
  if (type === 'integer' || type === 'number') {
    return (
      <Form.Item name={itemName} label={label} rules={rules}>
        <InputNumber aria-label={label} style={{ width: '100%' }} precision={type === 'integer' ? 0 : undefined} />
      </Form.Item>
    );
  }
  if (type === 'array' && field.items?.properties) {
    const itemSchema = field.items;
    const itemRequired = new Set(itemSchema.required ?? []);
    return (
      <Form.Item label={label} required={required}>
        <Form.List name={itemName} initialValue={required ? [{}] : []}>
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <Card
                  key={row.key}
                  size="small"
                  extra={
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={`${t('decision.remove')} ${row.name + 1}`}
                      onClick={() => remove(row.name)}
                    />
                  }
                >
                  {Object.entries(itemSchema.properties ?? {}).map(([sub, subField]) => (
                    <SchemaField
                      key={sub}
                      name={[...name, row.name, sub]}
                      listName={[row.name, sub]}
                      field={subField}
                      required={itemRequired.has(sub)}
                      people={people}
                    />
                  ))}
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('decision.add')} {label}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    );
  }
  if (type === 'object' && field.properties) {
    return (
      <Card size="small" title={label} style={{ marginBottom: 12 }}>
        <SchemaFields schema={field} people={people} base={name} />
      </Card>
    );
  }
  return (
    <Form.Item name={itemName} label={label} rules={rules}>
      {field.widget === 'textarea' ? <Input.TextArea rows={3} aria-label={label} /> : <Input aria-label={label} />}
    </Form.Item>
  );
}
