import { data } from 'react-router';
import { useTranslation } from 'react-i18next';

// Unknown URLs get a real 404 page (without this catch-all React Router answers 500).
export function loader() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  const { t } = useTranslation();
  return <p>{t('errors.pageNotFound')}</p>;
}
