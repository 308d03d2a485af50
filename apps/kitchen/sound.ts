// The chime on a new ticket and the alarm on a late one (Web Audio: no sound files). Browsers
// start audio only after a user gesture, so the display asks for one tap ("tap to enable sound").
import { prefs } from './session.ts';

let ctx: AudioContext | null = null;
let lastChime = 0;
const listeners = new Set<() => void>();

export const sound = {
  /** The person's choice on this screen (on unless turned off). */
  wanted(): boolean {
    return prefs.get('sound') !== 'off';
  },
  /** Audio may play now (a gesture unlocked it). */
  ready(): boolean {
    return ctx?.state === 'running';
  },
  setWanted(on: boolean): void {
    prefs.set('sound', on ? 'on' : 'off');
    if (on) {
      this.unlock();
    }
    listeners.forEach((l) => l());
  },
  /** Call from a user gesture: creates or resumes the audio context. */
  unlock(): void {
    try {
      ctx ??= new AudioContext();
      void ctx.resume().then(() => listeners.forEach((l) => l()));
    } catch {
      // No Web Audio (an old TV browser): the display still works, silently.
    }
  },
  onChange(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  /** Two rising tones; at most one chime a second (a burst after a reconnect rings once). */
  chime(): void {
    const now = Date.now();
    if (now - lastChime < 1000) {
      return;
    }
    lastChime = now;
    tones([880, 1320], 0.16);
  },
  /** Three short low beeps: a ticket just turned late. */
  alarm(): void {
    tones([440, 440, 440], 0.12);
  },
};

function tones(freqs: number[], length: number): void {
  if (!sound.wanted() || !ctx || ctx.state !== 'running') {
    return;
  }
  const start = ctx.currentTime;
  freqs.forEach((f, i) => {
    const osc = ctx!.createOscillator();
    const gain = ctx!.createGain();
    const at = start + i * (length + 0.05);
    osc.type = 'sine';
    osc.frequency.value = f;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    osc.connect(gain).connect(ctx!.destination);
    osc.start(at);
    osc.stop(at + length + 0.02);
  });
}
