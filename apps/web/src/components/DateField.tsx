import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** Props for Form.Item so the form value stays a `YYYY-MM-DD` string (never a Date; antd#23007). */
export const dateItemProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  getValueFromEvent: (value: dayjs.Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

export function DateInput(props: React.ComponentProps<typeof DatePicker>) {
  return <DatePicker style={{ width: '100%' }} {...props} />;
}
