import type { SVGProps } from "react";

// Workspace tool icons (24px grid, stroke), inlined like the app's other icons.
type P = SVGProps<SVGSVGElement>;
function Icon({ children, ...props }: P) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
      {children}
    </svg>
  );
}

export const SmartIcon = (p: P) => <Icon {...p}><path d="m9 9 10 3.5-4.2 1.6L13 18.5z" /><path d="M5 3.5 6 6M3.5 5 6 6M9.5 3 9 5.5M3 9.5 5.5 9" /></Icon>;
export const BrushIcon = (p: P) => <Icon {...p}><path d="M18.4 3.6a2 2 0 0 1 2.8 2.8L12 15.6 9.2 12.8z" /><path d="M8.5 14c-2 0-3.5 1.5-3.5 3.5 0 1-.7 2-2 2.5 3.5 1 8 .5 8-3.5z" /></Icon>;
export const EraserIcon = (p: P) => <Icon {...p}><path d="m7 20-3.3-3.3a1.5 1.5 0 0 1 0-2.1l9.6-9.6a1.5 1.5 0 0 1 2.1 0l4.6 4.6a1.5 1.5 0 0 1 0 2.1L12 20z" /><path d="M7 20h13M9 11l5.5 5.5" /></Icon>;
export const UndoIcon = (p: P) => <Icon {...p}><path d="M9 14 4 9l5-5" /><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" /></Icon>;
export const RedoIcon = (p: P) => <Icon {...p}><path d="m15 14 5-5-5-5" /><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13" /></Icon>;
export const TrashIcon = (p: P) => <Icon {...p}><path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" /></Icon>;
export const FitIcon = (p: P) => <Icon {...p}><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" /></Icon>;
export const KeyboardIcon = (p: P) => <Icon {...p}><rect x="2.5" y="6" width="19" height="12" rx="2" /><path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" /></Icon>;
export const OutlineIcon = (p: P) => <Icon {...p}><path d="M7 13.5c0-3.6 2.3-6.5 5.3-6.5 2.9 0 4.7 2.2 4.7 5 0 3.4-2.6 5.5-5.6 5.5C8.8 17.5 7 15.9 7 13.5Z" strokeDasharray="2.5 2" /></Icon>;
export const FillIcon = (p: P) => <Icon {...p}><path d="M7 13.5c0-3.6 2.3-6.5 5.3-6.5 2.9 0 4.7 2.2 4.7 5 0 3.4-2.6 5.5-5.6 5.5C8.8 17.5 7 15.9 7 13.5Z" fill="currentColor" fillOpacity={0.35} /></Icon>;
export const SunIcon = (p: P) => <Icon {...p}><circle cx="12" cy="12" r="4" /><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" /></Icon>;
export const ContrastIcon = (p: P) => <Icon {...p}><circle cx="12" cy="12" r="8.5" /><path d="M12 3.5v17a8.5 8.5 0 0 0 0-17z" fill="currentColor" /></Icon>;
export const ArrowLeftIcon = (p: P) => <Icon {...p}><path d="M19 12H5M11 6l-6 6 6 6" /></Icon>;
