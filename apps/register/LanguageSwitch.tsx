import { useTranslation } from 'react-i18next';
import { credentials } from '../shared/api.ts';
import { LANGUAGES, rememberLanguage, rememberPendingLanguage } from '../shared/i18n.ts';
import { Segmented } from '../shared/ui/ui.tsx';

/** Indonesian / English; remembered for the signed-in person on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value = i18n.language === 'id' ? 'id' : 'en';
  return (
    <Segmented
      label={t('top.language')}
      value={value}
      onChange={(lang) => {
        void i18n.changeLanguage(lang);
        const who = credentials.session?.membershipId;
        if (who) {
          rememberLanguage(who, lang);
        } else {
          rememberPendingLanguage(lang);
        }
      }}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.code.toUpperCase() }))}
    />
  );
}
