import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadImage, type UploadedImage } from './session.ts';

/**
 * A picture with its upload button: shows the current image (or an empty frame), uploads the
 * chosen file at once and hands back the stored image. Used for item pictures and receipt logos.
 */
export function ImageField({
  label,
  url,
  onUploaded,
  onError,
  size = 'md',
}: {
  /** Accessible name of the file input, e.g. "Picture of Kopi Susu". */
  label: string;
  url: string | null;
  onUploaded: (image: UploadedImage) => void | Promise<void>;
  onError: (e: unknown) => void;
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className={`image-field image-${size}`}>
      <div className="image-frame" aria-hidden={url ? undefined : 'true'}>
        {url ? <img src={url} alt={label} /> : <span className="muted small-text">{t('media.none')}</span>}
      </div>
      <label htmlFor={id} className={`btn btn-ghost image-button ${busy ? 'busy' : ''}`}>
        {busy ? t('media.uploading') : url ? t('media.change') : t('media.upload')}
      </label>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-label={label}
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) {
            return;
          }
          setBusy(true);
          void (async () => {
            try {
              await onUploaded(await uploadImage(file));
            } catch (err) {
              onError(err);
            } finally {
              setBusy(false);
            }
          })();
        }}
      />
    </div>
  );
}
