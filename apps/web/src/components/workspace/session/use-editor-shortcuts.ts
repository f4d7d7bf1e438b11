"use client";
// Keyboard-first: every action of the workspace has a key (see chrome/shortcuts.ts for the map
// shown in the help overlay).
import { useEffect, useRef } from "react";

export interface ShortcutActions {
  undo(): void;
  redo(): void;
  clear(): void;
  setTool(tool: "smart" | "paint" | "erase"): void;
  brush(delta: number): void;
  candidate(index: number): void;
  fit(): void;
  zoom(factor: number): void;
  pan(dx: number, dy: number): void;
  cycleOverlay(): void;
  hideMask(hidden: boolean): void;
  opacity(delta: number): void;
  resetAdjustments(): void;
  submit(): void;
  skip(): void;
  toggleHelp(): void;
  escape(): void;
}

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

export function useEditorShortcuts(actions: ShortcutActions, enabled: boolean) {
  const ref = useRef(actions);
  ref.current = actions;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (typingInField(e.target) || e.altKey) return;
      // A focused button already answers Enter and Space itself.
      if ((e.key === "Enter" || e.key === " ") && e.target instanceof HTMLButtonElement) return;
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key;
      const handled = (() => {
        if (mod) {
          if (key.toLowerCase() === "z") (e.shiftKey ? a.redo : a.undo)();
          else if (key.toLowerCase() === "y") a.redo();
          else return false;
          return true;
        }
        switch (key) {
          case "z": a.undo(); return true;
          case "Z": a.redo(); return true;
          case "Backspace":
          case "Delete": a.clear(); return true;
          case "v": case "V": a.setTool("smart"); return true;
          case "b": case "B": a.setTool("paint"); return true;
          case "e": case "E": a.setTool("erase"); return true;
          case "[": a.brush(-2); return true;
          case "]": a.brush(2); return true;
          case "1": case "2": case "3": a.candidate(Number(key) - 1); return true;
          case "f": case "F": a.fit(); return true;
          case "+": case "=": a.zoom(1.25); return true;
          case "-": case "_": a.zoom(0.8); return true;
          case "ArrowLeft": a.pan(60, 0); return true;
          case "ArrowRight": a.pan(-60, 0); return true;
          case "ArrowUp": a.pan(0, 60); return true;
          case "ArrowDown": a.pan(0, -60); return true;
          case "o": case "O": a.cycleOverlay(); return true;
          case "m": case "M": if (!e.repeat) a.hideMask(true); return true;
          case ",": a.opacity(-0.1); return true;
          case ".": a.opacity(0.1); return true;
          case "r": case "R": a.resetAdjustments(); return true;
          case "Enter": a.submit(); return true;
          case "s": case "S": a.skip(); return true;
          case "?": a.toggleHelp(); return true;
          case "Escape": a.escape(); return true;
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
