import { useTranslation } from 'react-i18next';
import { credentials } from '../shared/api.ts';
import { rememberLanguage, rememberPendingLanguage } from '../shared/i18n.ts';
import { LanguageSwitch as SharedLanguageSwitch } from '../shared/ui/sign-in.tsx';

/** Indonesian / English; remembered for the signed-in person on this device. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <SharedLanguageSwitch
      label={t('top.language')}
      remember={(lang) => {
        const who = credentials.session?.membershipId;
        if (who) {
          rememberLanguage(who, lang);
        } else {
          rememberPendingLanguage(lang);
        }
      }}
    />
  );
}
