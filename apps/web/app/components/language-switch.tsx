import { Form, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { languages } from '@stationdesk/i18n';

/** A plain form per language, so switching works before (or without) scripts. */
export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <div className={`flex items-center gap-1 text-sm ${className}`} role="group" aria-label={t('shell.language')}>
      {languages.map((lng) => (
        <Form method="post" action="/set-language" key={lng} reloadDocument>
          <input type="hidden" name="lang" value={lng} />
          <input type="hidden" name="next" value={location.pathname + location.search} />
          <button
            type="submit"
            lang={lng}
            aria-pressed={i18n.language === lng}
            className={`rounded px-2 py-1 ${i18n.language === lng ? 'bg-slate-200 font-medium' : 'hover:bg-slate-100'}`}
          >
            {t(`languages.${lng}`)}
          </button>
        </Form>
      ))}
    </div>
  );
}
