"use client";
// Review keys: Enter accept, R reject, C correct, J/K next/previous, O overlay style, M (hold)
// hide the mask, L click markers, ,/. opacity, F fit, +/- zoom, arrows pan, X compare, ? help.
import { useEffect, useRef } from "react";

export interface ReviewShortcutActions {
  accept(): void;
  reject(): void;
  correct(): void;
  next(): void;
  previous(): void;
  cycleOverlay(): void;
  hideMask(hidden: boolean): void;
  toggleClicks(): void;
  opacity(delta: number): void;
  fit(): void;
  zoom(factor: number): void;
  pan(dx: number, dy: number): void;
  compare(): void;
  toggleHelp(): void;
}

export const REVIEW_SHORTCUTS: [string, string][] = [
  ["Enter", "Accept the mask"],
  ["R", "Reject with a reason"],
  ["C", "Correct the mask (workspace tools)"],
  ["J / K", "Next / previous submission"],
  ["O", "Fill / outline / both"],
  ["M (hold)", "Hide the mask"],
  ["L", "Show / hide the annotator's clicks"],
  [", / .", "Mask opacity"],
  ["X", "Show the other annotator's mask (consensus)"],
  ["F · + / − · arrows", "Fit · zoom · pan"],
  ["?", "This help"],
];

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function useReviewShortcuts(actions: ReviewShortcutActions, enabled: boolean) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if ((e.key === "Enter" || e.key === " ") && e.target instanceof HTMLButtonElement) return;
      const a = ref.current;
      const handled = (() => {
        switch (e.key) {
          case "Enter": a.accept(); return true;
          case "r": case "R": a.reject(); return true;
          case "c": case "C": a.correct(); return true;
          case "j": case "J": a.next(); return true;
          case "k": case "K": a.previous(); return true;
          case "o": case "O": a.cycleOverlay(); return true;
          case "m": case "M": if (!e.repeat) a.hideMask(true); return true;
          case "l": case "L": a.toggleClicks(); return true;
          case ",": a.opacity(-0.1); return true;
          case ".": a.opacity(0.1); return true;
          case "x": case "X": a.compare(); return true;
          case "f": case "F": a.fit(); return true;
          case "+": case "=": a.zoom(1.25); return true;
          case "-": case "_": a.zoom(0.8); return true;
          case "ArrowLeft": a.pan(60, 0); return true;
          case "ArrowRight": a.pan(-60, 0); return true;
          case "ArrowUp": a.pan(0, 60); return true;
          case "ArrowDown": a.pan(0, -60); return true;
          case "?": a.toggleHelp(); return true;
          default: return false;
        }
      })();
      if (handled) e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === "m" || e.key === "M") ref.current.hideMask(false);
    };
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener("keyup", onKeyUp);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener("keyup", onKeyUp);
    };
  }, [enabled]);
}
