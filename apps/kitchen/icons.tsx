// The display's few icons (inline SVG: a TV browser may have no emoji font).
const icon = (d: string) =>
  function Icon() {
    return (
      <svg
        width="22"
        height="22"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <path d={d} />
      </svg>
    );
  };
export const BellIcon = icon('M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0');
export const BellOffIcon = icon(
  'M8.7 3A6 6 0 0 1 18 8c0 2.3.5 4 1.1 5.3M17 17H3s3-2 3-9c0-.7.1-1.4.4-2M10.3 21a1.94 1.94 0 0 0 3.4 0M2 2l20 20',
);
export const RecallIcon = icon('M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11');
